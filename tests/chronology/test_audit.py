"""The audit trail shows tampering: altered, removed or inserted entries, and data changed
outside the app, are reported with the first break."""
from chronology.db import IntegrityError

import pytest

from chronology.audit import GENESIS
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
