"""The program never opens a network connection: a whole session — open, edit, flags, timeline,
print to PDF, export — runs with every socket refused."""
import socket

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

    generate(store, children=4, seed=9)
    workspace = main_window.attach(store)
    child = workspace.chronology.child
    assert child is not None
    store.add_event(make_event([child.id], "14/03/2017", summary="Edited during the session"))
    workspace.hub.announce(store.add_event(make_event([child.id], "15/03/2017"))[1])
    workspace.chronology.views.setCurrentIndex(1)  # the timeline
    if workspace.chronology.flags.model.items:
        workspace.chronology.flags.choose(0)
    dialog = ExportDialog(store, "Worker", child, False, workspace.rules)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.built is not None or "Could not" in dialog.status.text(), timeout=20000)
    assert dialog.built is not None, dialog.status.text()
    export_csv(store, (child.id,), tmp_path / "out.csv")
    assert attempts == []
