"""The audit trail shows tampering: altered, removed or inserted entries, and data changed
outside the app, are reported with the first break."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chronology.audit import GENESIS, _canonical, canonical_event
from chronology.dates import FuzzyDate, Qualifier
from chronology.db import IntegrityError
from chronology.model import EventDetails
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
    ("DELETE FROM audit_log WHERE id = 5", "Audit entry 6 does not follow"),
])
def test_tampering_with_the_trail_is_found(worked, tamper, message):
    worked.db.executescript("DROP TRIGGER audit_log_kept; DROP TRIGGER audit_log_not_deleted;")
    worked.db.execute(tamper)
    result = worked.verify()
    assert not result.intact and message in result.problem


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
    third_party=st.lists(any_text, max_size=2).map(tuple))


@settings(max_examples=200, deadline=None)
@given(any_event, st.integers(1, 99), st.booleans())
def test_an_event_is_digested_exactly_as_the_general_encoder_writes_it(details, version, in_error):
    assert canonical_event(details, version, in_error) == _canonical([details.to_json(), version, in_error])
