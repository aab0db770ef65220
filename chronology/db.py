"""The one place where the store gets its connection, and the schema's migrations.

Everything that touches the database file goes through :func:`open_database`. Connections are
SQLCipher's: with a passphrase the file is encrypted at rest; without one it is plain SQLite.
"""
from __future__ import annotations

import os
import stat
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

from sqlcipher3 import dbapi2 as sqlite3

# sqlite-utils uses pysqlite3 when it can import it: handing it SQLCipher's module makes it
# recognise the errors SQLCipher's connections raise. This must happen before it is imported.
sys.modules.setdefault("pysqlite3", sqlite3)
sys.modules.setdefault("pysqlite3.dbapi2", sqlite3)

from sqlite_utils import Database  # noqa: E402
from sqlite_utils.migrations import Migrations  # noqa: E402

#: The errors of the database driver, for callers that must tell them apart (never stdlib's).
DatabaseError, IntegrityError = sqlite3.DatabaseError, sqlite3.IntegrityError

MIGRATION_SET = "chronology"
migrations = Migrations(MIGRATION_SET)
MIGRATION_NAMES: list[str] = []


def _migration(function):
    """Register a migration, remembering its name so a newer database can be recognised."""
    MIGRATION_NAMES.append(function.__name__)
    return migrations()(function)


class StoreError(Exception):
    """A database that cannot be opened or written, with a message a worker can act on."""


class WrongPassphrase(StoreError):
    """The passphrase does not open the database; nothing was changed."""


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


def why_not_saved(error: Exception) -> str:
    """A worker's explanation of a failed write. The write was rolled back, so whatever was
    saved before it is intact; the explanation says what to do before trying again."""
    text = str(error).casefold()
    for markers, explanation in WRITE_PROBLEMS:
        if any(marker in text for marker in markers):
            return f"This was not saved: {explanation} Everything saved before it is safe."
    return f"This was not saved ({error}). Everything saved before it is safe."


@_migration
def m001_children_and_events(db: Database) -> None:
    """Children, families, events with uncertain dates, and every version of each."""
    db.executescript("""
    CREATE TABLE families (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE
    );
    CREATE TABLE children (
        id INTEGER PRIMARY KEY,
        ref TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name TEXT NOT NULL,
        preferred_name TEXT NOT NULL DEFAULT '',
        dob TEXT,
        dob_is_expected INTEGER NOT NULL DEFAULT 0,
        gender TEXT NOT NULL DEFAULT '',
        ethnicity TEXT NOT NULL DEFAULT '',
        first_language TEXT NOT NULL DEFAULT '',
        disability TEXT NOT NULL DEFAULT '',
        family_id INTEGER REFERENCES families(id),
        version INTEGER NOT NULL DEFAULT 1,
        in_error INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
    );
    CREATE INDEX children_family ON children(family_id);
    CREATE TABLE child_versions (
        child_id INTEGER NOT NULL REFERENCES children(id),
        version INTEGER NOT NULL,
        action TEXT NOT NULL,
        data TEXT NOT NULL,
        changed_at TEXT NOT NULL,
        changed_by TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (child_id, version)
    );
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        date TEXT NOT NULL,
        date_earliest TEXT,
        date_latest TEXT,
        end_date TEXT,
        time TEXT,
        sequence INTEGER,
        planned INTEGER NOT NULL DEFAULT 0,
        sort_key TEXT NOT NULL,
        agency TEXT NOT NULL,
        role TEXT NOT NULL,
        event_type TEXT NOT NULL,
        summary TEXT NOT NULL,
        impact TEXT NOT NULL DEFAULT '',
        action TEXT NOT NULL DEFAULT '',
        child_voice TEXT NOT NULL DEFAULT '',
        seen_alone INTEGER,
        key_event INTEGER NOT NULL DEFAULT 0,
        rating TEXT CHECK (rating IN ('red', 'amber', 'green')),
        recorded_by TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        source_ref TEXT NOT NULL DEFAULT '',
        version INTEGER NOT NULL DEFAULT 1,
        in_error INTEGER NOT NULL DEFAULT 0,
        in_error_reason TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE event_children (
        child_id INTEGER NOT NULL REFERENCES children(id),
        event_id INTEGER NOT NULL REFERENCES events(id),
        PRIMARY KEY (child_id, event_id)
    ) WITHOUT ROWID;
    CREATE INDEX event_children_event ON event_children(event_id);
    CREATE TABLE event_categories (
        event_id INTEGER NOT NULL REFERENCES events(id),
        category TEXT NOT NULL,
        PRIMARY KEY (event_id, category)
    ) WITHOUT ROWID;
    CREATE TABLE event_versions (
        event_id INTEGER NOT NULL REFERENCES events(id),
        version INTEGER NOT NULL,
        action TEXT NOT NULL,
        data TEXT,  -- NULL for the current version, whose details are the events row itself
        changed_at TEXT NOT NULL,
        changed_by TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (event_id, version)
    );
    """)


