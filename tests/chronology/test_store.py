from dataclasses import replace
from datetime import date, timedelta

import pytest

from chronology.dates import parse_date
from chronology.db import StoreError, open_database
from chronology.model import ChildDetails, ValidationError
from chronology.queries import EventFilter, fetch_rows, matching_ids
from chronology.store import AMENDED, CREATED, IN_ERROR, REINSTATED, Store
from tests.conftest import make_event


def test_database_is_durable_and_checked(store):
    pragma = lambda name: store.db.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1


def test_children_grouped_by_family_with_diversity_recorded(store, family):
    names = [c.name for c in store.children()]
    assert names == ["Ava Hughes", "Leo Hughes", "Zoë Łukasz Nguyễn"]
    child_id, changes = store.add_child(ChildDetails(
        ref="U1", name="Baby Hughes", dob=date(2027, 1, 5), dob_is_expected=True, family="Hughes",
        gender="Not known", ethnicity="White British", first_language="English", disability="None known"))
    assert changes.caseload and child_id in changes.children
    unborn = store.child(child_id)
    assert unborn.details.dob_is_expected and unborn.details.ethnicity == "White British"
    assert [c.name for c in store.siblings(family["A1"])] == ["Leo Hughes", "Baby Hughes"]


def test_child_rules(store, family):
    with pytest.raises(ValidationError, match="already has the reference"):
        store.add_child(ChildDetails(ref="a1", name="Someone Else"))
    with pytest.raises(ValidationError, match="future"):
        store.add_child(ChildDetails(ref="X9", name="Not Born", dob=date(2099, 1, 1)))
    with pytest.raises(ValidationError) as error:
        store.add_child(ChildDetails(ref="X9", name=" "))
    assert error.value.field == "name"


def test_child_profile_corrections_keep_earlier_versions(store, family):
    child = store.child(family["A1"])
    store.update_child(child.id, replace(child.details, ethnicity="Mixed: White and Black Caribbean"),
                       "Ethnicity confirmed with mother")
    rows = list(store.db.query("SELECT version, action, reason FROM child_versions WHERE child_id = ?",
                               [child.id]))
    assert [(r["version"], r["action"]) for r in rows] == [(1, CREATED), (2, AMENDED)]
    assert store.child(child.id).details.ethnicity == "Mixed: White and Black Caribbean"


def test_one_event_belongs_to_siblings(store, family):
    event_id, changes = store.add_event(make_event([family["A1"], family["A2"]]))
    assert changes.children == {family["A1"], family["A2"]}
    for child in ("A1", "A2"):
        assert matching_ids(store.db, EventFilter(child_ids=(family[child],))) == [event_id]
    assert matching_ids(store.db, EventFilter(child_ids=(family["B1"],))) == []
    both = matching_ids(store.db, EventFilter(child_ids=(family["A1"], family["A2"])))
    assert both == [event_id]  # a shared event appears once in a family view
    assert fetch_rows(store.db, both)[event_id].children == ("Ava Hughes", "Leo Hughes")


def test_amendment_keeps_every_version_with_who_when_why(store, family):
    event_id, _ = store.add_event(make_event([family["A1"]], "March 2017"))
    amended = make_event([family["A1"], family["A2"]], "14/03/2017", summary="Corrected summary")
    store.amend_event(event_id, amended, "Date confirmed from police log")
    history = store.event_history(event_id)
    assert [v.action for v in history] == [CREATED, AMENDED]
    assert history[0].details.date.display() == "Mar 2017"
    assert history[0].details.summary.startswith("Police called")
    assert history[1].details.summary == "Corrected summary"
    assert history[1].reason == "Date confirmed from police log"
    assert history[1].changed_by == "Test Worker"
    assert store.event(event_id).details.recorded_by == "Test Worker"
    assert matching_ids(store.db, EventFilter(child_ids=(family["A2"],))) == [event_id]


def test_amendment_needs_a_reason(store, family):
    event_id, _ = store.add_event(make_event([family["A1"]]))
    with pytest.raises(ValidationError, match="why"):
        store.amend_event(event_id, make_event([family["A1"]]), "  ")


