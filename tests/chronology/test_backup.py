from pathlib import Path

import pytest

from chronology.backup import check_backup, make_backup, restore
from chronology.db import StoreError
from chronology.demo import generate
from chronology.model import ChildDetails
from chronology.store import Store

PASSPHRASE = "a long passphrase"


@pytest.fixture
def encrypted(tmp_path) -> Store:
    store = Store.open(tmp_path / "case.db", "Worker", PASSPHRASE, create=True)
    generate(store, children=3, seed=4)
    yield store
    store.close()


def test_backups_are_encrypted_consistent_and_rotated(encrypted, tmp_path):
    folder = tmp_path / "backups"
    made = [make_backup(encrypted, folder, keep=3) for _ in range(5)]
    kept = sorted(folder.glob("chronology-*.db"))
    assert kept == sorted(made[-3:])
    raw = kept[-1].read_bytes()
    assert not raw.startswith(b"SQLite format 3") and b"Hughes" not in raw
    copy = Store.open(kept[-1], "Checker", PASSPHRASE)
    assert copy.child_count() == encrypted.child_count() and copy.verify().intact
    copy.close()


def test_a_plain_caseload_is_backed_up_too(tmp_path):
    store = Store.open(tmp_path / "plain.db", "Worker", create=True)
    generate(store, children=2, seed=1)
    backup = make_backup(store, tmp_path / "b")
    assert Store.open(backup, "x").child_count() == 2


def test_restore_checks_before_it_replaces_and_keeps_what_it_replaced(encrypted, tmp_path):
    backup = make_backup(encrypted, tmp_path / "backups")
    target = Path(encrypted.path)
    encrypted.add_child(ChildDetails(ref="N9", name="New"))
    encrypted.close()
    with pytest.raises(StoreError):
        restore(backup, target, "the wrong passphrase")
    assert Store.open(target, "x", PASSPHRASE).child_count() == 4  # untouched by the refused restore
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(backup.read_bytes()[:4096] + b"\0" * 4096)
    with pytest.raises(StoreError):
        restore(damaged, target, PASSPHRASE)
    kept = restore(backup, target, PASSPHRASE)
    assert Store.open(target, "x", PASSPHRASE).child_count() == 3
    assert kept is not None and Store.open(kept, "x", PASSPHRASE).child_count() == 4
    check_backup(target, PASSPHRASE)


