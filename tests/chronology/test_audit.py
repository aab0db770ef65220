"""The audit trail shows tampering: altered, removed or inserted entries, and data changed
outside the app, are reported with the first break."""
import hashlib
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronology.audit import GENESIS, _canonical, event_digest_v1
from chronology.dates import FuzzyDate, Qualifier
from chronology.db import IntegrityError
from chronology.model import THIRD_PARTY_PARTS, EventDetails
from chronology.store import ABSENT, EVENT_COLUMNS, event_values
from tests.conftest import make_event


@pytest.fixture
def worked(store, family):
    """A store after a day's work: events added, amended, withdrawn, a flag acknowledged."""
    ava = family["A1"]
    first, _ = store.add_event(make_event([ava], "11/01/2019"))
    store.add_events([make_event([ava], f"0{n}/02/2019") for n in range(1, 4)])
    store.amend_event(first, make_event([ava], "12/01/2019", summary="Corrected"), "date checked")
    store.mark_in_error(first + 1, "duplicate")
    store.acknowledge_flag(ava, "re_referral:1,2", "re_referral", "Re-referral", "Seen in supervision")
    store.record_export(ava, "pdf", 4)
    return store


def test_every_change_is_logged_and_the_trail_verifies(worked):
    actions = [row[0] for row in worked.db.execute("SELECT action FROM audit_log ORDER BY id")]
    assert actions == ["created"] * 3 + ["created", "created", "amended", "entered_in_error", "acknowledged",
                                         "exported"]
    result = worked.verify()
    assert result.intact and result.entries == len(actions)
    assert result.last_hash == worked.chain_hash() != GENESIS


def test_the_trail_cannot_be_changed_through_the_app(worked):
    with pytest.raises(IntegrityError, match="never changed"):
        worked.db.execute("UPDATE audit_log SET who = 'someone else'")
    with pytest.raises(IntegrityError, match="never deleted"):
        worked.db.execute("DELETE FROM audit_log")


def test_data_changed_outside_the_app_is_found(worked):
    worked.db.execute("UPDATE events SET summary = 'Nothing happened' WHERE id = 3")
    result = worked.verify()
    assert not result.intact and "Event 3 differs" in result.problem


def test_an_event_slipped_in_is_found(worked):
    worked.db.execute("INSERT INTO events(date, sort_key, agency, role, event_type, summary, recorded_by, "
                      "recorded_at) VALUES ('2019', '2019', 'X', 'Y', 'other', 'slipped in', 'z', 'now')")
    assert "is not in the audit trail" in worked.verify().problem


@pytest.mark.parametrize("tamper, message", [
    ("UPDATE audit_log SET who = 'someone else' WHERE id = 4", "Audit entry 4"),
    ("DELETE FROM audit_log WHERE id = 5", "Audit entry 6 should be entry 5: the entries have been renumbered or "
                                           "removed"),
    # the chain still holds when the entries keep their order: their numbers must run without a gap
    ("UPDATE audit_log SET id = id + 100 WHERE id = (SELECT MAX(id) FROM audit_log)", "renumbered"),
    ("UPDATE audit_log SET id = 0 WHERE id = 1", "Audit entry 0 should be entry 1"),
])
def test_tampering_with_the_trail_is_found(worked, tamper, message):
    worked.db.executescript("DROP TRIGGER audit_log_kept; DROP TRIGGER audit_log_not_deleted;")
    worked.db.execute(tamper)
    result = worked.verify()
    assert not result.intact and message in result.problem


@pytest.mark.parametrize("tamper", [
    "UPDATE event_versions SET version = version + 1 WHERE data IS NULL AND event_id = 3",
    "DELETE FROM event_versions WHERE data IS NULL AND event_id = 3",
    "INSERT INTO event_versions(event_id, version, action, changed_at, changed_by) "
    "VALUES (3, 99, 'amended', '2020-01-01', 'someone')",
])
def test_an_events_record_of_its_current_version_is_checked(worked, tamper):
    """The digests read who changed an event last from its current row (``data IS NULL``); which
    version that row claims to be is checked against the event."""
    worked.db.execute(tamper)
    result = worked.verify()
    assert not result.intact and "Event 3" in result.problem and "outside Chronology" in result.problem