def test_entered_in_error_is_hidden_but_never_erased(store, family):
    event_id, _ = store.add_event(make_event([family["A1"]]))
    store.mark_in_error(event_id, "Recorded on the wrong child")
    assert matching_ids(store.db, EventFilter(child_ids=(family["A1"],))) == []
    assert matching_ids(store.db, EventFilter(child_ids=(family["A1"],), include_in_error=True)) == [event_id]
    event = store.event(event_id)
    assert event.in_error and event.in_error_reason == "Recorded on the wrong child"
    with pytest.raises(ValidationError, match="already"):
        store.mark_in_error(event_id, "again")
    store.reinstate_event(event_id, "Undo")
    assert [v.action for v in store.event_history(event_id)] == [CREATED, IN_ERROR, REINSTATED]
    assert store.db.execute("SELECT count(*) FROM event_versions").fetchone()[0] == 3


def test_a_failed_batch_saves_nothing(store, family):
    good = make_event([family["A1"]])
    bad = make_event([999])
    with pytest.raises(ValidationError):
        store.add_events([good, bad])
    assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    assert store.db.execute("SELECT count(*) FROM event_versions").fetchone()[0] == 0


@pytest.mark.parametrize("overrides, field", [
    ({"agency": " "}, "agency"), ({"role": ""}, "role"), ({"summary": ""}, "summary"),
    ({"event_type": "made_up"}, "event_type"), ({"categories": ("nope",)}, "categories"),
    ({"rating": "purple"}, "significance"), ({"child_ids": ()}, "children"),
    ({"end_date": parse_date("2016")}, "end_date"),
])
def test_event_validation_names_the_field(store, family, overrides, field):
    with pytest.raises(ValidationError) as error:
        store.add_event(replace(make_event([family["A1"]]), **overrides))
    assert error.value.field == field


def test_future_events_only_when_planned(store, family):
    planned = make_event([family["A1"]], "01/01/2099", planned=True, event_type="rcpc")
    store.add_event(planned)
    with pytest.raises(ValidationError, match="planned"):
        store.add_event(replace(planned, planned=False))


def test_filters_and_search(store, family):
    child = family["A1"]
    store.add_event(make_event([child], "10/01/2015", categories=("neglect",), key_event=True,
                               summary="Arrived at nursery hungry and unwashed", agency="Nursery"))
    store.add_event(make_event([child], "2016", event_type="was_not_brought", agency="Dental",
                               role="Dentist", summary="Was not brought to the dental check",
                               rating="amber"))
    store.add_event(make_event([child], "before 06/2018", rating="red",
                               summary="Mother's partner assaulted her in front of the children"))

    def ids(**kw):
        return [fetch_rows(store.db, [i])[i].details.summary.split()[0]
                for i in matching_ids(store.db, EventFilter(child_ids=(child,), **kw))]

    assert ids() == ["Arrived", "Was", "Mother's"]
    assert ids(agencies=("Dental",)) == ["Was"]
    assert ids(event_types=("police_incident",)) == ["Arrived", "Mother's"]
    assert ids(categories=("neglect",)) == ["Arrived"]
    assert ids(significance=("key",)) == ["Arrived"]
    assert ids(significance=("red", "amber")) == ["Was", "Mother's"]
    # A period shows what may fall in it: "before 06/2018" may be in 2016, and cannot be later.
    assert ids(date_from=date(2016, 6, 1), date_to=date(2016, 12, 31)) == ["Was", "Mother's"]
    assert ids(date_from=date(2018, 6, 1)) == []
    assert ids(date_to=date(2015, 12, 31)) == ["Arrived", "Mother's"]
    assert ids(text="hung") == ["Arrived"]
    assert ids(text="dental") == ["Was"]
    assert ids(text='assault" OR "x') == []  # quotes cannot break the search syntax
    assert ids(descending=True) == ["Mother's", "Was", "Arrived"]
    assert ids(sort="agency") == ["Was", "Arrived", "Mother's"]


def test_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"This is a Word document, not a database" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"not a Chronology database|could not be opened"):
        open_database(path)
    assert path.read_bytes() == before


