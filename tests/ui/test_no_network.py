"""The program never opens a network connection: a whole session — open, edit, flags, timeline,
print to PDF, export — runs with every socket refused and every network event Python audits
watched; and no module of the program imports a networking module, Python's or Qt's."""
import ast
import socket
import sys
from pathlib import Path

from chronology.demo import generate
from chronology.interchange import export_csv
from tests.conftest import make_event
from ui.export_dialog import ExportDialog


def test_a_whole_session_opens_no_socket(qtbot, monkeypatch, main_window, store, tmp_path):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise AssertionError("Chronology tried to open a network connection")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    # Python's audit events see a socket opened by any module, in C or not, that the patches miss.
    audited = []
    watching = [True]

    def audit(event, args):
        if watching[0] and event.startswith(("socket.", "urllib.", "http.", "ftplib.", "smtplib.")):
            audited.append(event)
    sys.addaudithook(audit)  # (a hook cannot be removed: it is switched off at the end)
    socket.socket().close()  # the hook sees a socket made, so it would see the program's
    assert audited == ["socket.__new__"]
    audited.clear()

    generate(store, children=4, seed=9)
    workspace = main_window.attach(store)
    child = workspace.chronology.child
    assert child is not None
    store.add_event(make_event([child.id], "14/03/2017", summary="Edited during the session"))
    workspace.hub.announce(store.add_event(make_event([child.id], "15/03/2017"))[1])
    workspace.chronology.views.setCurrentIndex(1)  # the timeline
    if workspace.chronology.findings.model.items:
        workspace.chronology.findings.choose(0)
    dialog = ExportDialog(store, "Worker", child, False, workspace.rules)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.built is not None or "Could not" in dialog.status.text(), timeout=20000)
    assert dialog.built is not None, dialog.status.text()
    export_csv(store, (child.id,), tmp_path / "out.csv")
    watching[0] = False
    assert attempts == [] and audited == []


#: Modules that open network connections: Python's own, and Qt's.
NETWORKING = ("socket", "ssl", "http.client", "http.server", "urllib.request", "ftplib", "smtplib", "imaplib",
              "poplib", "xmlrpc.client", "xmlrpc.server", "socketserver", "asyncio", "requests", "httpx", "urllib3",
              "PySide6.QtNetwork", "PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtWebSockets",
              "PySide6.QtNetworkAuth")
PROGRAM = [Path(__file__).resolve().parents[2] / name for name in ("chronology", "ui")]


def networking_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                 [node.module] + [f"{node.module}.{a.name}" for a in node.names]
                 if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else [])
        found += [n for n in names if n in NETWORKING or n.startswith(tuple(f"{m}." for m in NETWORKING))]
    return found


def test_no_module_of_the_program_imports_a_networking_module():
    offenders = {str(path): networking_imports(path) for folder in PROGRAM for path in folder.rglob("*.py")}
    assert {path: found for path, found in offenders.items() if found} == {}


def test_the_import_check_can_fail(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import urllib.request\nfrom PySide6.QtNetwork import QNetworkAccessManager\n",
                      encoding="utf-8")
    assert networking_imports(sample) == ["urllib.request", "PySide6.QtNetwork",
                                          "PySide6.QtNetwork.QNetworkAccessManager"]
