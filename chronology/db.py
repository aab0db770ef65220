"""The one place where the store gets its connection, and the schema's migrations.

Everything that touches the database file goes through :func:`open_database`. Connections are
SQLCipher's: with a passphrase the file is encrypted at rest; without one it is plain SQLite.
"""
from __future__ import annotations

# isort: skip_file
# (import order matters here: SQLCipher's driver is registered before sqlite-utils loads)

import os
import stat
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Iterator
from urllib.parse import quote

from .driver import DatabaseError, IntegrityError, sqlite3
from .passphrases import new_passphrase_problem, sql_literal

from sqlite_utils import Database

from .migrations import MIGRATION_NAMES, SEARCH_COLUMNS, migrations

from .errors import DamagedCaseload, StoreError, WrongPassphrase

__all__ = ["MIGRATION_NAMES", "DamagedCaseload", "DatabaseError", "IntegrityError", "StoreError", "WrongPassphrase"]


#: What SQLite and SQLCipher say when a page cannot be read back as it was written.
DAMAGE_MARKERS = ("malformed", "corrupt", "hmac", "disk image", "not a database")


def is_damage(error: Exception) -> bool:
    return any(marker in str(error).casefold() for marker in DAMAGE_MARKERS)


def damaged(path: Path | str, detail: str = "") -> DamagedCaseload:
    """The one way a damaged file is said: never "not saved", never "wrong passphrase"."""
    return DamagedCaseload(
        f"{path} is damaged: part of it cannot be read back as it was written{f' ({detail})' if detail else ''}. "
        "Nothing in it was changed. Restore the latest backup (`restore --db … --from …`, or in the app "
        "File → Restore from a backup); the damaged file is kept beside the restored one.")


#: What SQLite's message says went wrong (any of the markers), and what the worker can do about it.
WRITE_PROBLEMS = (
    (("full",), "the disk is full. Free some space (or ask IT to), then save again."),
    (("readonly", "read-only"), "the file is read-only. Check that it is not marked read-only and "
                                "that you can write to its folder, then save again."),
    (("locked", "busy"), "the file is busy: another program (a backup or antivirus scan, perhaps) "
                         "is using it. Wait a moment, then save again."),
    (("disk i/o",), "the disk could not be written (was a USB drive or network share removed?). "
                    "Check the drive, then save again."),
)


def explain(error: Exception, path: Path | str | None = None, writing: bool = True) -> str:
    """What a worker is told when the database refuses: damage as damage (never "not saved" or
    "wrong passphrase"), a write the disk refused as not saved, with what to do."""
    if is_damage(error):
        return str(damaged(path or "The caseload", str(error)))
    if ("readonly" in str(error).casefold() and path is not None and Path(path).is_file()
            and not is_read_only(Path(path))):
        # A writable file refused as read-only: SQLCipher stops writing once a page fails its check.
        return str(damaged(path, "a page failed its check, and nothing more may be written"))
    if writing:
        return why_not_saved(error)
    return f"{path or 'The caseload'} could not be read ({error}). Nothing was changed."


def why_not_saved(error: Exception) -> str:
    """A worker's explanation of a failed write. The write was rolled back, so whatever was
    saved before it is intact; the explanation says what to do before trying again."""
    text = str(error).casefold()
    for markers, explanation in WRITE_PROBLEMS:
        if any(marker in text for marker in markers):
            return f"This was not saved: {explanation} Everything saved before it is safe."
    return f"This was not saved ({error}). Everything saved before it is safe."


#: SQLite's own default: after a commit that leaves this many pages in the write-ahead log, the
#: committing connection copies them into the database file.
WAL_AUTOCHECKPOINT = 1000


