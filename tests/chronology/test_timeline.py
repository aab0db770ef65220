from datetime import date

from chronology.timeline import NO_CATEGORY, neglect_density, ticks, timeline_for
from tests.conftest import make_event

TODAY = date(2026, 11, 26)


def test_items_periods_and_uncertain_spans(store, family):
    ava, leo = family["A1"], family["A2"]
    shared, _ = store.add_event(make_event([ava, leo], "14/03/2017", categories=("domestic_abuse",)))
    vague, _ = store.add_event(make_event([ava], "March 2016", agency="School", role="DSL",
                                          event_type="school_attendance_concern"))
    store.add_event(make_event([ava], "01/02/2018", event_type="cp_plan_start", agency="Children's social care"))
    withdrawn, _ = store.add_event(make_event([ava], "01/01/2019"))
    store.mark_in_error(withdrawn, "wrong child")
    timeline = timeline_for(store.db, [ava], TODAY)
    items = {item.id: item for item in timeline.items}
    assert withdrawn not in items
    assert items[vague].uncertain and (items[vague].start, items[vague].end) == (date(2016, 3, 1), date(2016, 3, 31))
    assert not items[shared].uncertain and items[shared].child_ids == (ava,)  # those in view
    plans = [p for p in timeline.periods if p.label == "Child protection plan"]
    assert plans == [plans[0]] and plans[0].open_ended and plans[0].end == TODAY


def test_lanes_by_agency_concern_and_child(store, family):
    ava, leo = family["A1"], family["A2"]
    shared, _ = store.add_event(make_event([ava, leo], "14/03/2017", categories=("domestic_abuse", "neglect")))
    store.add_event(make_event([leo], "15/03/2017", agency="School", role="DSL"))
    timeline = timeline_for(store.db, [ava, leo], TODAY)
    assert timeline.placements("agency")[0] == ["Police", "School"]
    lanes, placed = timeline.placements("category")
    assert lanes == ["Domestic abuse", "Neglect", NO_CATEGORY]
    assert [rows for item, rows in placed if item.id == shared] == [[0, 1]]
    lanes, placed = timeline.placements("child", {ava: "Ava", leo: "Leo"})
    assert lanes == ["Ava", "Leo"]
    # The event the siblings share is one item, drawn once across both lanes.
    assert [rows for item, rows in placed if item.id == shared] == [[0, 1]]
    assert len(placed) == 2


def test_neglect_density_per_month_and_rolling(store, family):
    ava = family["A1"]
    for day in ("05/01/2020", "20/01/2020", "10/03/2020"):
        store.add_event(make_event([ava], day, event_type="was_not_brought", agency="GP", role="GP"))
    store.add_event(make_event([ava], "10/02/2021", categories=("neglect",)))
    rows = neglect_density(timeline_for(store.db, [ava], TODAY))
    by_month = {month: (count, total) for month, count, total in rows}
    assert by_month[date(2020, 1, 1)] == (2, 2)
    assert by_month[date(2020, 3, 1)] == (1, 3)
    assert by_month[date(2021, 1, 1)] == (0, 1)  # January 2020 has left the 12 months
    assert by_month[date(2021, 2, 1)] == (1, 2)  # March 2020 is still within the 12 months


def test_axis_ticks_from_decades_to_days():
    assert ticks(date(1990, 1, 1), date(2026, 1, 1))[0] == "5 years"
    assert ticks(date(2015, 1, 1), date(2026, 1, 1))[0] == "year"
    assert ticks(date(2020, 1, 1), date(2021, 6, 1))[0] == "quarter"
    assert ticks(date(2020, 1, 1), date(2020, 6, 1))[0] == "month"
    assert ticks(date(2020, 1, 1), date(2020, 2, 15))[0] == "week"
    unit, marks = ticks(date(2020, 1, 1), date(2020, 1, 9))
    assert unit == "day" and marks[0] == date(2020, 1, 1) and len(marks) == 9
