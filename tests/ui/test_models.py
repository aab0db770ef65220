"""The table models pass Qt's model tester and load rows lazily, sorted and filtered in SQL."""
from PySide6.QtCore import Qt

from chronology.demo import generate
from chronology.queries import EventFilter
from tests.conftest import make_event
from ui.caseload import CaseloadModel, age_text
from ui.chronology_model import COLUMNS, PAGE, ChronologyModel


def test_chronology_model_passes_the_model_tester(qtmodeltester, store, siblings):
    for number in range(5):
        store.add_event(make_event([siblings[0]], f"{number + 1}/03/2017", rating="red" if number % 2 else None,
                                   key_event=number == 0, summary=f"Event {number}"))
    model = ChronologyModel(store)
    model.set_filter(EventFilter(child_ids=(siblings[0],)))
    qtmodeltester.check(model)
    assert model.rowCount() == 5
    assert model.data(model.index(0, 0)) == "1 Mar 2017"
    assert model.data(model.index(0, 1)) == "KEY"
    assert model.data(model.index(1, 1)) == "Red"


def test_rows_are_fetched_a_page_at_a_time(store, siblings):
    store.add_events([make_event([siblings[0]], "2015", summary=f"Entry {n}") for n in range(PAGE * 3)])
    model = ChronologyModel(store)
    model.set_filter(EventFilter(child_ids=(siblings[0],)))
    assert model.rowCount() == PAGE * 3 and model.rows == {}
    model.data(model.index(PAGE + 5, 4))
    assert len(model.rows) == PAGE
    assert set(model.rows) == set(model.ids[PAGE:PAGE * 2])


def test_sorting_is_done_by_the_database(store, siblings):
    store.add_event(make_event([siblings[0]], "2016", agency="School", role="DSL"))
    store.add_event(make_event([siblings[0]], "2015", agency="Police"))
    model = ChronologyModel(store)
    model.set_filter(EventFilter(child_ids=(siblings[0],)))
    source = [key for key, _ in COLUMNS].index("agency")
    model.sort(source, Qt.SortOrder.AscendingOrder)
    assert [model.data(model.index(r, source)).split(" –")[0] for r in range(2)] == ["Police", "School"]
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert [model.data(model.index(r, 0)) for r in range(2)] == ["2016", "2015"]


def test_entered_in_error_is_struck_through(store, siblings):
    event_id, _ = store.add_event(make_event([siblings[0]]))
    store.mark_in_error(event_id, "wrong child")
    model = ChronologyModel(store)
    model.set_filter(EventFilter(child_ids=(siblings[0],), include_in_error=True))
    assert model.data(model.index(0, 0), Qt.ItemDataRole.FontRole).strikeOut()
    assert "ENTERED IN ERROR" in model.data(model.index(0, 4), Qt.ItemDataRole.ToolTipRole)


def test_caseload_model_passes_the_model_tester(qtmodeltester, store):
    generate(store, children=9, seed=4)
    model = CaseloadModel(store)
    model.reload()
    qtmodeltester.check(model)
    counts = [model.data(model.index(row, 1)) for row in range(model.rowCount())]
    assert all(count.endswith(("child", "children")) for count in counts)
    total = sum(model.rowCount(model.index(row, 0)) for row in range(model.rowCount()))
    assert total == 9
    model.reload("Hughes")
    assert model.rowCount() == 1


def test_age_text_for_born_and_unborn():
    from datetime import date

    from chronology.queries import CaseloadEntry
    assert age_text(CaseloadEntry(1, "r", "n", "2014-05-02", False, ""), date(2026, 5, 1)) == "02/05/2014 (11)"
    assert age_text(CaseloadEntry(1, "r", "n", "2027-01-05", True, ""), date(2026, 5, 1)) == "due 05/01/2027"


def test_returning_nothing_to_qt_does_not_leak_references_to_none(store, siblings):
    """PySide6 6.12.0 released a reference to None each time Qt read None from a model, until
    None itself was freed and the app crashed; setup.cfg excludes that release. Guard against
    any release that does it again."""
    import sys
    store.add_event(make_event([siblings[0]]))
    model = ChronologyModel(store)
    model.set_filter(EventFilter(child_ids=(siblings[0],)))
    index = model.index(0, 3)
    before = sys.getrefcount(None)
    for _ in range(2000):
        index.data(Qt.ItemDataRole.DecorationRole)
    assert sys.getrefcount(None) >= before - 10


def test_caseload_hands_families_to_the_view_a_page_at_a_time(qtmodeltester, store):
    generate(store, children=12, seed=4)
    model = CaseloadModel(store)
    model.page_size = 2
    model.reload()
    families = len(model.groups)
    assert families > 4 and model.rowCount() == 2 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 4
    last_child = model.groups[-1][1][0]
    index = model.child_index(last_child.id)
    assert model.rowCount() == families and not model.canFetchMore()
    assert model.entry(index) == last_child
    qtmodeltester.check(model)
