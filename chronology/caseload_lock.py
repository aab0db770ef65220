"""One program at a time works on a caseload: the app's window, or a command that changes it.

Never two writers — and never a restore, an encryption or a passphrase change pulling the file
from under an open window. The claim is SQLite's own exclusive lock on a small companion file
(``caseload.db.in-use``, empty). The operating system drops it when the holder ends, however it
ends, so a crash never leaves a stale claim behind, and it works alike on Windows and elsewhere.
The companion file is left in place: deleting it could let two programs lock two different files.
"""
from __future__ import annotations

from pathlib import Path

from sqlcipher3 import dbapi2 as sqlite3

from .db import StoreError


class CaseloadInUse(StoreError):
    """Another program (a Chronology window, or a command) is working on this caseload."""


class CaseloadLock:
    def __init__(self, database: Path | str):
        self.database = Path(database)
        self.path = self.database.with_name(self.database.name + ".in-use")
        self._conn: sqlite3.Connection | None = None

    def acquire(self) -> "CaseloadLock":
        """Claim the caseload, or raise :class:`CaseloadInUse` (or :class:`StoreError` when the
        folder cannot be written) saying what to do."""
        try:
            conn = sqlite3.connect(str(self.path), timeout=0, isolation_level=None)
        except sqlite3.Error as error:
            raise StoreError(self._folder_message()) from error
        try:
            conn.execute("PRAGMA journal_mode = OFF")  # nothing is ever written: no journal file
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")
        except sqlite3.OperationalError as error:
            conn.close()
            if "locked" in str(error) or "busy" in str(error):
                raise CaseloadInUse(f"{self.database} is open in another Chronology window, or another "
                                    "Chronology command is working on it. Close it there (or wait for the "
                                    "command to finish), then try again.") from error
            raise StoreError(self._folder_message()) from error
        self._conn = conn
        return self

    def release(self) -> None:
        if self._conn is not None:
            self._conn.close()  # closing ends the transaction and with it the lock
            self._conn = None

    @property
    def held(self) -> bool:
        return self._conn is not None

    def __enter__(self) -> "CaseloadLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()

    def _folder_message(self) -> str:
        return (f"Chronology cannot write in the folder {self.database.parent}, so it cannot work on the "
                "caseload kept there safely. Copy the caseload to a folder you can write to (or ask IT "
                "for access), then open it there.")