SEARCH_COLUMNS = ("summary", "impact", "action", "child_voice", "agency", "role")


@_migration
def m002_event_search(db: Database) -> None:
    """Full-text search over what was recorded. New events are indexed in bulk by the store
    (three times faster than a per-row trigger); amendments are kept current by a trigger.
    Searches are for words and word beginnings, so the index keeps no positions or column
    sizes (``detail=none``): a fifth of the size, and imports merge it far faster."""
    columns = ", ".join(SEARCH_COLUMNS)
    old = ", ".join(f"old.{c}" for c in SEARCH_COLUMNS)
    new = ", ".join(f"new.{c}" for c in SEARCH_COLUMNS)
    db.executescript(f"""
    CREATE VIRTUAL TABLE events_fts USING fts5({columns}, content='events', content_rowid='id',
                                              tokenize='unicode61 remove_diacritics 2',
                                              detail=none, columnsize=0);
    CREATE TRIGGER events_fts_update AFTER UPDATE OF {columns} ON events BEGIN
        INSERT INTO events_fts(events_fts, rowid, {columns}) VALUES ('delete', old.id, {old});
        INSERT INTO events_fts(rowid, {columns}) VALUES (new.id, {new});
    END;
    CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
        INSERT INTO events_fts(events_fts, rowid, {columns}) VALUES ('delete', old.id, {old});
    END;
    INSERT INTO events_fts(events_fts) VALUES ('rebuild');
    """)


@_migration
def m003_source_index(db: Database) -> None:
    """Sources in use, for the editor's pickers, read by seeking an index rather than scanning
    a million events."""
    db.execute("CREATE INDEX events_source ON events(agency, role)")


@_migration
def m004_flag_acknowledgements(db: Database) -> None:
    """A worker's or manager's recorded response to a flag. Rows are only ever added: the table
    is the audit of who acknowledged what, when and why."""
    db.executescript("""
    CREATE TABLE flag_acknowledgements (
        id INTEGER PRIMARY KEY,
        child_id INTEGER NOT NULL REFERENCES children(id),
        flag_key TEXT NOT NULL,
        rule TEXT NOT NULL,
        title TEXT NOT NULL,
        response TEXT NOT NULL,
        acknowledged_by TEXT NOT NULL,
        acknowledged_at TEXT NOT NULL
    );
    CREATE INDEX flag_acknowledgements_child ON flag_acknowledgements(child_id, flag_key);
    CREATE TRIGGER flag_acknowledgements_kept BEFORE UPDATE ON flag_acknowledgements BEGIN
        SELECT RAISE(ABORT, 'acknowledgements are never changed');
    END;
    CREATE TRIGGER flag_acknowledgements_not_deleted BEFORE DELETE ON flag_acknowledgements BEGIN
        SELECT RAISE(ABORT, 'acknowledgements are never deleted');
    END;
    """)


@_migration
def m005_third_party(db: Database) -> None:
    """Marks on an entry, or on some of its text, that it is third-party information: left out
    of the version of a chronology shared with the family."""
    db.execute("ALTER TABLE events ADD COLUMN third_party TEXT NOT NULL DEFAULT ''")


