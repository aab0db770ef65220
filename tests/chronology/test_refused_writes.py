"""Writes the disk refuses (full, busy, read-only): rolled back whole, explained in plain words."""
from datetime import date

import pytest

from chronology.db import DatabaseError, open_database, why_not_saved
from chronology.model import ChildDetails
from chronology.store import Store
from tests.conftest import make_event

LONG_TEXT = "Seen at home; the kitchen had no food in it. " * 4000


@pytest.fixture
def full_store(tmp_path):
    """A store whose file cannot grow: SQLite's own page limit, failing as a full disk does."""
    store = Store.open(tmp_path / "full.db", "Worker", "a long passphrase")
    child_id, _ = store.add_child(ChildDetails(ref="A1", name="Ava Hughes", dob=date(2015, 1, 1)))
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")
    yield store, child_id
    store.close()


def test_a_full_disk_loses_nothing_and_says_so(full_store):
    store, child_id = full_store
    with pytest.raises(DatabaseError) as refused:
        store.add_event(make_event([child_id], summary=LONG_TEXT))
    assert why_not_saved(refused.value).startswith("This was not saved: the disk is full.")
    assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    assert store.verify().problem is None  # no half-written audit entry
    assert store.child(child_id).name == "Ava Hughes"


def test_a_busy_file_is_explained(tmp_path):
    path = tmp_path / "busy.db"
    store = Store.open(path, "Worker")
    child_id, _ = store.add_child(ChildDetails(ref="A1", name="Ava Hughes", dob=date(2015, 1, 1)))
    other = open_database(path)  # another program holding the file for writing
    other.execute("BEGIN IMMEDIATE")
    store.db.execute("PRAGMA busy_timeout = 0")
    with pytest.raises(DatabaseError) as refused:
        store.add_event(make_event([child_id]))
    assert "the file is busy" in why_not_saved(refused.value)
    other.execute("ROLLBACK")
    other.close()
    store.add_event(make_event([child_id]))  # once it is free, saving works
    assert store.db.execute("SELECT count(*) FROM events").fetchone()[0] == 1
    store.close()


@pytest.mark.parametrize("sqlite_message, advice", [
    ("attempt to write a readonly database", "the file is read-only"),
    ("disk I/O error", "the disk could not be written"),
    ("something unforeseen", "This was not saved (something unforeseen)"),
])
def test_every_refusal_keeps_what_was_saved_before(sqlite_message, advice):
    message = why_not_saved(DatabaseError(sqlite_message))
    assert advice in message and message.endswith("Everything saved before it is safe.")
