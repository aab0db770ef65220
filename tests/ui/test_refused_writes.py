"""A save the disk refuses: the worker is told why, nothing is half-saved, and the editor comes
back with everything they typed (modal dialogs monkeypatched)."""
from datetime import date

from PySide6.QtWidgets import QMessageBox

from chronology.model import ChildDetails
from tests.conftest import make_event
from ui.child_editor import ChildEditor
from ui.event_editor import EditorResult, EventEditor

LONG_TEXT = "Seen at home; the kitchen had no food in it. " * 4000


def fill_the_disk(store) -> None:
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")


def test_a_new_event_on_a_full_disk_keeps_the_typing(qtbot, workspace, store, siblings, monkeypatch):
    workspace.caseload.reload()
    workspace.caseload.select_child(siblings[0])
    typed = EditorResult(make_event([siblings[0]], summary=LONG_TEXT), "")
    offered = []

    def editor(cls, *args, draft=None, problem="", **kwargs):
        offered.append((draft, problem))
        return typed if len(offered) == 1 else None  # then the worker cancels, having read why
    monkeypatch.setattr(EventEditor, "get_details", classmethod(editor))
    said = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text: said.append(text)))
    fill_the_disk(store)
    workspace.ui_actions.new_event.trigger()
    assert len(said) == 1 and "the disk is full" in said[0]
    assert offered[1][0] == typed and "the disk is full" in offered[1][1]  # given back whole
    assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    assert workspace.undo_stack.count() == 0  # no phantom edit left to undo
    assert workspace.chronology.model.rowCount() == 0


def test_the_editor_shows_the_draft_and_the_reason(qtbot, store, siblings):
    child = store.child(siblings[0])
    draft = EditorResult(make_event([siblings[0]], summary="Was not brought to the dentist"), "")
    editor = EventEditor(store, child, [], draft=draft, problem="This was not saved: the disk is full.")
    qtbot.addWidget(editor)
    assert editor.summary.toPlainText() == "Was not brought to the dentist"
    assert "disk is full" in editor.error.text() and editor.windowTitle().startswith("New event")


def test_saving_after_space_is_freed_works(qtbot, workspace, store, monkeypatch):
    details = ChildDetails(ref="N1", name="Ava Hughes", dob=date(2015, 3, 1), disability=LONG_TEXT)
    answers = iter([details, details])

    def editor(cls, *args, draft=None, problem="", **kwargs):
        if draft is not None:  # the worker frees space, then saves the same typing again
            store.db.execute("PRAGMA max_page_count = 1073741823")
        return next(answers)
    monkeypatch.setattr(ChildEditor, "get_details", classmethod(editor))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda *a: None))
    fill_the_disk(store)
    workspace.ui_actions.new_child.trigger()
    assert [c.name for c in store.children()] == ["Ava Hughes"]
    assert workspace.undo_stack.count() == 1


def test_an_undo_the_disk_refuses_is_explained(qtbot, workspace, store, siblings, monkeypatch):
    workspace.caseload.reload()
    workspace.caseload.select_child(siblings[0])
    monkeypatch.setattr(EventEditor, "get_details", classmethod(
        lambda cls, *a, **k: EditorResult(make_event([siblings[0]]), "")))
    workspace.ui_actions.new_event.trigger()
    said = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text: said.append(text)))
    store.db.execute("PRAGMA busy_timeout = 0")
    from chronology.db import open_database
    other = open_database(store.path)
    other.execute("BEGIN IMMEDIATE")
    workspace.ui_actions.undo.trigger()
    other.execute("ROLLBACK")
    other.close()
    assert len(said) == 1 and "the file is busy" in said[0]
    assert not store.event(workspace.chronology.selected_event()).in_error  # still as it was


def test_a_read_only_caseload_warns_on_opening_and_keeps_the_typing(qtbot, main_window, tmp_path, monkeypatch):
    from chronology.store import Store
    from ui.app import open_store
    from ui.passphrase_dialog import PassphraseDialog
    path = tmp_path / "read-only.db"
    store = Store.open(path, "Worker", "a long passphrase", create=True)
    child_id, _ = store.add_child(ChildDetails(ref="A1", name="Ava Hughes", dob=date(2015, 1, 1)))
    store.close()
    path.chmod(0o444)
    monkeypatch.setattr(PassphraseDialog, "get_passphrase", classmethod(
        lambda cls, creating, problem="", parent=None: "a long passphrase"))
    warned, said, offered = [], [], []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: warned.append(text)))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda parent, title, text: said.append(text)))
    typed = EditorResult(make_event([child_id], summary="Was not brought to the dentist"), "")

    def editor(cls, *args, draft=None, problem="", **kwargs):
        offered.append((draft, problem))
        return typed if len(offered) == 1 else None
    monkeypatch.setattr(EventEditor, "get_details", classmethod(editor))
    try:
        assert open_store(main_window, path, "Worker") is None
        assert len(warned) == 1 and "is read-only" in warned[0]
        assert main_window.windowTitle().endswith("(read-only)")
        main_window.workspace.caseload.reload()
        main_window.workspace.caseload.select_child(child_id)
        main_window.ui_actions.new_event.trigger()
        assert "the file is read-only" in said[0]
        assert offered[1] == (typed, said[0])  # the editor comes back with the typing and the reason
        main_window.store.close()
    finally:
        path.chmod(0o644)