@pytest.mark.parametrize("tamper, message", [
    ("INSERT INTO event_versions(event_id, version, action, changed_at, changed_by) "
     "VALUES (999, 1, 'created', '2020-01-01', 'someone')", "version records of an event numbered 999"),
    ("INSERT INTO event_children(event_id, child_id) VALUES (999, 1)", "links to children of an event numbered 999"),
    ("INSERT INTO event_categories(event_id, category) VALUES (999, 'neglect')", "concerns of an event numbered 999"),
    ("INSERT INTO event_children(event_id, child_id) SELECT MIN(id), 77 FROM events", "differs from what the audit"),
    ("INSERT INTO families(name) VALUES ('Smith')", 'The family "Smith" has never had a child in it'),
])
def test_rows_that_belong_to_nothing_recorded_are_found(worked, tamper, message):
    """No digest covers a row whose event or child does not exist; verify looks for them. (A
    tamperer's SQLite tool does not enforce foreign keys unless asked.)"""
    worked.db.execute("PRAGMA foreign_keys = OFF")
    worked.db.execute(tamper)
    result = worked.verify()
    assert not result.intact and message in result.problem and "outside Chronology" in result.problem


def test_a_family_left_behind_by_a_move_is_not_tampering(worked):
    child = worked.children()[0]
    worked.update_child(child.id, replace(child.details, family="Moved"), "moved")
    assert worked.verify().intact


def test_a_withdrawn_acknowledgement_is_found(worked):
    worked.db.execute("DROP TRIGGER flag_acknowledgements_not_deleted")
    worked.db.execute("DELETE FROM flag_acknowledgements")
    assert "Flag acknowledgement 1 is in the audit trail but not in the database" in worked.verify().problem


any_text = st.text(max_size=20)
maybe_text = st.one_of(st.none(), any_text)
fuzzy_dates = st.builds(FuzzyDate, st.integers(1900, 2030), st.one_of(st.none(), st.integers(1, 12)),
                        st.none(), st.sampled_from(list(Qualifier)))
any_event = st.builds(
    EventDetails, date=fuzzy_dates, agency=any_text, role=any_text, event_type=any_text, summary=any_text,
    child_ids=st.lists(st.integers(1, 10**6), max_size=3).map(tuple), end_date=st.one_of(st.none(), fuzzy_dates),
    time=maybe_text, sequence=st.one_of(st.none(), st.integers(0, 10**6)), planned=st.booleans(),
    categories=st.lists(any_text, max_size=3).map(tuple), impact=any_text, action=any_text,
    child_voice=any_text, seen_alone=st.one_of(st.none(), st.booleans()), key_event=st.booleans(),
    rating=maybe_text, recorded_by=any_text, source_ref=any_text,
    third_party=st.lists(st.sampled_from(sorted(THIRD_PARTY_PARTS)), max_size=2).map(tuple))


@settings(max_examples=200, deadline=None)
@given(any_event, st.integers(1, 99), st.booleans())
def test_form_1_of_a_stored_row_is_what_the_general_encoder_wrote(details, version, in_error):
    """Form 1 is read from stored rows now; it must give exactly what was recorded before forms
    were named: the details' JSON (without fields added since), version and status."""
    details = replace(details.cleaned(), time=details.time or None)  # as stored: no empty time or rating
    row = {column: (None if column in ABSENT and value == ABSENT[column] else value)
           for column, value in zip(EVENT_COLUMNS, event_values(details), strict=True)}
    row.update(version=version, in_error=int(in_error))
    then = details.to_json()
    del then["outcome"]  # added after form 1
    expected = hashlib.sha256(_canonical([then, version, in_error]).encode("utf-8", "surrogatepass")).hexdigest()
    assert event_digest_v1(row, details.child_ids, details.categories) == expected


