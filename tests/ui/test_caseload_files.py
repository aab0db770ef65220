"""File → New caseload…, Open caseload… and Open recent, from the window (file and passphrase
dialogs monkeypatched): the caseload open is closed and its claim let go; one that does not open
leaves the window on the caseload it had."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QFileDialog, QMessageBox

from chronology.caseload_lock import CaseloadLock
from chronology.model import ChildDetails
from chronology.store import Store
from ui.app import open_store
from ui.jobs import wait_for_jobs
from ui.passphrase_dialog import PassphraseDialog

FIRST, SECOND = "first caseload passphrase", "second caseload passphrase"


def answer_passphrase(monkeypatch, *answers):
    asked = []
    replies = list(answers)
    monkeypatch.setattr(PassphraseDialog, "get_passphrase", classmethod(
        lambda cls, creating, problem="", parent=None: asked.append(creating) or (replies.pop(0) if replies
                                                                                   else None)))
    return asked


def caseload(path, passphrase, ref):
    store = Store.open(path, "Worker", passphrase, create=True)
    store.add_child(ChildDetails(ref=ref, name=f"Child {ref}", dob=date(2016, 5, 2)))
    store.close()
    return path


def first_open(main_window, tmp_path, monkeypatch):
    path = caseload(tmp_path / "first.db", FIRST, "F1")
    answer_passphrase(monkeypatch, FIRST)
    assert open_store(main_window, path, "Worker") is None
    wait_for_jobs()
    return path


def test_opening_another_caseload_closes_this_one_and_remembers_both(qtbot, main_window, tmp_path, monkeypatch):
    first = first_open(main_window, tmp_path, monkeypatch)
    second = caseload(tmp_path / "second.db", SECOND, "S1")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(second), "")))
    answer_passphrase(monkeypatch, SECOND)
    main_window.ui_actions.open_caseload.trigger()
    wait_for_jobs()
    assert main_window.attached().path == second and [c.ref for c in main_window.attached().children()] == ["S1"]
    CaseloadLock(first).acquire().release()  # the first caseload's claim was let go
    assert main_window.settings.recent_caseloads()[:2] == [str(second), str(first)]
    main_window._fill_recent()  # File → Open recent, as the menu fills itself on showing
    (back,) = [a for a in main_window.recent_menu.actions() if str(first) in a.text()]
    answer_passphrase(monkeypatch, FIRST)
    back.trigger()
    wait_for_jobs()
    assert main_window.attached().path == first


def test_a_caseload_that_does_not_open_leaves_the_window_on_the_one_it_had(qtbot, main_window, tmp_path,
                                                                         monkeypatch):
    first = first_open(main_window, tmp_path, monkeypatch)
    second = caseload(tmp_path / "second.db", SECOND, "S1")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(second), "")))
    answer_passphrase(monkeypatch)  # the passphrase is not given: cancelled
    main_window.ui_actions.open_caseload.trigger()
    wait_for_jobs()
    assert main_window.attached().path == first and [c.ref for c in main_window.attached().children()] == ["F1"]
    assert "Still on first.db" in main_window.statusBar().currentMessage()
    CaseloadLock(second).acquire().release()  # and the other is not left claimed


def test_a_new_caseload_is_made_encrypted_and_empty(qtbot, main_window, tmp_path, monkeypatch):
    first_open(main_window, tmp_path, monkeypatch)
    made = tmp_path / "new caseload"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(made), "")))
    asked = answer_passphrase(monkeypatch, SECOND)
    main_window.ui_actions.new_caseload.trigger()
    wait_for_jobs()
    store = main_window.attached()
    assert asked == [True] and store.path == tmp_path / "new caseload.db" and store.children() == []
    assert Store.is_encrypted(store.path) and store.passphrase == SECOND


def test_a_new_caseload_is_never_made_over_a_file(qtbot, main_window, tmp_path, monkeypatch):
    first = first_open(main_window, tmp_path, monkeypatch)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(first), "")))
    said = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: said.append(text)))
    main_window.ui_actions.new_caseload.trigger()
    assert "never made over a file" in said[0] and main_window.attached().path == first
