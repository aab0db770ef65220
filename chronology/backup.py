"""Backups: consistent copies, encrypted with the caseload's own passphrase, kept in rotation; a
restore that checks a backup before it replaces anything (the replaced file is kept too); and the
passphrase's life: encrypting a caseload from before encryption, changing the passphrase."""
from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta
from pathlib import Path

from .db import DatabaseError, StoreError, latest_version, open_database, schema_version
from .passphrases import new_passphrase_problem, sql_literal
from .store import Store

PREFIX = "chronology-"


#: Files a write makes beside its destination and moves into place: one a killed program left
#: behind is removed the next time (see :func:`clear_leftovers`).
UNFINISHED = (".encrypting", ".restoring")
#: A backup still being written is touched as it goes: one untouched this long was abandoned.
ABANDONED_AFTER = timedelta(minutes=5)


def clear_leftovers(caseload: Path, backups: Path | None = None, now: datetime | None = None) -> list[Path]:
    """Remove what a killed encryption or restore left beside the caseload (call it holding the
    caseload's claim: only a program holding it writes those), and any backup in ``backups``
    abandoned half-written. Returns what was removed."""
    caseload = Path(caseload)
    removed = []
    for suffix in UNFINISHED:
        for end in ("", "-wal", "-shm", "-journal"):
            leftover = caseload.with_name(caseload.name + suffix + end)
            if leftover.is_file():
                leftover.unlink()
                removed.append(leftover)
    if backups is not None and Path(backups).is_dir():
        cutoff = (now or datetime.now()).timestamp() - ABANDONED_AFTER.total_seconds()
        for partial in Path(backups).glob(f"{PREFIX}*.partial*"):
            if partial.is_file() and partial.stat().st_mtime < cutoff:
                partial.unlink()
                removed.append(partial)
    return removed


def backup_due(folder: Path, hours: float, now: datetime | None = None) -> bool:
    """Whether the caseload is due a backup: none in ``folder`` yet, or the newest older than
    ``hours`` (a setting)."""
    newest = max((p.stat().st_mtime for p in Path(folder).glob(f"{PREFIX}*.db")), default=None)
    if newest is None:
        return True
    return (now or datetime.now()) - datetime.fromtimestamp(newest) >= timedelta(hours=hours)


def make_backup(store: Store, folder: Path, keep: int = 10) -> Path:
    """Copy the caseload into ``folder`` as one consistent snapshot (SQLCipher's export, with the
    same key; a plain caseload by ``VACUUM INTO``), then keep only the newest ``keep`` backups."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    clear_leftovers(store.path, folder) if store.path else None
    target = folder / f"{PREFIX}{datetime.now():%Y%m%d-%H%M%S-%f}.db"
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    try:
        if store.passphrase is None:
            store.db.execute("VACUUM INTO ?", [str(partial)])
        else:
            store.db.execute(f"ATTACH DATABASE ? AS backup KEY {sql_literal(store.passphrase)}", [str(partial)])
            try:
                store.db.execute("SELECT sqlcipher_export('backup')").fetchall()
            finally:
                store.db.execute("DETACH DATABASE backup")
        check_backup(partial, store.passphrase)
        os.replace(partial, target)
    except (DatabaseError, OSError) as error:
        partial.unlink(missing_ok=True)
        raise StoreError(f"The backup to {folder} could not be made: {error}") from error
    for old in sorted(folder.glob(f"{PREFIX}*.db"))[:-keep]:
        old.unlink()
    return target


def check_backup(path: Path, passphrase: str | None) -> None:
    """Open a backup and check it through: readable with the passphrase, intact, from this or an
    earlier version, its audit trail unbroken. Raises :class:`StoreError` saying what is wrong."""
    db = open_database(path, migrate=False, passphrase=passphrase)
    try:
        if db.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise StoreError(f"The backup {path} is damaged.")
        if schema_version(db) == latest_version():
            result = Store(db, "backup check", Path(path), passphrase).verify()
            if not result.intact:
                raise StoreError(f"The backup {path} does not verify: {result.problem}")
    finally:
        db.close()


def restore(backup: Path, target: Path, passphrase: str | None) -> Path | None:
    """Put a checked backup in place of ``target``. Nothing is replaced until the backup has been
    checked; the file it replaces is kept beside it. Returns where that was kept, if anywhere."""
    backup, target = Path(backup), Path(target)
    check_backup(backup, passphrase)
    incoming = target.with_name(target.name + ".restoring")
    shutil.copyfile(backup, incoming)
    kept = None
    if target.exists():
        kept = _unused(target.with_name(f"{target.stem}.before-restore-{datetime.now():%Y%m%d-%H%M%S}{target.suffix}"))
        os.replace(target, kept)
        for suffix in ("-wal", "-shm"):  # the old file's journal belongs with it
            journal = target.with_name(target.name + suffix)
            if journal.exists():
                os.replace(journal, kept.with_name(kept.name + suffix))
    os.replace(incoming, target)
    return kept


def _unused(path: Path) -> Path:
    """``path``, or the first of ``name-2``, ``name-3``… that is not there: a kept file (and its
    journal) is never replaced, however quickly restores follow each other."""
    taken = lambda candidate: any(candidate.with_name(candidate.name + end).exists()  # noqa: E731
                                  for end in ("", "-wal", "-shm"))
    if not taken(path):
        return path
    for number in range(2, 10_000):
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        if not taken(candidate):
            return candidate
    raise StoreError(f"Too many earlier copies are kept beside {path}: move some elsewhere, then restore again.")


def encrypt(path: Path, passphrase: str, user: str) -> None:
    """Encrypt a plain caseload in place: an encrypted copy is made, its audit trail notes it,
    and it is checked; the plain file is removed only after that."""
    path = Path(path)
    problem = new_passphrase_problem(passphrase)
    if problem:
        raise StoreError(problem)
    store = Store.open(path, "encryption")
    encrypted = path.with_name(path.name + ".encrypting")
    encrypted.unlink(missing_ok=True)
    try:
        store.db.execute(f"ATTACH DATABASE ? AS encrypted KEY {sql_literal(passphrase)}", [str(encrypted)])
        try:
            store.db.execute("SELECT sqlcipher_export('encrypted')").fetchall()
        finally:
            store.db.execute("DETACH DATABASE encrypted")
    finally:
        store.close()
    copy = Store.open(encrypted, user, passphrase)
    try:
        copy.record_encryption("encrypted")
        copy.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        copy.close()
    check_backup(encrypted, passphrase)
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    os.replace(encrypted, path)


def change_passphrase(store: Store, new: str) -> None:
    """Re-encrypt the caseload under a new passphrase (the old one then opens nothing)."""
    problem = new_passphrase_problem(new)
    if problem:
        raise StoreError(problem)
    if store.passphrase is None:
        raise StoreError("This caseload is not encrypted: encrypt it first.")
    store.db.execute(f"PRAGMA rekey = {sql_literal(new)}")
    store.passphrase = new
    store.record_encryption("passphrase changed")