def test_database_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "new.db"
    db = open_database(path, create=True)
    db.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
                "VALUES ('chronology', 'm999_future', 'x')")
    db.close()
    with pytest.raises(StoreError, match="newer version"):
        Store.open(path, "x")


def test_search_index_stays_consistent_through_adds_and_amendments(store, family):
    ids, _ = store.add_events([make_event([family["A1"]], summary=f"Entry {n} about bruising")
                               for n in range(20)])
    store.amend_event(ids[3], make_event([family["A1"]], summary="Entry about nappy rash"), "typo")
    store.mark_in_error(ids[4], "duplicate")
    store.db.execute("INSERT INTO events_fts(events_fts, rank) VALUES ('integrity-check', 1)")
    found = matching_ids(store.db, EventFilter(child_ids=(family["A1"],), text="bruising"))
    assert len(found) == 18 and ids[3] not in found
    assert matching_ids(store.db, EventFilter(child_ids=(family["A1"],), text="nappy")) == [ids[3]]


def _stored_row(store, event_id: int) -> dict:
    from chronology.store import EVENT_COLUMNS
    return next(store.db.query(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE id = ?", [event_id]))


def test_event_columns_are_written_in_schema_order_with_absent_values_null(store, family):
    details = make_event([family["A1"]], "c. 2016", time="09:30", summary="Summary", impact="Impact")
    event_id, _ = store.add_event(details)
    stored = _stored_row(store, event_id)
    assert stored == {
        "date": "c. 2016", "date_earliest": details.date.earliest.isoformat(),
        "date_latest": details.date.latest.isoformat(), "end_date": None,
        "time": "09:30", "sequence": None, "planned": 0, "sort_key": details.date.sort_key("09:30"),
        "agency": "Police", "role": "Response officer", "event_type": "police_incident",
        "summary": "Summary", "impact": "Impact", "action": "", "child_voice": "", "seen_alone": None,
        "key_event": 0, "rating": None, "recorded_by": "Test Worker", "source_ref": "", "third_party": "",
        "outcome": ""}
    assert store.event(event_id).details.time == "09:30"


def test_an_amendment_that_removes_values_stores_them_as_null(store, family):
    full = replace(make_event([family["A1"]], "14/03/2017", time="09:30"), end_date=parse_date("20/03/2017"),
                   sequence=2, seen_alone=False, rating="red")
    event_id, _ = store.add_event(full)
    assert {k: _stored_row(store, event_id)[k] for k in ("end_date", "sequence", "seen_alone", "rating")} == \
        {"end_date": "20/03/2017", "sequence": 2, "seen_alone": 0, "rating": "red"}
    store.amend_event(event_id, make_event([family["A1"]], "c. 2016"), "the details were wrong")
    stored = _stored_row(store, event_id)
    assert [stored[k] for k in ("end_date", "time", "sequence", "seen_alone", "rating")] == [None] * 5
    assert store.event(event_id).details == replace(make_event([family["A1"]], "c. 2016").validated(),
                                                    recorded_by="Test Worker")


def test_sources_in_use_for_the_pickers(store, family):
    store.add_events([make_event([family["A1"]], agency=a, role=r) for a, r in
                      (("Police", "Response officer"), ("school", "DSL"), ("Police", "PPU"),
                       ("GP", "GP"), ("Police", "Response officer"))])
    assert store.agencies_in_use() == ["GP", "Police", "school"]
    assert store.roles_in_use("Police") == ["PPU", "Response officer"]
    assert store.roles_in_use("Nobody") == []


def test_filters_start_from_the_childs_events_not_a_whole_agency(store, family):
    """With the sources index, SQLite could read every Police event of the caseload to filter
    one child's chronology; the plan must start from the child's own events."""
    from chronology.queries import _where
    where, params = _where(EventFilter(child_ids=(family["A1"],), agencies=("Police",),
                                       event_types=("police_incident",)))
    plan = " ".join(str(row) for row in store.db.execute(
        f"EXPLAIN QUERY PLAN SELECT e.id FROM events e WHERE {where}", params))
    assert "events_source" not in plan and "event_children" in plan


def test_acknowledging_a_flag_is_recorded_and_never_rewritten(store, family):
    from chronology.db import IntegrityError
    ava = family["A1"]
    with pytest.raises(ValidationError, match="response"):
        store.acknowledge_flag(ava, "re_referral:1,2", "re_referral", "Re-referral", " ")
    store.acknowledge_flag(ava, "re_referral:1,2", "re_referral", "Re-referral", "Discussed in supervision")
    store.acknowledge_flag(ava, "re_referral:1,2", "re_referral", "Re-referral", "Escalated to the manager")
    latest = store.acknowledgements(ava)["re_referral:1,2"]
    assert (latest.response, latest.by) == ("Escalated to the manager", "Test Worker")
    assert store.db.execute("SELECT count(*) FROM flag_acknowledgements").fetchone()[0] == 2
    with pytest.raises(IntegrityError, match="never changed"):
        store.db.execute("UPDATE flag_acknowledgements SET response = 'x'")
    with pytest.raises(IntegrityError, match="never deleted"):
        store.db.execute("DELETE FROM flag_acknowledgements")


def test_a_damaged_database_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "damaged.db"
    store = Store.open(path, "Worker", create=True)
    store.add_child(ChildDetails(ref="D1", name="Damaged"))
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\x5a" * 4096  # a page overwritten, as a failing disk might
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="malformed"):
        Store.open(path, "Worker")
    assert path.read_bytes() == bytes(data)


def test_control_characters_are_never_stored(store, family):
    with pytest.raises(ValidationError) as refused:
        store.add_event(make_event([family["A1"]], summary="Seen at home\x1b[31m"))
    assert refused.value.field == "summary" and "U+001B" in refused.value.message
    with pytest.raises(ValidationError) as refused:
        store.add_child(ChildDetails(ref="Z1", name="Ava\x00"))
    assert refused.value.field == "name"
    store.add_event(make_event([family["A1"]], summary="Tabs\tand\nline breaks are text"))


def test_validated_events_for_a_child_that_is_not_there_are_still_refused_whole(store, family):
    from chronology.db import IntegrityError
    with pytest.raises(IntegrityError):
        store.add_events([make_event([family["A1"]]), make_event([999_999])], validated=True)
    assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == 0


def test_references_looked_up_as_named_match_reading_them_all(store):
    ids = {ref: store.add_child(ChildDetails(ref=ref, name=f"Child {ref}", dob=date(2015, 1, 1)))[0]
           for ref in ("AB12", "Élodie-1", "straße-7", "ZZ9")}
    store.set_child_in_error(ids["ZZ9"], True, "duplicate record")  # withdrawn: no longer named
    every = store.child_ids_by_ref()
    lookup = store.child_ids_as_named()
    for key in ("ab12", "AB12".casefold(), "élodie-1", "strasse-7", "zz9", "nobody", ""):
        assert lookup.get(key) == every.get(key), key
    assert lookup.get("élodie-1") == ids["Élodie-1"]  # a case the references index does not fold
    assert lookup.get("zz9") is None and lookup.get("ab12") == ids["AB12"]


def test_a_bulk_write_is_copied_into_the_file_when_the_store_closes_not_at_its_commit(store, family, tmp_path):
    from chronology.store import BULK
    path = tmp_path / "case.db"
    reader = Store.open(path, "Another Worker")  # SQLite copies the log itself only at the last close
    size = path.stat().st_size
    long_text = "Seen at home. " * 400  # over the 1,000 pages after which SQLite would copy at once
    ids, _ = store.add_events([make_event([family["A1"]], summary=f"{long_text}{n}") for n in range(BULK)])
    assert path.stat().st_size == size  # saved in the write-ahead log, which is on disk
    assert reader.event(ids[-1]).details.summary.endswith(f"{BULK - 1}")
    assert store.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 1000  # small writes as usual
    store.close()
    assert path.stat().st_size > size + BULK * len(long_text)
    reader.close()


def test_an_event_that_needs_the_child_born_is_refused_before_the_birth(store, family):
    from chronology.model import ChildDetails
    ava = family["A1"]  # born 02/05/2014
    with pytest.raises(ValidationError, match="Ava Hughes was born on 02/05/2014: 'Visit: child seen' cannot be"):
        store.add_event(make_event([ava], "01/05/2014", event_type="child_seen"))
    with pytest.raises(ValidationError, match="seeing the child alone"):
        store.add_event(make_event([ava], "01/05/2014", event_type="other", seen_alone=True))
    # Family history before a birth is recorded as usual; a date that may be either side is accepted.
    store.add_event(make_event([ava], "01/03/2014", summary="Incident during pregnancy"))
    store.add_event(make_event([ava], "2014", event_type="child_seen"))
    unborn, _ = store.add_child(ChildDetails(ref="U1", name="Baby Hughes", dob=date.today() + timedelta(days=60),
                                             dob_is_expected=True))
    with pytest.raises(ValidationError, match="Baby Hughes is not yet born"):
        store.add_event(make_event([unborn], date.today().strftime("%d/%m/%Y"), event_type="was_not_brought"))
    event_id, _ = store.add_event(make_event([ava], "01/06/2014", event_type="child_seen"))
    with pytest.raises(ValidationError, match="was born on 02/05/2014"):
        store.amend_event(event_id, make_event([ava], "01/04/2014", event_type="child_seen"), "wrong date")


def test_family_history_before_a_birth_is_shown_as_before_birth(store, family):
    ava, leo = family["A1"], family["A2"]  # born 2014 and 2016
    early, _ = store.add_event(make_event([ava, leo], "01/03/2015", summary="Incident while Leo's mother was pregnant"))
    both, _ = store.add_event(make_event([leo], "01/03/2016", summary="Pre-birth referral"))
    later, _ = store.add_event(make_event([ava, leo], "01/03/2017"))
    rows = fetch_rows(store.db, [early, both, later])
    assert rows[early].before_birth() == "before Leo's birth"
    assert rows[both].before_birth() == "before birth"
    assert rows[later].before_birth() == ""


@pytest.mark.parametrize("first, second", [("É1", "é1"), ("ß1", "SS1"), ("ﬁle 7", "FILE 7"), ("Ａ1", "a1"),
                                           (" A1 ", "a1")])
def test_one_rule_for_references_that_are_the_same(store, first, second):
    store.add_child(ChildDetails(ref=first, name="First"))
    with pytest.raises(ValidationError, match="First already has the reference"):
        store.add_child(ChildDetails(ref=second, name="Second"))
    assert store.child_by_ref(second).name == "First"


@pytest.mark.parametrize("ref, said", [("A;1", "';'"), ("A\t1", "visible"), ("A\n1", "visible"),
                                       ("A\u200b1", "zero width space"), ("A\u202e1", "right-to-left override"),
                                       ("A\u00a01", "visible")])
def test_a_reference_holds_only_visible_characters(store, ref, said):
    with pytest.raises(ValidationError, match=said):
        store.add_child(ChildDetails(ref=ref, name="Ava"))


def test_caseload_search_takes_percent_and_underscore_as_text_and_needs_something_to_find_by(store):
    from chronology.queries import EventFilter, caseload, matching_ids
    store.add_child(ChildDetails(ref="A_1", name="Ava 50% Hughes"))
    other, _ = store.add_child(ChildDetails(ref="AB1", name="Abe Hughes"))
    assert [e.ref for e in caseload(store.db, "A_1")] == ["A_1"]
    assert [e.ref for e in caseload(store.db, "50%")] == ["A_1"]
    assert caseload(store.db, "%") == [] and caseload(store.db, "!!!") == []
    assert [e.ref for e in caseload(store.db, "_")] == ["A_1"]  # the underscore typed, not "any one character"
    assert len(caseload(store.db, "")) == 2
    store.add_event(make_event([other], summary="Seen at home"))
    assert matching_ids(store.db, EventFilter(child_ids=(other,), text="!!!")) == []  # not everything
    assert len(matching_ids(store.db, EventFilter(child_ids=(other,), text="home"))) == 1