@contextmanager
def copy_to_file_later(db: Database) -> Iterator[None]:
    """Commit a bulk write without copying the write-ahead log into the database file: the data is
    safe once the log is on disk (``synchronous=FULL``), and the copy (which a large import would
    wait for) is left to the connection's closing (:func:`close_database`), after the
    worker has the result, or to its next commit."""
    db.execute("PRAGMA wal_autocheckpoint = 0")
    try:
        yield
    finally:
        db.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT}")


def close_database(db: Database) -> None:
    """Copy what the write-ahead log holds into the file (without waiting on other connections'
    readers), then close. SQLite does this itself only when the last connection closes."""
    try:
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    except sqlite3.DatabaseError:
        pass  # the log keeps the data safe; the copy is made when the file is next opened
    finally:
        db.close()


def index_new_events(db: Database, first_id: int, last_id: int) -> None:
    """Add freshly inserted events to the search index in one statement."""
    columns = ", ".join(SEARCH_COLUMNS)
    db.execute(f"INSERT INTO events_fts(rowid, {columns}) SELECT id, {columns} FROM events "
               "WHERE id BETWEEN ? AND ?", [first_id, last_id])


def schema_version(db: Database) -> int:
    """How many of our migrations this database has had."""
    return len(migrations.applied(db))


def latest_version() -> int:
    return len(MIGRATION_NAMES)


def is_read_only(path: Path) -> bool:
    """Whether an existing file may not be written: Windows' read-only attribute (which clears
    the write bit Python reports), no permission to write it, or a folder (a read-only disk or
    share) where its journal cannot be written."""
    return path.exists() and (not path.stat().st_mode & stat.S_IWRITE or not os.access(path, os.W_OK)
                              or not folder_writable(path))


def folder_writable(path: Path) -> bool:
    """Whether the caseload's folder takes new files (its journal, its lock)."""
    folder = path.resolve().parent
    return os.access(folder, os.W_OK) and bool(folder.stat().st_mode & stat.S_IWRITE)


def read_only_warning(path: Path) -> str | None:
    """What to tell a worker on opening a caseload that cannot be written."""
    if not is_read_only(Path(path)):
        return None
    return (f"{path} is read-only: you can read this caseload, but nothing you add or change can be "
            "saved to it. To work on it, close Chronology, clear the file's read-only mark (or copy it "
            "to a folder you can write to), then open it again.")


def read_only_uri(posix_path: str, immutable: bool = False) -> str:
    """SQLite's URI for opening a file read-only: ``file:///C:/…`` for a drive, ``file:////server/
    share/…`` for a network share (SQLite refuses a host in the authority), ``file:///…`` on Unix.
    ``immutable``: on storage that cannot be written at all (a read-only disk), where SQLite could
    not make the shared-memory file a write-ahead log needs to be read."""
    return ("file://" + ("" if posix_path.startswith("/") else "/") + quote(posix_path, safe="/:") + "?mode=ro"
            + ("&immutable=1" if immutable else ""))


