"""The event editor can be driven entirely from the keyboard."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from chronology.dates import FuzzyDate
from ui.event_editor import EventEditor
from ui.widgets import DateField


def focused():
    return QApplication.focusWidget()


def type_into_focus(qtbot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def tab(qtbot, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def test_add_an_event_from_the_keyboard(qtbot, store, siblings):
    ava, leo = (store.child(i) for i in siblings)
    editor = EventEditor(store, ava, [leo])
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow, timeout=2000)
    editor.date.setFocus()
    type_into_focus(qtbot, "14/3/17")
    assert editor.date.reading.text() == "Reads as: 14 Mar 2017 ('17' taken as 2017: read as a year that has been)"
    tab(qtbot)
    type_into_focus(qtbot, "21:15")
    tab(qtbot, 4)  # sequence, planned, end date, then the event type picker
    assert focused() is editor.event_type.lineEdit() or focused() is editor.event_type
    type_into_focus(qtbot, "Domestic abuse incident")
    tab(qtbot)
    type_into_focus(qtbot, "Police")
    tab(qtbot)
    type_into_focus(qtbot, "Response officer")
    tab(qtbot)
    type_into_focus(qtbot, "Father pushed mother; both children present.")
    tab(qtbot)
    type_into_focus(qtbot, "Ava hid upstairs, frightened.")
    editor.category_filter.setFocus()
    type_into_focus(qtbot, "domestic")
    editor.categories.setFocus()
    visible = [r for r in range(editor.categories.count()) if not editor.categories.item(r).isHidden()]
    editor.categories.setCurrentRow(visible[0])
    qtbot.keyClick(editor.categories, Qt.Key.Key_Space)
    editor.children_list.setFocus()
    editor.children_list.setCurrentRow(1)
    qtbot.keyClick(editor.children_list, Qt.Key.Key_Space)
    with qtbot.waitSignal(editor.accepted, timeout=2000):
        qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    details = editor.result_details
    assert details.date == FuzzyDate(2017, 3, 14) and details.time == "21:15"
    assert details.event_type == "domestic_abuse_incident"
    assert (details.agency, details.role) == ("Police", "Response officer")
    assert details.categories == ("domestic_abuse",)
    assert details.child_ids == tuple(sorted(siblings))
    assert details.impact == "Ava hid upstairs, frightened."


def test_editor_refuses_and_says_why(qtbot, store, siblings):
    editor = EventEditor(store, store.child(siblings[0]), [])
    qtbot.addWidget(editor)
    editor.date.edit.setText("31/02/2017")
    editor.accept()
    assert not editor.isVisible() or editor.result() == 0
    assert "February 2017 has 28 days" in editor.date.reading.text()  # said beside the date
    editor.date.edit.setText("01/01/2099")
    editor.accept()
    assert "planned" in editor.date.reading.text()
    editor.planned.setChecked(True)
    editor.accept()
    assert "event type" in editor.error.text()


def test_amending_needs_a_reason(qtbot, store, siblings):
    from tests.conftest import make_event
    event_id, _ = store.add_event(make_event([siblings[0]]))
    editor = EventEditor(store, store.child(siblings[0]), [], store.event(event_id).details)
    qtbot.addWidget(editor)
    assert editor.summary.toPlainText().startswith("Police called")
    editor.accept()
    assert "why" in editor.error.text()
    editor.reason.setText("Date checked")
    editor.accept()
    assert editor.result() == 1 and editor.result_details.summary.startswith("Police called")


def test_date_field_reads_live(qtbot):
    field = DateField()
    qtbot.addWidget(field)
    field.edit.setText("March 2017")
    assert field.reading.text() == "Reads as: March 2017 — month only"
    field.edit.setText("c. 2016")
    assert "approximate" in field.reading.text()
    field.edit.setText("nonsense")
    assert "Could not read" in field.reading.text()


def test_third_party_marks_are_kept(qtbot, store, siblings):
    from tests.conftest import make_event
    event_id, _ = store.add_event(make_event([siblings[0]], third_party=("impact",), impact="Neighbour said so"))
    editor = EventEditor(store, store.child(siblings[0]), [], store.event(event_id).details)
    qtbot.addWidget(editor)
    assert editor.third_party["impact"].isChecked() and not editor.third_party["entry"].isChecked()
    editor.third_party["entry"].setChecked(True)
    editor.reason.setText("The whole entry came from a neighbour")
    editor.accept()
    assert editor.result_details.third_party == ("entry", "impact")


def test_a_decision_records_its_outcome(qtbot, store, siblings):
    ava = store.child(siblings[0])
    editor = EventEditor(store, ava, [])
    qtbot.addWidget(editor)
    assert not editor.outcome.isEnabled()  # nothing is a decision yet
    editor.event_type.set_code("strategy_discussion")
    assert editor.outcome.isEnabled()
    assert [editor.outcome.itemData(i) for i in range(editor.outcome.count())] == ["", "s47", "no_s47"]
    editor.outcome.setCurrentIndex(editor.outcome.findData("s47"))
    editor.date.edit.setText("14/03/2017")
    editor.agency.setEditText("Children's social care")
    editor.role.setEditText("Social worker")
    editor.summary.setPlainText("Strategy discussion with police and health.")
    editor.accept()
    assert editor.result_details.outcome == "s47"
    editor.event_type.set_code("police_incident")  # not a decision: its outcome is dropped
    assert not editor.outcome.isEnabled() and editor.outcome.currentData() == ""


def test_an_outcome_is_filled_from_the_event(qtbot, store, siblings):
    from tests.conftest import make_event
    ava = store.child(siblings[0])
    existing = make_event([ava.id], "14/03/2017", event_type="s47_outcome", outcome="no_icpc")
    editor = EventEditor(store, ava, [], existing)
    qtbot.addWidget(editor)
    assert editor.outcome.currentData() == "no_icpc"


def test_a_planned_events_two_digit_year_looks_ahead_and_says_so(qtbot, store, siblings):
    editor = EventEditor(store, store.child(siblings[0]), [])
    qtbot.addWidget(editor)
    editor.date.edit.setText("14/3/27")
    assert "1927" in editor.date.reading.text()
    editor.planned.setChecked(True)
    assert editor.date.reading.text() == "Reads as: 14 Mar 2027 ('27' taken as 2027: a planned event looks ahead)"
    assert editor.date.value().year == 2027


def test_a_refused_date_says_what_to_type_and_the_hint_goes_once_corrected(qtbot, store, siblings):
    editor = EventEditor(store, store.child(siblings[0]), [])
    qtbot.addWidget(editor)
    editor.show()
    editor.date.edit.setText("winter 2019")
    hint = editor.date.reading.text()
    assert hint.startswith("⚠") and "winter 2019/20" in hint
    qtbot.wait(50)  # the layout settles
    assert editor.date.reading.wordWrap() and editor.date.reading.heightForWidth(editor.date.width()) <= \
        editor.date.reading.height() + 1  # the whole hint shows
    editor.date.edit.setText("winter 2019/20")
    assert editor.date.reading.text() == "Reads as: Winter 2019/20 — December 2019 to February 2020"


def test_a_visit_before_the_birth_is_refused_beside_the_date(qtbot, store, siblings):
    ava = store.child(siblings[0])  # born 02/05/2014
    editor = EventEditor(store, ava, [])
    qtbot.addWidget(editor)
    editor.date.edit.setText("01/05/2014")
    editor.event_type.set_code("child_seen")
    editor.agency.setEditText("Children's social care")
    editor.role.setEditText("Social worker")
    editor.summary.setPlainText("Home visit.")
    editor.accept()
    assert editor.result() != editor.DialogCode.Accepted
    assert "Ava Hughes was born on 02/05/2014" in editor.date.reading.text() and editor.error.text() == ""
    editor.event_type.set_code("police_incident")  # family history before the birth is recorded as usual
    editor.accept()
    assert editor.result_details.event_type == "police_incident"


def test_a_problem_below_the_form_goes_when_its_field_is_corrected(qtbot, store, siblings):
    editor = EventEditor(store, store.child(siblings[0]), [])
    qtbot.addWidget(editor)
    editor.date.edit.setText("14/03/2017")
    editor.event_type.set_code("child_seen")
    editor.agency.setEditText("Police")
    editor.role.setEditText("PC")
    editor.accept()
    assert "what happened is required" in editor.error.text().lower()
    editor.summary.setPlainText("Seen at home")
    assert editor.error.text() == ""
