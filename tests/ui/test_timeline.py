"""The timeline: lanes switch, a shared event is drawn once in the family view, a flag's evidence
is marked, and the keyboard moves from event to event."""
from PySide6.QtCore import Qt

from tests.conftest import make_event


def open_child(workspace, child_id):
    workspace.caseload.reload()
    workspace.caseload.select_child(child_id)
    workspace.chronology.views.setCurrentIndex(1)
    return workspace.chronology.timeline


def test_switching_lanes(qtbot, workspace, store, siblings):
    ava = siblings[0]
    store.add_event(make_event([ava], "14/03/2017", categories=("neglect",)))
    store.add_event(make_event([ava], "15/03/2017", agency="School", role="DSL"))
    timeline = open_child(workspace, ava)
    assert timeline.view.lanes == ["Police", "School"]
    timeline.lanes.setCurrentIndex(timeline.lanes.findData("category"))
    assert timeline.view.lanes == ["Neglect", "No concern recorded"]
    assert not timeline.lanes.model().item(2).isEnabled()  # lanes by child need the family view


def test_family_view_draws_a_shared_event_once(qtbot, workspace, store, siblings):
    ava, leo = siblings
    shared, _ = store.add_event(make_event([ava, leo], "14/03/2017"))
    store.add_event(make_event([leo], "20/03/2017"))
    timeline = open_child(workspace, ava)
    workspace.chronology.family.setChecked(True)
    timeline.lanes.setCurrentIndex(timeline.lanes.findData("child"))
    view = timeline.view
    assert view.lanes == ["Ava Hughes", "Leo Hughes"]
    assert [lanes for item, lanes in view.placed if item.id == shared] == [[0, 1]]
    assert not view.grab().isNull()  # painting raised nothing (pytest-qt fails on errors in paintEvent)


def test_choosing_a_flag_marks_its_evidence_on_the_timeline(qtbot, workspace, store, siblings):
    ava = siblings[0]
    ids = [store.add_event(make_event([ava], day, event_type="referral"))[0] for day in ("11/01/2019", "03/05/2019")]
    open_child(workspace, ava)
    flags = workspace.chronology.findings
    flags.choose(next(n for n, f in enumerate(flags.model.items) if f.rule == "re_referral"))
    view = workspace.chronology.timeline.view
    assert view.highlighted == set(ids)
    assert view.start <= min(i.start for i, _ in view.placed) and view.end >= max(i.end for i, _ in view.placed)


def test_keyboard_moves_between_events_and_selects_them(qtbot, workspace, store, siblings):
    ava = siblings[0]
    first, _ = store.add_event(make_event([ava], "11/01/2019"))
    second, _ = store.add_event(make_event([ava], "03/05/2019"))
    view = open_child(workspace, ava).view
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert workspace.chronology.selected_event() == first
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert workspace.chronology.selected_event() == second
    before = view.end - view.start
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.end - view.start < before
    qtbot.keyClick(view, Qt.Key.Key_Home)
    assert view.end - view.start >= before