def test_a_plain_caseload_is_encrypted_only_once_the_copy_checks_out(tmp_path):
    from chronology.backup import encrypt
    from chronology.db import WrongPassphrase
    path = tmp_path / "plain.db"
    store = Store.open(path, "Worker", create=True)
    generate(store, children=2, seed=6)
    store.close()
    assert path.read_bytes().startswith(b"SQLite format 3")
    encrypt(path, PASSPHRASE, "Sam Worker")
    assert not path.read_bytes().startswith(b"SQLite format 3")
    with pytest.raises(WrongPassphrase):
        Store.open(path, "x", "not it")
    again = Store.open(path, "x", PASSPHRASE)
    assert again.child_count() == 2 and again.verify().intact
    last = again.db.execute("SELECT action, who FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert tuple(last) == ("encrypted", "Sam Worker")  # who encrypted it, and when, is on the record
    again.close()


def test_changing_the_passphrase(encrypted, tmp_path):
    from chronology.backup import change_passphrase
    from chronology.db import WrongPassphrase
    path = encrypted.path
    change_passphrase(encrypted, "a new long passphrase")
    encrypted.close()
    with pytest.raises(WrongPassphrase):
        Store.open(path, "x", PASSPHRASE)
    reopened = Store.open(path, "x", "a new long passphrase")
    assert reopened.child_count() == 3
    last = reopened.db.execute("SELECT action, who, detail FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    assert last[0] == "passphrase changed" and "passphrase" not in last[2]  # recorded, never stored
    assert reopened.verify().problem is None
    reopened.close()


def test_no_case_data_in_the_clear_in_the_database_or_its_journal(tmp_path):
    from chronology.model import ChildDetails
    from tests.conftest import make_event
    path = tmp_path / "canary.db"
    store = Store.open(path, "Worker", PASSPHRASE, create=True)
    child, _ = store.add_child(ChildDetails(ref="CANARY-REF", name="Canary Wojcik"))
    store.add_event(make_event([child], "14/03/2017", summary="CANARY-TEXT in the summary"))
    files = [p for p in tmp_path.iterdir() if p.name.startswith("canary.db")]
    assert any(p.name.endswith("-wal") for p in files)  # the journal is checked while it holds data
    for file in files:
        assert b"CANARY" not in file.read_bytes() and b"Canary" not in file.read_bytes()
    store.close()


def test_a_flipped_byte_anywhere_in_an_encrypted_file_is_detected(tmp_path):
    import random
    import shutil

    from chronology.db import DatabaseError
    pristine = tmp_path / "pristine.db"
    store = Store.open(pristine, "Worker", PASSPHRASE, create=True)
    generate(store, children=2, seed=8)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    size = pristine.stat().st_size
    rng = random.Random(5)
    detected = 0
    for attempt in range(20):
        copy = tmp_path / f"flipped-{attempt}.db"
        shutil.copy(pristine, copy)
        data = bytearray(copy.read_bytes())
        where = rng.randrange(size)
        data[where] ^= 1 << rng.randrange(8)
        copy.write_bytes(bytes(data))
        try:  # SQLCipher checks each page's HMAC as it reads it: reading every page must fail somewhere
            flipped = Store.open(copy, "Checker", PASSPHRASE)
            ok = flipped.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            flipped.close()
        except (StoreError, DatabaseError):
            ok = False
        detected += not ok
    assert detected == 20


def test_restores_in_the_same_second_never_replace_a_kept_copy(tmp_path):
    store = Store.open(tmp_path / "case.db", "Worker", PASSPHRASE, create=True)
    generate(store, children=1, seed=3)
    backup = make_backup(store, tmp_path / "backups")
    store.close()
    kept = [restore(backup, tmp_path / "case.db", PASSPHRASE) for _ in range(3)]
    assert len({str(k) for k in kept}) == 3 and all(k.exists() for k in kept)


def test_what_killed_backups_and_encryptions_left_is_gone_after_the_next_start(tmp_path, capsys, monkeypatch):
    import os
    import time

    from chronology.cli import main
    monkeypatch.setenv("CHRONOLOGY_PASSPHRASE", PASSPHRASE)
    db = tmp_path / "case.db"
    assert main(["demo", "--db", str(db), "--children", "1"]) == 0
    backups = tmp_path / "backups"
    backups.mkdir()
    old = backups / "chronology-20261101-101010-000001.partial"
    fresh = backups / "chronology-20261130-101010-000001.partial"
    for path in (old, fresh, tmp_path / "case.db.encrypting", tmp_path / "case.db.encrypting-wal",
                 tmp_path / "case.db.restoring"):
        path.write_bytes(b"x" * 4096)
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    assert main(["add-child", "--db", str(db), "--ref", "Z1", "--name", "Zed"]) == 0  # holds the caseload
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "case.db"]
    assert main(["backup", "--db", str(db), "--to", str(backups)]) == 0
    assert not old.exists() and fresh.exists()  # one still being written is left to its writer


def test_a_backup_is_due_when_there_is_none_or_the_newest_is_old_enough(encrypted, tmp_path):
    import os
    from datetime import datetime, timedelta

    from chronology.backup import backup_due, make_backup
    folder = tmp_path / "backups"
    assert backup_due(folder, hours=24)  # none yet (the folder is not even there)
    made = make_backup(encrypted, folder)
    assert not backup_due(folder, hours=24)
    two_days_ago = (datetime.now() - timedelta(days=2)).timestamp()
    os.utime(made, (two_days_ago, two_days_ago))
    assert backup_due(folder, hours=24) and not backup_due(folder, hours=72)
    (folder / "notes.db").write_bytes(b"")  # another file in the folder is not a backup
    assert backup_due(folder, hours=24)
