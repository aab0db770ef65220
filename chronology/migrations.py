"""The schema's history: each migration as it was written on its day, in plain SQL, never using
today's store or model (a later column would break an old upgrade). Every earlier version is kept
as a database in ``tests/chronology/fixtures/`` and upgraded in the tests."""
from __future__ import annotations

# isort: skip_file
# (import order matters here: SQLCipher's driver is registered before sqlite-utils loads)

from datetime import datetime
from typing import TYPE_CHECKING

from . import driver  # noqa: F401  (SQLCipher registered before sqlite-utils loads)
from sqlite_utils.migrations import Migrations

# The audit trail's digest forms are frozen (form 1 for m006, form 2 for m007): history may use them.
from . import audit

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATION_SET = "chronology"
migrations = Migrations(MIGRATION_SET)
MIGRATION_NAMES: list[str] = []


def _migration(function):
    """Register a migration, remembering its name so a newer database can be recognised."""
    MIGRATION_NAMES.append(function.__name__)
    return migrations()(function)


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
    new = ", ".join(f"new.{c}" for c in SEARCH_COLUMNS)  # the columns as they were then, and still are
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
    _baseline(db, {"events": audit.event_digests(db, _ids(db, "events"), form=1),
                   "children": audit.child_digests(db, _ids(db, "children"), form=1),
                   "acknowledgements": audit.acknowledgement_digests(db, _ids(db, "flag_acknowledgements"), form=1)},
              form=1)


@_migration
def m007_decision_outcomes(db: Database) -> None:
    """What a decision decided (referral decision, strategy discussion, section 47 outcome), for
    the timescale rules. The audit trail's digests move to form 2, which covers earlier versions
    too: those already kept enter the trail with a baseline entry."""
    db.execute("ALTER TABLE events ADD COLUMN outcome TEXT NOT NULL DEFAULT ''")
    _baseline(db, {"event_versions": audit.digests_now(db, "event_versions", audit.present(db, "event_versions"), 2),
                   "child_versions": audit.digests_now(db, "child_versions", audit.present(db, "child_versions"), 2)},
              form=2)


@_migration
def m008_worker_analysis(db: Database) -> None:
    """The worker's own analysis of a child's chronology, written and dated. Kept like any entry:
    a new analysis is added beside the earlier ones, never over them (the latest is current), and
    each is under the audit trail (form 2 covers it: every column)."""
    db.executescript("""
    CREATE TABLE analyses (
        id INTEGER PRIMARY KEY,
        child_id INTEGER NOT NULL REFERENCES children(id),
        text TEXT NOT NULL,
        dated TEXT NOT NULL,
        written_at TEXT NOT NULL,
        written_by TEXT NOT NULL
    );
    CREATE INDEX analyses_child ON analyses(child_id, id);
    CREATE TRIGGER analyses_kept BEFORE UPDATE ON analyses BEGIN
        SELECT RAISE(ABORT, 'an analysis is never changed: write a new one');
    END;
    CREATE TRIGGER analyses_not_deleted BEFORE DELETE ON analyses BEGIN
        SELECT RAISE(ABORT, 'an analysis is never deleted');
    END;
    """)



@_migration
def m009_agency_returns(db: Database) -> None:
    """Agency returns: each request for one (agency, children, period, due), each return received
    (its file's name and SHA-256), where every entry from one came from (the row of the return,
    the agency's own words), and the worker's decisions on entries two agencies may both have
    recorded. All kept like any entry: never changed or deleted (a decision is revised by a newer
    one), each under the audit trail (form 2's rule: every column). How each agency's column
    headings map to fields is remembered too: a convenience, not a record."""
    db.executescript("""
    CREATE TABLE return_requests (
        id INTEGER PRIMARY KEY,
        agency TEXT NOT NULL,
        children TEXT NOT NULL,  -- the children's ids as a JSON list
        period_from TEXT,
        period_to TEXT,
        due TEXT NOT NULL,
        file_name TEXT NOT NULL,
        requested_at TEXT NOT NULL,
        requested_by TEXT NOT NULL
    );
    CREATE TABLE agency_returns (
        id INTEGER PRIMARY KEY,
        request_id INTEGER REFERENCES return_requests(id),
        agency TEXT NOT NULL,
        children TEXT NOT NULL,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE,
        entries INTEGER NOT NULL,
        received_at TEXT NOT NULL,
        received_by TEXT NOT NULL
    );
    CREATE INDEX agency_returns_request ON agency_returns(request_id);
    CREATE TABLE event_sources (
        event_id INTEGER PRIMARY KEY REFERENCES events(id),
        return_id INTEGER NOT NULL REFERENCES agency_returns(id),
        place TEXT NOT NULL,  -- the sheet or table the row is in
        row_number INTEGER NOT NULL,
        agency_type TEXT NOT NULL DEFAULT '',  -- the agency's own words for what kind of event
        agency_concerns TEXT NOT NULL DEFAULT ''  -- concerns in the agency's words not recognised
    );
    CREATE INDEX event_sources_return ON event_sources(return_id);
    CREATE TABLE same_happening (
        id INTEGER PRIMARY KEY,
        first_event INTEGER NOT NULL REFERENCES events(id),
        second_event INTEGER NOT NULL REFERENCES events(id),
        decision TEXT NOT NULL CHECK (decision IN ('same', 'apart')),
        decided_at TEXT NOT NULL,
        decided_by TEXT NOT NULL,
        CHECK (first_event < second_event)
    );
    CREATE INDEX same_happening_pair ON same_happening(first_event, second_event, id);
    CREATE INDEX same_happening_second ON same_happening(second_event);
    CREATE TABLE agency_column_maps (
        agency TEXT NOT NULL COLLATE NOCASE,
        heading TEXT NOT NULL COLLATE NOCASE,
        field TEXT NOT NULL,
        PRIMARY KEY (agency, heading)
    );
    """)
    for table in ("return_requests", "agency_returns", "event_sources", "same_happening"):
        db.executescript(f"""
        CREATE TRIGGER {table}_kept BEFORE UPDATE ON {table} BEGIN
            SELECT RAISE(ABORT, '{table.replace("_", " ")} are never changed');
        END;
        CREATE TRIGGER {table}_not_deleted BEFORE DELETE ON {table} BEGIN
            SELECT RAISE(ABORT, '{table.replace("_", " ")} are never deleted');
        END;
        """)


def _ids(db: Database, table: str) -> list[int]:
    return [row[0] for row in db.execute(f"SELECT id FROM {table}")]


def _baseline(db: Database, digests: dict[str, dict], form: int) -> None:
    """An audit entry recording what the database held when the upgrade brought it under the trail."""
    if any(digests.values()):
        at = datetime.now().astimezone().isoformat(timespec="seconds")
        audit.append(db, at, "Chronology upgrade", "baseline", "database", None,
                     {kind: {str(key): value for key, value in found.items()} for kind, found in digests.items()},
                     form=form)