def test_form_1_cannot_hide_a_field_added_since(store, family):
    """An event last recorded in form 1 that now holds a decision outcome was changed outside."""
    event_id, _ = store.add_event(make_event([family["A1"]], "11/01/2019", event_type="strategy_discussion"))
    row = dict(next(iter(store.db.query("SELECT * FROM events WHERE id = ?", [event_id]))))
    assert event_digest_v1(row, [family["A1"]], []) != event_digest_v1({**row, "outcome": "s47"}, [family["A1"]], [])


@pytest.mark.parametrize("tamper, found", [
    ("UPDATE events SET recorded_at = '2001-01-01T00:00:00+00:00' WHERE id = 3", "Event 3 differs"),
    ("UPDATE events SET in_error_reason = 'typed twice' WHERE id = 2", "Event 2 differs"),
    ("UPDATE events SET sort_key = '0000' WHERE id = 4", "Event 4 differs"),
    ("INSERT INTO event_categories(event_id, category) VALUES (4, 'neglect')", "Event 4 differs"),
    ("DELETE FROM event_children WHERE event_id = 3", "Event 3 differs"),
    ("UPDATE event_versions SET reason = 'no reason' WHERE event_id = 1 AND version = 2", "Event 1 differs"),
    ("UPDATE event_versions SET changed_by = 'someone' WHERE event_id = 1 AND version = 1",
     "Version 1 of event 1 differs"),
    ("UPDATE event_versions SET data = replace(data, 'shouting', 'singing') WHERE event_id = 1 AND version = 1",
     "Version 1 of event 1 differs"),
    ("DELETE FROM event_versions WHERE event_id = 1 AND version = 1", "Version 1 of event 1 is in the audit trail"),
    ("UPDATE children SET created_by = 'someone' WHERE id = 1", "Child record 1 differs"),
    ("UPDATE families SET name = 'Other' WHERE name = 'Hughes'", "Child record 1 differs"),
    ("UPDATE child_versions SET reason = 'x' WHERE child_id = 2 AND version = 1", "Version 1 of child record 2"),
    ("UPDATE flag_acknowledgements SET title = 'Nothing' WHERE id = 1", "Flag acknowledgement 1 differs"),
])
def test_every_stored_column_is_under_the_trail(worked, tamper, found):
    worked.db.execute("DROP TRIGGER IF EXISTS flag_acknowledgements_kept")
    worked.db.execute(tamper)
    result = worked.verify()
    assert not result.intact and found in result.problem


def test_the_current_form_covers_every_column_the_store_writes():
    from chronology import audit
    assert EVENT_COLUMNS == audit.EVENT_COLUMNS_V2 and ABSENT == audit.ABSENT_V2
    assert audit.CURRENT_FORM == 2


def test_the_field_table_and_the_model_hold_the_same_fields():
    from dataclasses import fields

    from chronology.fields import EVENT_FIELDS
    assert [f.name for f in fields(EventDetails)] and \
        sorted(f.name for f in fields(EventDetails)) == sorted(f.name for f in EVENT_FIELDS)


def test_new_events_are_digested_as_one_at_a_time(store, family):
    from chronology import audit
    events = [make_event([family["A1"], family["A2"]], "c. 2016", categories=("neglect", "domestic_abuse"),
                         summary="Zoë said “no”"), make_event([family["A1"]], "14/03/2017", time="09:30")]
    rows = [event_values(details.validated()) for details in events]
    links = [(d.validated().child_ids, d.validated().categories) for d in events]
    quick = audit.new_event_digests(7, rows, links, "2026-11-30T10:00:00+00:00", ("created", "at", "me", ""))
    assert quick == {7 + n: audit.event_digest_v2(7 + n, row, "2026-11-30T10:00:00+00:00", 1, 0, "", *link,
                                                  ("created", "at", "me", ""))
                     for n, (row, link) in enumerate(zip(rows, links, strict=True))}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(), st.integers(-10**12, 10**12), st.none(),
                          st.lists(st.one_of(st.text(), st.integers())))))
def test_the_compact_encoder_writes_what_the_general_one_does(value):
    import json

    from chronology.audit import _compact
    assert _compact(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":"))