def _connect(path: Path, passphrase: str | None, read_only: bool) -> sqlite3.Connection:
    # A read-only file is opened read-only, so that SQLite refuses every write the same way
    # whoever runs the app (an administrator's connection would otherwise write it anyway).
    uri = read_only_uri(path.resolve().as_posix(), immutable=not folder_writable(path)) if read_only else None
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=5.0) if uri else sqlite3.connect(str(path), timeout=5.0)
    except sqlite3.Error as error:
        raise StoreError(f"{path} cannot be opened ({error}): check that it is there and that you may read it.") \
            from error
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong passphrase is reported, not logged
        if passphrase is not None:
            conn.execute(f"PRAGMA key = {sql_literal(passphrase)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        conn.close()
        message = str(error).casefold()
        if "unable to open" in message or "readonly" in message or "read-only" in message:
            raise StoreError(f"{path} cannot be read where it is kept ({error}): the disk or folder may be "
                             "read-only or unavailable. Copy the caseload to this computer's own disk, "
                             "then open the copy.") from error
        if "not a database" in message and passphrase is not None:
            raise WrongPassphrase(f"{path} cannot be opened with that passphrase: the passphrase is wrong, or the "
                                  "file is not a Chronology caseload. If you are sure of the passphrase, the "
                                  "file's first page may be damaged: restore the latest backup.") from error
        if is_damage(error) and passphrase is not None:
            raise damaged(path, str(error)) from error
        raise StoreError(f"{path} is not a Chronology database, is encrypted (it needs its passphrase), "
                         f"or is damaged ({error}).") from error
    conn.execute("PRAGMA foreign_keys = ON")
    if not read_only:  # switching the journal is a write; a read-only file is read as it is
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA cache_size = -32000")  # 32 MB: a million-event store stays quick
    conn.execute("PRAGMA temp_store = MEMORY")  # sorts and temporary tables never touch the disk
    return conn


def is_encrypted(path: Path | str) -> bool:
    """Whether an existing file is not plain SQLite (an encrypted store looks like noise)."""
    with open(path, "rb") as handle:
        return handle.read(16) != b"SQLite format 3\x00"


def open_database(path: Path | str, *, migrate: bool = True, passphrase: str | None = None,
                  create: bool = False) -> Database:
    """Open and upgrade a store; with ``passphrase``, encrypted with SQLCipher. Only with
    ``create`` is a new one made, and only where nothing is (no file, or an empty one): a path
    that does not exist, or an empty file, is otherwise refused with the path named, so that a
    misspelt name never becomes a new, empty caseload. Raises :class:`StoreError` (or
    :class:`WrongPassphrase`, :class:`DamagedCaseload`) with the reason."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise StoreError(f"The folder {path.parent} does not exist.")
    if path.exists() and not path.is_file():
        raise StoreError(f"{path} is not a file (it is a folder or a device): give the caseload's file.")
    if not create and not path.exists():
        raise StoreError(f"{path} does not exist: check the name and the folder. Nothing was created.")
    if not create and path.stat().st_size == 0:
        raise StoreError(f"{path} is empty: it is not a Chronology caseload. Nothing was changed.")
    if passphrase == "":
        raise StoreError("The passphrase cannot be empty.")
    if passphrase is not None and (not path.exists() or path.stat().st_size == 0):
        problem = new_passphrase_problem(passphrase)  # a new caseload: its passphrase is being chosen
        if problem:
            raise StoreError(problem)
    read_only = is_read_only(path)
    conn = _connect(path, passphrase, read_only)
    db = Database(conn, execute_plugins=False)
    try:
        applied = {m.name for m in migrations.applied(db)}
        known = set(MIGRATION_NAMES)
        if applied - known:
            conn.close()
            raise StoreError(f"{path} was written by a newer version of Chronology; "
                             "install the newer version to open it.")
        if migrate and read_only and known - applied:
            conn.close()
            raise StoreError(f"{path} is read-only and was written by an earlier version of "
                             "Chronology: it must be upgraded, which needs it to be writable. "
                             "Make it writable (or copy it somewhere you can write), then open it again.")
        if migrate and not read_only:
            migrations.apply(db)
    except sqlite3.DatabaseError as error:
        conn.close()
        if is_damage(error):
            raise damaged(path, str(error)) from error
        raise StoreError(f"{path} could not be opened as a Chronology database ({error}).") from error
    return db


def integrity_problems(db: Database) -> list[str]:
    """What SQLCipher's check of every page's authentication code, and SQLite's own check of the
    file's structure, find wrong: [] for a sound file. Every page is read, whatever the data holds."""
    problems: list[str] = []
    try:
        problems += [row[0] for row in db.execute("PRAGMA cipher_integrity_check").fetchall()]
    except sqlite3.DatabaseError as error:
        problems.append(str(error))
    try:
        found = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
        problems += [line for line in found if line != "ok"]
    except sqlite3.DatabaseError as error:
        problems.append(str(error))
    return problems
