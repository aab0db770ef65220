"""Every earlier schema version is kept as a file and upgraded here (as TagStudio does)."""
import shutil
from pathlib import Path

import pytest

from chronology.db import MIGRATION_NAMES, latest_version, open_database, schema_version
from chronology.queries import EventFilter, matching_ids
from chronology.store import Store

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_versions() -> list[int]:
    return sorted(int(path.stem.rsplit("_v", 1)[1]) for path in FIXTURES.glob("schema_v*.db"))


def test_every_version_has_a_fixture_todays_included():
    """Today's caseload is history for the next version: made by fixtures/make_fixture.py."""
    assert fixture_versions() == list(range(1, latest_version() + 1))


@pytest.mark.parametrize("version", fixture_versions())
def test_upgrade_from_each_earlier_version_keeps_everything(tmp_path, version):
    path = tmp_path / "old.db"
    shutil.copy(FIXTURES / f"schema_v{version}.db", path)
    db = open_database(path, migrate=False)
    assert schema_version(db) == version
    db.close()
    store = Store.open(path, "Upgrader")
    assert schema_version(store.db) == latest_version() == len(MIGRATION_NAMES)
    child = store.child_by_ref("A1")
    assert child.name == "Ava Hughes" and child.details.family == "Hughes"
    event = store.event(1)
    assert event.details.summary == "Arrived hungry and unwashed on Monday"
    assert event.details.categories == ("neglect",)
    # The search index added by a later version covers events written before it.
    assert matching_ids(store.db, EventFilter(child_ids=(child.id,), text="unwashed")) == [1]
    # And the upgraded store is fully usable.
    store.amend_event(1, event.details, "Checked after upgrade")
    amended_before = ["amended"] if version >= 6 else []  # the v6 caseload was worked on by its version
    assert [v.action for v in store.event_history(1)] == ["created", *amended_before, "amended"]
    if version >= 4:  # written by a version that could acknowledge flags: it is still there
        assert store.acknowledgements(child.id)["repeat_concern:1"].by == "v4 manager"
    store.acknowledge_flag(child.id, "repeat_concern:1", "repeat_concern", "Neglect raised", "Seen in supervision")
    assert store.acknowledgements(child.id)["repeat_concern:1"].response == "Seen in supervision"
    assert store.event(1).details.third_party == (("impact",) if version >= 5 else ())
    # The upgrade starts the audit trail with what the database held: it verifies.
    assert store.verify().intact


def test_todays_caseload_opens_as_it_was_written_and_verifies(tmp_path):
    version = latest_version()
    path = tmp_path / "today.db"
    shutil.copy(FIXTURES / f"schema_v{version}.db", path)
    store = Store.open(path, "Reader")
    assert store.verify().intact
    decision = next(store.event(i) for i in store.matching_ids(EventFilter(child_ids=(store.child_by_ref("A1").id,)))
                    if store.event(i).details.event_type == "referral_decision")
    assert decision.details.outcome == "assessment" and decision.details.date.to_text() == "21/05/2019"
    assert [v.action for v in store.event_history(decision.id)] == ["created", "amended"]
    assert store.acknowledgements(store.child_by_ref("A1").id)["re_referral:2,3"].by == f"v{version} worker"


def test_opening_twice_applies_nothing_more(tmp_path):
    path = tmp_path / "twice.db"
    open_database(path, create=True).close()
    db = open_database(path)
    assert schema_version(db) == latest_version()


def test_a_caseload_made_before_digest_forms_verifies_after_upgrade_and_shows_tampering(tmp_path):
    """The v6 fixture was made by the version before decision outcomes, its trail all in form 1:
    upgraded, it verifies; a change to anything the trail covers is still found."""
    path = tmp_path / "v6.db"
    shutil.copy(FIXTURES / "schema_v6.db", path)
    store = Store.open(path, "Upgrader")
    result = store.verify()
    assert result.intact, result.problem
    baseline = store.db.execute("SELECT detail FROM audit_log WHERE action = 'baseline' ORDER BY id DESC").fetchone()
    assert '"form":2' in baseline[0] and "event_versions" in baseline[0]
    for tamper, found in (
            ("UPDATE events SET outcome = 'no_s47' WHERE id = 2", "Event 2 differs"),
            ("UPDATE events SET summary = 'changed' WHERE id = 3", "Event 3 differs"),
            ("UPDATE event_versions SET reason = 'changed' WHERE event_id = 1 AND version = 1",
             "Version 1 of event 1 differs"),
            ("UPDATE child_versions SET changed_by = 'someone' WHERE child_id = 2 AND version = 1",
             "Version 1 of child record 2 differs"),
            ("UPDATE children SET name = 'Someone' WHERE id = 2", "Child record 2 differs")):
        store.db.execute("SAVEPOINT tamper")
        store.db.execute(tamper)
        assert found in (store.verify().problem or ""), tamper
        store.db.execute("ROLLBACK TO tamper")
        store.db.execute("RELEASE tamper")
    assert store.verify().intact
