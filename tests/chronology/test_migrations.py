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


def test_every_earlier_version_has_a_fixture():
    assert fixture_versions() == list(range(1, latest_version()))


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
    assert [v.action for v in store.event_history(1)] == ["created", "amended"]
    if version >= 4:  # written by a version that could acknowledge flags: it is still there
        assert store.acknowledgements(child.id)["repeat_concern:1"].by == "v4 manager"
    store.acknowledge_flag(child.id, "repeat_concern:1", "repeat_concern", "Neglect raised", "Seen in supervision")
    assert store.acknowledgements(child.id)["repeat_concern:1"].response == "Seen in supervision"
    assert store.event(1).details.third_party == (("impact",) if version >= 5 else ())
    # The upgrade starts the audit trail with what the database held: it verifies.
    assert store.verify().intact


def test_opening_twice_applies_nothing_more(tmp_path):
    path = tmp_path / "twice.db"
    open_database(path).close()
    db = open_database(path)
    assert schema_version(db) == latest_version()
