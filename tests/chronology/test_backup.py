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
    store = Store.open(tmp_path / "case.db", "Worker", PASSPHRASE)
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
    store = Store.open(tmp_path / "plain.db", "Worker")
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