@_migration
def m006_audit_log(db: Database) -> None:
    """The audit trail: each entry hash-chained to the one before, never changed or deleted. A
    database upgraded to it starts with a baseline entry recording everything it then held."""
    db.executescript("""
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id INTEGER,
        detail TEXT NOT NULL,
        previous_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE TRIGGER audit_log_kept BEFORE UPDATE ON audit_log BEGIN
        SELECT RAISE(ABORT, 'the audit trail is never changed');
    END;
    CREATE TRIGGER audit_log_not_deleted BEFORE DELETE ON audit_log BEGIN
        SELECT RAISE(ABORT, 'the audit trail is never deleted');
    END;
    """)
    from .audit import append
    from .model import now_text
    from .store import Store
    current = Store(db, "upgrade").current_digests()
    if any(current.values()):
        append(db, now_text(), "Chronology upgrade", "baseline", "database", None, current)


#: SQLite's own default: after a commit that leaves this many pages in the write-ahead log, the
#: committing connection copies them into the database file.
WAL_AUTOCHECKPOINT = 1000


@contextmanager
def copy_to_file_later(db: Database) -> Iterator[None]:
    """Commit a bulk write without copying the write-ahead log into the database file: the data is
    safe once the log is on disk (``synchronous=FULL``), and the copy (20–40 ms for an import of
    10,000 events) is left to the connection's closing (:func:`close_database`), after the
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


def _quote(passphrase: str) -> str:
    return "'" + passphrase.replace("'", "''") + "'"


def is_read_only(path: Path) -> bool:
    """Whether an existing file may not be written: Windows' read-only attribute (which clears
    the write bit Python reports) or no permission to write it."""
    return path.exists() and (not path.stat().st_mode & stat.S_IWRITE or not os.access(path, os.W_OK))


def read_only_warning(path: Path) -> str | None:
    """What to tell a worker on opening a caseload that cannot be written."""
    if not is_read_only(Path(path)):
        return None
    return (f"{path} is read-only: you can read this caseload, but nothing you add or change can be "
            "saved to it. To work on it, close Chronology, clear the file's read-only mark (or copy it "
            "to a folder you can write to), then open it again.")


def read_only_uri(posix_path: str) -> str:
    """SQLite's URI for opening a file read-only: ``file:///C:/…`` for a drive, ``file:////server/
    share/…`` for a network share (SQLite refuses a host in the authority), ``file:///…`` on Unix."""
    return "file://" + ("" if posix_path.startswith("/") else "/") + quote(posix_path, safe="/:") + "?mode=ro"


def _connect(path: Path, passphrase: str | None, read_only: bool) -> sqlite3.Connection:
    # A read-only file is opened read-only, so that SQLite refuses every write the same way
    # whoever runs the app (an administrator's connection would otherwise write it anyway).
    conn = sqlite3.connect(read_only_uri(path.resolve().as_posix()), uri=True, timeout=5.0) if read_only \
        else sqlite3.connect(str(path), timeout=5.0)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong passphrase is reported, not logged
        if passphrase is not None:
            conn.execute(f"PRAGMA key = {_quote(passphrase)}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        conn.close()
        if passphrase is not None:
            raise WrongPassphrase(f"{path} cannot be opened with that passphrase: it is wrong, or the file "
                                  "is not a Chronology database.") from error
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


def open_database(path: Path | str, *, migrate: bool = True, passphrase: str | None = None) -> Database:
    """Open (creating if needed) and upgrade a store; with ``passphrase``, encrypted with SQLCipher.
    Raises :class:`StoreError` (or :class:`WrongPassphrase`) with the reason."""
    path = Path(path)
    if path.parent and not path.parent.exists():
        raise StoreError(f"The folder {path.parent} does not exist.")
    if passphrase == "":
        raise StoreError("The passphrase cannot be empty.")
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
        raise StoreError(f"{path} could not be opened as a Chronology database ({error}).") from error
    return db
