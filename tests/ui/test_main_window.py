"""The whole window, with the modal dialogs monkeypatched to return what a worker would enter."""
from dataclasses import replace
from datetime import date

from chronology.model import ChildDetails
from tests.conftest import make_event
from ui.child_editor import ChildEditor
from ui.event_editor import EditorResult, EventEditor
from ui.history_dialog import HistoryDialog, version_html
from ui.reason_dialog import ReasonDialog


def rows(window) -> list[str]:
    model = window.chronology.model
    return [model.row_for(r).summary for r in range(model.rowCount())]


def test_empty_database_offers_the_demo(qtbot, window):
    assert window.pages.currentIndex() == 0
    window.actions.load_demo.trigger()
    qtbot.waitUntil(lambda: window.pages.currentIndex() == 1, timeout=20000)
    assert window.caseload.model.rowCount() > 3
    assert window.chronology.child is not None and window.chronology.model.rowCount() > 0


def test_add_a_child(qtbot, window, monkeypatch):
    details = ChildDetails(ref="N1", name="Zoë Łukasz Nguyễn", dob=date(2015, 3, 1), family="Nguyễn",
                           ethnicity="Any other ethnic group", first_language="Vietnamese")
    monkeypatch.setattr(ChildEditor, "get_details", classmethod(lambda cls, *a, **k: details))
    window.actions.new_child.trigger()
    assert window.pages.currentIndex() == 1
    assert window.chronology.child.name == "Zoë Łukasz Nguyễn"
    assert "Vietnamese" in window.chronology.header.text()
    window.actions.undo.trigger()
    assert window.caseload.model.rowCount() == 0
    window.actions.redo.trigger()
    assert window.caseload.model.rowCount() == 1


def test_add_event_filter_amend_history_undo(qtbot, window, store, siblings, monkeypatch):
    window.caseload.reload()
    window.caseload.select_child(siblings[0])
    assert window.chronology.child.id == siblings[0]
    store.add_event(make_event([siblings[0]], "2015", agency="School", role="DSL",
                               summary="Often late and hungry", categories=("neglect",)))
    window.hub.announce(replace(store.add_event(make_event([siblings[1]], "2016"))[1]))
    new = make_event(siblings, "14/03/2017", summary="Domestic abuse; both children present",
                     event_type="domestic_abuse_incident", rating="red")
    monkeypatch.setattr(EventEditor, "get_details", classmethod(lambda cls, *a, **k: EditorResult(new, "")))
    window.actions.new_event.trigger()
    assert rows(window) == ["Often late and hungry", "Domestic abuse; both children present"]
    event_id = window.chronology.selected_event()
    assert window.store.event(event_id).details.child_ids == tuple(sorted(siblings))

    # Filters narrow the table, in SQL.
    window.chronology.search.setText("hungry")
    window.chronology.apply_filter()
    assert rows(window) == ["Often late and hungry"]
    window.chronology.search.clear()
    window.chronology.significance.setCurrentIndex(window.chronology.significance.findData("red"))
    assert rows(window) == ["Domestic abuse; both children present"]
    window.chronology.significance.setCurrentIndex(0)
    window.chronology.date_from.setText("2017")
    window.chronology.apply_filter()
    assert rows(window) == ["Domestic abuse; both children present"]
    window.chronology.date_from.clear()
    window.chronology.apply_filter()
    window.chronology.family.setChecked(True)
    assert len(rows(window)) == 3  # the shared event appears once for the family
    window.chronology.family.setChecked(False)

    # Amend, and the history shows both versions.
    window.chronology.select_event(event_id)
    amended = replace(new, summary="Domestic abuse incident; both children present, Ava hid")
    monkeypatch.setattr(EventEditor, "get_details", classmethod(
        lambda cls, *a, **k: EditorResult(amended, "Police log read")))
    window.actions.amend_event.trigger()
    assert "Ava hid" in rows(window)[1]
    history = window.store.event_history(event_id)
    assert [v.action for v in history] == ["created", "amended"]
    html = version_html(history[1], history[0].details, {siblings[0]: "Ava", siblings[1]: "Leo"})
    assert "Police log read" in html and "(changed)" in html and "<s>Domestic abuse; both" in html
    dialog = HistoryDialog(window.store, event_id)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 2 and "Police log read" in dialog.view.toHtml()

    # Undo the amendment: the text goes back, and the history keeps all three steps.
    window.actions.undo.trigger()
    assert rows(window)[1] == "Domestic abuse; both children present"
    assert [v.action for v in window.store.event_history(event_id)] == ["created", "amended", "amended"]
    window.actions.redo.trigger()
    assert "Ava hid" in rows(window)[1]


def test_mark_in_error_then_undo(qtbot, window, store, siblings, monkeypatch):
    event_id, _ = store.add_event(make_event([siblings[0]], summary="Recorded on the wrong child"))
    window.caseload.reload()
    window.caseload.select_child(siblings[0])
    window.chronology.select_event(event_id)
    monkeypatch.setattr(ReasonDialog, "get_reason", classmethod(lambda cls, *a, **k: "Wrong child"))
    window.actions.mark_in_error.trigger()
    assert rows(window) == []
    window.chronology.show_in_error.setChecked(True)
    assert rows(window) == ["Recorded on the wrong child"]
    assert window.store.event(event_id).in_error_reason == "Wrong child"
    window.actions.undo.trigger()
    assert not window.store.event(event_id).in_error


def test_edit_child_profile(qtbot, window, store, siblings, monkeypatch):
    window.caseload.reload()
    window.caseload.select_child(siblings[1])
    changed = replace(store.child(siblings[1]).details, disability="Hearing impairment")
    monkeypatch.setattr(ChildEditor, "get_details", classmethod(lambda cls, *a, **k: changed))
    window.actions.edit_child.trigger()
    assert "Hearing impairment" in window.chronology.header.text()
    window.actions.undo.trigger()
    assert "Hearing impairment" not in window.chronology.header.text()


def test_caseload_search(qtbot, window, store, siblings):
    store.add_child(ChildDetails(ref="B7", name="Kofi Mensah", family="Mensah"))
    window.caseload.reload()
    window.caseload.search.setText("mensah")
    window.caseload.reload()
    assert window.caseload.model.rowCount() == 1


def test_child_editor_validates(qtbot):
    editor = ChildEditor(["Hughes"])
    qtbot.addWidget(editor)
    editor.ref.setText("R1")
    editor.name.setText("Baby Hughes")
    editor.dob.setText("01/01/2099")
    editor.accept()
    assert "future" in editor.error.text()
    editor.unborn.setChecked(True)
    editor.family.setEditText("Hughes")
    editor.accept()
    assert editor.result() == 1 and editor.result_details.dob_is_expected
    assert editor.result_details.family == "Hughes"
