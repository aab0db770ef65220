"""Writes the disk refuses (full, busy, read-only): rolled back whole, explained in plain words."""
from datetime import date
from pathlib import Path

import pytest

from chronology.db import DatabaseError, open_database, why_not_saved
from chronology.model import ChildDetails
from chronology.store import Store
from tests.conftest import make_event

LONG_TEXT = "Seen at home; the kitchen had no food in it. " * 4000


@pytest.fixture
def full_store(tmp_path):
    """A store whose file cannot grow: SQLite's own page limit, failing as a full disk does."""
    store = Store.open(tmp_path / "full.db", "Worker", "a long passphrase", create=True)
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
    store = Store.open(path, "Worker", create=True)
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


@pytest.fixture
def read_only_store(tmp_path):
    """A caseload whose file is marked read-only (as Windows' attribute does), with one child;
    its name has the characters a URI must escape."""
    path = tmp_path / "read only #1 50%.db"
    store = Store.open(path, "Worker", "a long passphrase", create=True)
    child_id, _ = store.add_child(ChildDetails(ref="A1", name="Ava Hughes", dob=date(2015, 1, 1)))
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    path.chmod(0o444)
    yield path, child_id
    path.chmod(0o644)


def test_a_read_only_file_is_opened_read_only_and_never_written(read_only_store):
    path, child_id = read_only_store
    before = path.read_bytes()
    store = Store.open(path, "Worker", "a long passphrase")
    assert store.child(child_id).name == "Ava Hughes"  # it can be read
    with pytest.raises(DatabaseError) as refused:
        store.add_event(make_event([child_id]))
    assert "the file is read-only" in why_not_saved(refused.value)
    store.close()
    assert path.read_bytes() == before  # even an administrator's copy of the app cannot write it


def test_opening_a_read_only_file_warns_before_any_work_is_typed(read_only_store, tmp_path):
    from chronology.db import read_only_warning
    path, _ = read_only_store
    assert "is read-only" in read_only_warning(path)
    assert read_only_warning(tmp_path / "anything-else.db") is None


def test_a_read_only_file_of_an_earlier_version_is_not_upgraded(tmp_path):
    import shutil

    from chronology.db import StoreError
    path = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema_v5.db", path)
    path.chmod(0o444)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="read-only and was written by an earlier version"):
        Store.open(path, "Worker")
    assert path.read_bytes() == before


@pytest.mark.parametrize("path, uri", [
    ("C:/Users/Sam Worker/chronology#1.db", "file:///C:/Users/Sam%20Worker/chronology%231.db?mode=ro"),
    ("//council-fs/social care/c.db", "file:////council-fs/social%20care/c.db?mode=ro"),
    ("/home/sam/chronology.db", "file:///home/sam/chronology.db?mode=ro"),
])
def test_a_read_only_file_is_named_to_sqlite_as_it_expects_on_every_system(path, uri):
    from chronology.db import read_only_uri
    assert read_only_uri(path) == uri


def test_a_caseload_on_storage_that_cannot_be_written_is_read_never_called_a_wrong_passphrase(tmp_path,
                                                                                             monkeypatch):
    """On a read-only disk SQLite cannot make the file a write-ahead log needs to be read: the file is
    opened as unchanging (tests/reliability/read_only_storage.py shows it on a real read-only mount)."""
    from chronology import db as db_module
    path = tmp_path / "case.db"
    store = Store.open(path, "Worker", "a long passphrase", create=True)
    child_id, _ = store.add_child(ChildDetails(ref="A1", name="Ava Hughes", dob=date(2015, 1, 1)))
    store.close()
    opened = []
    real_connect = db_module.sqlite3.connect
    monkeypatch.setattr(db_module, "folder_writable", lambda _path: False)
    monkeypatch.setattr(db_module.sqlite3, "connect", lambda *a, **k: opened.append(a[0]) or real_connect(*a, **k))
    reader = Store.open(path, "Worker", "a long passphrase")
    assert reader.child(child_id).name == "Ava Hughes" and opened[-1].endswith("?mode=ro&immutable=1")
    with pytest.raises(DatabaseError) as refused:
        reader.add_child(ChildDetails(ref="A2", name="Leo"))
    assert "read-only" in why_not_saved(refused.value)
    reader.close()
