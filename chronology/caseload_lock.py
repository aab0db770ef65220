"""One program at a time works on a caseload: the app's window, or a command that changes it.

Never two writers — and never a restore, an encryption or a passphrase change pulling the file
from under an open window. The claim is SQLite's own exclusive lock on a small companion file
beside the caseload (``caseload.db.in-use``, empty), found from the file itself, not the name it
was opened by (a link to it claims the same file). The operating system drops the lock when the
holder ends, however it ends, so a crash never leaves a stale claim, and it works alike on
Windows and elsewhere.

The companion file is removed when the claim is let go, so that nothing is left beside the
caseload. Where a file open elsewhere can be removed (not Windows) it is removed while still
locked, and a program that locked a file just removed sees that it is no longer the one at that
name, and claims again.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from .driver import sqlite3
from .errors import CaseloadInUse, StoreError

#: Tries at claiming, should a holder remove the companion file just as it is locked.
ATTEMPTS = 5


class CaseloadLock:
    def __init__(self, database: Path | str):
        self.database = Path(database)
        real = self.database.resolve()
        self.path = real.with_name(real.name + ".in-use")
        self._conn: sqlite3.Connection | None = None
        self._handle: IO[bytes] | None = None

    def acquire(self) -> CaseloadLock:
        """Claim the caseload, or raise :class:`CaseloadInUse` (or :class:`StoreError` when the
        folder cannot be written) saying what to do."""
        for _ in range(ATTEMPTS):
            try:
                handle = open(self.path, "ab")
                conn = sqlite3.connect(str(self.path), timeout=0, isolation_level=None)
            except (OSError, sqlite3.Error) as error:
                raise StoreError(self._folder_message()) from error
            try:
                conn.execute("PRAGMA journal_mode = OFF")  # nothing is ever written: no journal file
                conn.execute("PRAGMA locking_mode = EXCLUSIVE")
                conn.execute("BEGIN EXCLUSIVE")
            except sqlite3.OperationalError as error:
                conn.close()
                handle.close()
                if "locked" in str(error) or "busy" in str(error):
                    raise CaseloadInUse(f"{self.database} is open in another Chronology window, or another "
                                        "Chronology command is working on it. Close it there (or wait for the "
                                        "command to finish), then try again.") from error
                raise StoreError(self._folder_message()) from error
            if self._still_here(handle):
                self._conn, self._handle = conn, handle
                return self
            conn.close()  # the holder removed it as we locked it: claim the one there now
            handle.close()
        raise CaseloadInUse(f"{self.database} is being opened and closed by another program: try again.")

    def _still_here(self, handle: IO[bytes]) -> bool:
        try:
            here, ours = os.stat(self.path), os.fstat(handle.fileno())
        except OSError:
            return False
        return (here.st_dev, here.st_ino) == (ours.st_dev, ours.st_ino)

    def release(self) -> None:
        """Let the claim go and remove the companion file (while still locked where the system
        allows it; otherwise just after, when a file open elsewhere cannot be removed anyway)."""
        if self._conn is None:
            return
        removed = self._remove()
        self._conn.close()  # closing ends the transaction and with it the lock
        if self._handle is not None:
            self._handle.close()
        self._conn, self._handle = None, None
        if not removed:
            self._remove()

    def _remove(self) -> bool:
        try:
            self.path.unlink(missing_ok=True)
            return True
        except OSError:  # open elsewhere (Windows): whoever has it open removes it in turn
            return False

    @property
    def held(self) -> bool:
        return self._conn is not None

    def __enter__(self) -> CaseloadLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()

    def _folder_message(self) -> str:
        return (f"Chronology cannot write in the folder {self.path.parent}, so it cannot work on the "
                "caseload kept there safely. Copy the caseload to a folder you can write to (or ask IT "
                "for access), then open it there.")
