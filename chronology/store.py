"""The store: every write is one transaction, never erases, and returns what it changed."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import audit
from .accountable import Accountable
from .dates import FuzzyDate
from .db import (
    StoreError,
    close_database,
    copy_to_file_later,
    index_new_events,
    is_encrypted,
    is_read_only,
    open_database,
    read_only_warning,
)
from .fields import STORED_FIELDS, Kind
from .model import (
    Birth,
    Changes,
    Child,
    ChildDetails,
    Event,
    EventDetails,
    EventVersion,
    ValidationError,
    check_born,
    now_text,
    ref_key,
)
from .queries import CASELOAD_FROM, CASELOAD_ORDER, DETAIL_COLUMNS, details_from_row
from .views import Views

if TYPE_CHECKING:
    from sqlite_utils import Database

CREATED, AMENDED, IN_ERROR, REINSTATED = "created", "amended", "entered_in_error", "reinstated"
#: A write of this many events leaves copying the write-ahead log into the file for later.
BULK = 1000


#: The columns that may hold NULL, and what an event's values hold there instead of None. Binding
#: None costs sqlcipher3 twenty times as much as '' or -1 (it looks for an adapter and finds none),
#: and an event has five absent values on average: the SQL turns these back into NULL. Neither is
#: ever a real value (times are HH:MM, ratings checked, sequences not negative).
ABSENT_BY_KIND = {Kind.OPTIONAL_DATE: "", Kind.TIME: "", Kind.NUMBER: -1, Kind.TRISTATE: -1, Kind.RATING: ""}
ABSENT = {"date_earliest": "", "date_latest": "",
          **{f.column: ABSENT_BY_KIND[f.kind] for f in STORED_FIELDS if f.kind in ABSENT_BY_KIND}}


@lru_cache(maxsize=8192)
def _date_columns(when: FuzzyDate) -> tuple[str, str, str]:
    """A date's stored text and range: many events share a date, so each is worked out once."""
    return when.to_text(), _iso(when.earliest), _iso(when.latest)


def _end_date_text(value: FuzzyDate | None) -> str:
    return _date_columns(value)[0] if value else ""


#: How each kind of field is written to its column (with ABSENT for NULL), as an expression of the
#: details ``d``: the one place that says so.
_COLUMN_EXPRESSIONS = {Kind.TEXT: "d.{0}", Kind.CODE: "d.{0}", Kind.OPTIONAL_DATE: "_end_date_text(d.{0})",
                       Kind.TIME: "d.{0} or ''", Kind.RATING: "d.{0} or ''", Kind.FLAG: "1 if d.{0} else 0",
                       Kind.NUMBER: "-1 if d.{0} is None else d.{0}",
                       Kind.TRISTATE: "-1 if d.{0} is None else (1 if d.{0} else 0)", Kind.CODES: "';'.join(d.{0})"}
_WRITTEN = tuple(f for f in STORED_FIELDS if f.name != "date")
#: The events columns an event's details fill, in the order :func:`event_values` gives them: the
#: date and what is derived from it, then every other stored field in the table's order.
EVENT_COLUMNS = ("date", "date_earliest", "date_latest", "sort_key", *(f.stored_in for f in _WRITTEN))


def _compile_event_values():
    """Build :func:`event_values` from the field table as one tuple expression (as
    ``collections.namedtuple`` builds its classes): an import calls it for every row, and a loop
    over the table's converters took half as long again as the import's whole validation."""
    fields = ", ".join(_COLUMN_EXPRESSIONS[f.kind].format(f.name) for f in _WRITTEN)
    source = ("def event_values(d):\n"
              "    text, earliest, latest = _date_columns(d.date)\n"
              f"    return (text, earliest, latest, d.date.sort_key(d.time, d.sequence), {fields})\n")
    namespace = {"_date_columns": _date_columns, "_end_date_text": _end_date_text}
    exec(compile(source, "<event_values>", "exec"), namespace)
    return namespace["event_values"]


#: The values of ``events``' columns (in ``EVENT_COLUMNS`` order) that follow from an event's
#: details, with :data:`ABSENT` for NULL: a tuple, because an import builds tens of thousands.
#: Only :data:`_INSERT_EVENT` and :data:`_UPDATE_EVENT` write them.
event_values: Callable[[EventDetails], tuple] = _compile_event_values()


_VALUES = [f"NULLIF(?, {ABSENT[column]!r})" if column in ABSENT else "?" for column in EVENT_COLUMNS]
_INSERT_EVENT = (f"INSERT INTO events (id, {', '.join(EVENT_COLUMNS)}, recorded_at) "
                 f"VALUES (?, {', '.join(_VALUES)}, ?)")
_UPDATE_EVENT = (f"UPDATE events SET {', '.join(f'{c} = {v}' for c, v in zip(EVENT_COLUMNS, _VALUES, strict=True))}, "
                 "version = ? WHERE id = ?")
_INSERT_LINK = "INSERT INTO event_children(child_id, event_id) VALUES (?, ?)"
_INSERT_CATEGORY = "INSERT INTO event_categories(event_id, category) VALUES (?, ?)"
_FIRST_VERSIONS = ("INSERT INTO event_versions(event_id, version, action, data, changed_at, changed_by, reason) "
                   "SELECT id, 1, ?, NULL, ?, ?, '' FROM events WHERE id BETWEEN ? AND ?")
_INSERT_VERSION = ("INSERT INTO event_versions(event_id, version, action, data, changed_at, changed_by, "
                   "reason) VALUES (?, ?, ?, ?, ?, ?, ?)")


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def _birth(name: str, dob: str | None, expected: int) -> Birth:
    return Birth(name, date.fromisoformat(dob) if dob else None, bool(expected))


class ChildRefs:
    """Reference (as :func:`~chronology.model.ref_key` folds it) → current child id, as an
    importer meets each reference: looked up in the references index when the index's own folding
    (plain letters' case) finds it, else among every reference, read once. Each child found brings
    its name and date of birth, for checking the events a file gives them."""

    _COLUMNS = "id, ref, name, dob, dob_is_expected"

    def __init__(self, store: Store):
        self.store = store
        self.found: dict[str, int | None] = {}
        self.every: dict[str, int] | None = None
        self.births: dict[int, Birth] = {}

    def birth(self, child_id: int) -> Birth | None:
        if child_id not in self.births:
            self.births.update(self.store.births([child_id]))
        return self.births.get(child_id)

    def get(self, key: str) -> int | None:
        if key not in self.found:
            row = self.store.db.execute(f"SELECT {self._COLUMNS} FROM children WHERE ref = ? AND in_error = 0",
                                        [key]).fetchone()
            if row and ref_key(row[1]) == key:
                self.found[key] = row[0]
                self.births[row[0]] = _birth(*row[2:])
            else:
                if self.every is None:
                    self.every = {}
                    for child_id, ref, *birth in self.store.db.execute(
                            f"SELECT {self._COLUMNS} FROM children WHERE in_error = 0"):
                        self.every[ref_key(ref)] = child_id
                        self.births[child_id] = _birth(*birth)
                self.found[key] = self.every.get(key)
        return self.found[key]


class Store(Accountable, Views):
    """A chronology database used on behalf of one person, ``user``, who is recorded on changes."""

    def __init__(self, db: Database, user: str, path: Path | None = None, passphrase: str | None = None):
        self.db = db
        self.user = user
        self.path = path
        self.passphrase = passphrase  # kept in memory only, so a background job can open its own connection

    @classmethod
    def open(cls, path: Path | str, user: str, passphrase: str | None = None, *, create: bool = False) -> Store:
        """Open a caseload; ``create``: make a new one if nothing is there (see :func:`open_database`)."""
        return cls(open_database(path, passphrase=passphrase, create=create), user, Path(path), passphrase)

    # -- the file, before it is opened ----------------------------------------------------------

    @staticmethod
    def is_encrypted(path: Path) -> bool:
        """Whether the caseload at ``path`` needs its passphrase to be opened."""
        return is_encrypted(path)

    @staticmethod
    def is_read_only(path: Path) -> bool:
        """Whether the caseload's file cannot be written (it is then opened read-only)."""
        return is_read_only(path)

    @staticmethod
    def read_only_warning(path: Path) -> str | None:
        """What to tell a worker on opening a caseload that cannot be written, or None."""
        return read_only_warning(path)

    @property
    def read_only(self) -> bool:
        return self.path is not None and is_read_only(self.path)

    def close(self) -> None:
        close_database(self.db)

    # -- children -------------------------------------------------------------------------

    def _family_id(self, name: str) -> int | None:
        if not name:
            return None
        self.db.execute("INSERT OR IGNORE INTO families(name) VALUES (?)", [name])
        return self.db.execute("SELECT id FROM families WHERE name = ?", [name]).fetchone()[0]

    def _child_columns(self, details: ChildDetails) -> dict:
        data = details.to_json()
        data.pop("family")
        data["dob_is_expected"] = int(details.dob_is_expected)
        data["family_id"] = self._family_id(details.family)
        return data

    def ref_holder(self, ref: str, except_child: int | None = None) -> str | None:
        """The name of the child who has this reference already (other than ``except_child``),
        or None, by the one rule for whether two references are the same (:func:`ref_key`).
        A withdrawn child's reference stays theirs."""
        wanted = ref_key(ref)
        for child_id, held, name in self.db.execute("SELECT id, ref, name FROM children"):
            if child_id != except_child and ref_key(held) == wanted:
                return name
        return None

    def _ensure_unique_ref(self, ref: str, child_id: int | None = None) -> None:
        holder = self.ref_holder(ref, child_id)
        if holder:
            raise ValidationError("ref", f"{holder} already has the reference '{ref}'. Check the record number: "
                                         "each child's is their own.")

    def add_child(self, details: ChildDetails) -> tuple[int, Changes]:
        details = details.validated(adding=True)
        stamp = now_text()
        with self.db.atomic():
            self._ensure_unique_ref(details.ref)
            columns = self._child_columns(details)
            columns.update(created_at=stamp, created_by=self.user)
            child_id = self.db.table("children").insert(columns).last_pk
            assert isinstance(child_id, int)
            self._child_version(child_id, 1, CREATED, details, stamp, "", False)
        return child_id, Changes(children=frozenset({child_id}), caseload=True)

    def update_child(self, child_id: int, details: ChildDetails, reason: str = "") -> Changes:
        """Correct a child's profile; the previous version stays in ``child_versions``."""
        details = details.validated()
        with self.db.atomic():
            current = self.child(child_id)
            self._ensure_unique_ref(details.ref, child_id)
            version = current.version + 1
            columns = self._child_columns(details)
            columns["version"] = version
            self.db.table("children").update(child_id, columns)
            self._child_version(child_id, version, AMENDED, details, now_text(), reason, current.in_error)
        return Changes(children=frozenset({child_id}), caseload=True)

    def set_child_in_error(self, child_id: int, in_error: bool, reason: str) -> Changes:
        """Withdraw a child record added by mistake (or bring it back); nothing is deleted."""
        with self.db.atomic():
            current = self.child(child_id)
            version = current.version + 1
            self.db.table("children").update(child_id, {"in_error": int(in_error), "version": version})
            self._child_version(child_id, version, IN_ERROR if in_error else REINSTATED,
                                current.details, now_text(), reason, in_error)
        return Changes(children=frozenset({child_id}), caseload=True)

    def _child_version(self, child_id: int, version: int, action: str, details: ChildDetails,
                       stamp: str, reason: str, in_error: bool) -> None:
        self.db.table("child_versions").insert({
            "child_id": child_id, "version": version, "action": action,
            "data": json.dumps(details.to_json(), ensure_ascii=False),
            "changed_at": stamp, "changed_by": self.user, "reason": reason})
        audit.append(self.db, stamp, self.user, action, "child", child_id, {
            "children": audit.digests_now(self.db, "children", [str(child_id)]),
            "child_versions": audit.digests_now(self.db, "child_versions", [f"{child_id}:{version}"]),
            "reason": reason})

    def child(self, child_id: int) -> Child:
        rows = list(self.db.query(
            "SELECT c.*, COALESCE(f.name, '') AS family FROM children c "
            "LEFT JOIN families f ON f.id = c.family_id WHERE c.id = ?", [child_id]))
        if not rows:
            raise StoreError(f"There is no child with id {child_id}.")
        return _child_from_row(rows[0])

    def child_by_ref(self, ref: str) -> Child:
        child_id = ChildRefs(self).get(ref_key(ref))
        if child_id is None:
            raise StoreError(f"There is no child with the reference '{ref.strip()}'.")
        return self.child(child_id)

    def child_ids_by_ref(self) -> dict[str, int]:
        """Every reference, folded by :func:`ref_key`, to its child: for importers checking many rows."""
        return {ref_key(ref): child_id for child_id, ref in
                self.db.execute("SELECT id, ref FROM children WHERE in_error = 0")}

    def child_ids_as_named(self) -> ChildRefs:
        """The same, looked up as an importer meets each reference: a file names a family or
        two, and reading all 20,000 references of a large caseload first cost a twentieth of it."""
        return ChildRefs(self)

    def births(self, ids: Iterable[int]) -> dict[int, Birth]:
        """The name and (expected) date of birth of each of these children that exists."""
        wanted = sorted(set(ids))
        rows = self.db.execute(f"SELECT id, name, dob, dob_is_expected FROM children WHERE id IN "
                               f"({', '.join('?' * len(wanted))})", wanted).fetchall()
        return {child_id: Birth(name, date.fromisoformat(dob) if dob else None, bool(expected))
                for child_id, name, dob, expected in rows}

    def child_refs(self) -> dict[int, str]:
        """Every child's reference, as recorded, by id: for exporters."""
        return dict(self.db.execute("SELECT id, ref FROM children").fetchall())

    def children(self) -> list[Child]:
        """Every child on the caseload, in caseload order, with their whole profile."""
        return [_child_from_row(row) for row in self.db.query(
            f"SELECT c.*, COALESCE(f.name, '') AS family {CASELOAD_FROM} ORDER BY {CASELOAD_ORDER}")]

    def child_names(self, ids: Iterable[int]) -> dict[int, str]:
        """The names of the given children (withdrawn ones too: a history must name them)."""
        wanted = sorted(set(ids))
        return dict(self.db.execute(f"SELECT id, name FROM children WHERE id IN ({', '.join('?' * len(wanted))})",
                                    wanted).fetchall())

    def siblings(self, child_id: int) -> list[Child]:
        """Other children in the same family, for sharing events; oldest first."""
        return [_child_from_row(row) for row in self.db.query(
            "SELECT c.*, f.name AS family FROM children c JOIN families f ON f.id = c.family_id "
            "WHERE c.family_id = (SELECT family_id FROM children WHERE id = ?) AND c.id != ? "
            "AND c.in_error = 0 ORDER BY c.dob IS NULL, c.dob, c.name COLLATE NOCASE",
            [child_id, child_id])]

    def families(self) -> list[str]:
        return [row[0] for row in self.db.execute("SELECT name FROM families ORDER BY name COLLATE NOCASE")]

    def child_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM children WHERE in_error = 0").fetchone()[0]

    # -- events ---------------------------------------------------------------------------

    def add_event(self, details: EventDetails) -> tuple[int, Changes]:
        ids, changes = self.add_events([details])
        return ids[0], changes

    def add_events(self, events: Iterable[EventDetails], *, validated: bool = False,
                   action: str = CREATED) -> tuple[list[int], Changes]:
        """Add many events in one transaction: all are saved, or none. Ids follow on from the
        highest, as SQLite itself would assign them. With ``validated``, the details were checked
        against this store already (an importer resolves children from it): the database's own
        foreign keys still refuse an unknown child."""
        events = [self._ready(details, validated) for details in events]
        children = frozenset(child_id for details in events for child_id in details.child_ids)
        stamp = now_text()
        with copy_to_file_later(self.db) if len(events) >= BULK else nullcontext(), self.db.atomic():
            if not validated:
                births = self.births(children)
                missing = children - set(births)
                if missing:
                    raise ValidationError("children", f"There is no child with id {min(missing)}.")
                for details in events:
                    check_born(details, births.get)
            first = self.db.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM events").fetchone()[0]
            ids = list(range(first, first + len(events)))
            # Built in comprehensions: an import writes tens of thousands of rows.
            rows = [event_values(details) for details in events]
            pairs = list(zip(ids, events, strict=True))
            self.db.conn.executemany(_INSERT_EVENT, [(event_id, *values, stamp)
                                                     for event_id, values in zip(ids, rows, strict=True)])
            self.db.conn.executemany(_INSERT_LINK, [(child_id, event_id) for event_id, details in pairs
                                                    for child_id in details.child_ids])
            self.db.conn.executemany(_INSERT_CATEGORY, [(event_id, category) for event_id, details in pairs
                                                        for category in details.categories])
            if ids:  # first versions, and the search index, written by SQLite from the new rows
                self.db.execute(_FIRST_VERSIONS, [CREATED, stamp, self.user, ids[0], ids[-1]])
                index_new_events(self.db, ids[0], ids[-1])
                digests = audit.new_event_digests(ids[0], rows, [(d.child_ids, d.categories) for d in events],
                                                  stamp, (CREATED, stamp, self.user, ""))
                audit.append(self.db, stamp, self.user, action, "events", ids[0],
                             {"events": digests, "count": len(ids)})
        return ids, Changes(children=children, events=frozenset(ids))

    def _ready(self, details: EventDetails, validated: bool) -> EventDetails:
        """An event as it will be stored: checked (unless it was already), with its recorder."""
        details = details if validated else details.validated()
        return details if details.recorded_by else _with_recorder(details, self.user)

    def amend_event(self, event_id: int, details: EventDetails, reason: str) -> Changes:
        """Correct an event. The earlier version is kept, with who, when and why."""
        if not reason.strip():
            raise ValidationError("reason", "Say why the event is being amended.")
        details = details.validated()
        with self.db.atomic():
            current = self.event(event_id)
            check_born(details, self.births(details.child_ids).get)
            if not details.recorded_by:
                details = _with_recorder(details, current.details.recorded_by)
            version = current.version + 1
            self.db.execute(_UPDATE_EVENT, [*event_values(details), version, event_id])
            self.db.execute("DELETE FROM event_children WHERE event_id = ?", [event_id])
            self.db.execute("DELETE FROM event_categories WHERE event_id = ?", [event_id])
            self._write_links(event_id, details)
            self._event_version(event_id, version, AMENDED, current.details, now_text(), reason.strip())
        touched = set(current.details.child_ids) | set(details.child_ids)
        return Changes(children=frozenset(touched), events=frozenset({event_id}))

    def mark_in_error(self, event_id: int, reason: str) -> Changes:
        """Withdraw an event recorded by mistake; it stays in the history with the reason."""
        if not reason.strip():
            raise ValidationError("reason", "Say why the event was entered in error.")
        return self._set_in_error(event_id, True, reason.strip())

    def reinstate_event(self, event_id: int, reason: str) -> Changes:
        """Bring back an event marked in error (for example, to undo that marking)."""
        return self._set_in_error(event_id, False, reason.strip())

    def _set_in_error(self, event_id: int, in_error: bool, reason: str) -> Changes:
        with self.db.atomic():
            current = self.event(event_id)
            if current.in_error == in_error:
                raise ValidationError("in_error", "The event is already " +
                                      ("marked as entered in error." if in_error else "current."))
            version = current.version + 1
            self.db.table("events").update(event_id, {
                "in_error": int(in_error), "in_error_reason": reason if in_error else "",
                "version": version})
            self._event_version(event_id, version, IN_ERROR if in_error else REINSTATED,
                                current.details, now_text(), reason)
        return Changes(children=frozenset(current.details.child_ids), events=frozenset({event_id}))

    def _write_links(self, event_id: int, details: EventDetails) -> None:
        self.db.conn.executemany(_INSERT_LINK, [(child_id, event_id) for child_id in details.child_ids])
        self.db.conn.executemany(_INSERT_CATEGORY, [(event_id, category) for category in details.categories])

    def _event_version(self, event_id: int, version: int, action: str, superseded: EventDetails,
                       stamp: str, reason: str) -> None:
        """Record a new version. The current version's text lives in ``events`` itself; the
        version it supersedes is written out in full here, so no version is ever lost."""
        self.db.execute("UPDATE event_versions SET data = ? WHERE event_id = ? AND data IS NULL",
                        [json.dumps(superseded.to_json(), ensure_ascii=False), event_id])
        self.db.execute(_INSERT_VERSION, [event_id, version, action, None, stamp, self.user, reason])
        audit.append(self.db, stamp, self.user, action, "event", event_id, {
            "events": audit.digests_now(self.db, "events", [str(event_id)]),
            "event_versions": audit.digests_now(self.db, "event_versions", [f"{event_id}:{version - 1}"]),
            "reason": reason})

    def details_for(self, ids: list[int]) -> dict[int, EventDetails]:
        """The current details of many events, read in three queries."""
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        children: dict[int, list[int]] = {}
        for child_id, event_id in self.db.execute(
                f"SELECT child_id, event_id FROM event_children WHERE event_id IN ({marks})", ids):
            children.setdefault(event_id, []).append(child_id)
        categories: dict[int, list[str]] = {}
        for event_id, category in self.db.execute(
                f"SELECT event_id, category FROM event_categories WHERE event_id IN ({marks})", ids):
            categories.setdefault(event_id, []).append(category)
        found = {}
        for row in self.db.query(f"SELECT id, {', '.join(DETAIL_COLUMNS)} FROM events WHERE id IN ({marks})", ids):
            event_id = row["id"]
            found[event_id] = details_from_row(row, children.get(event_id, ()), categories.get(event_id, ()))
        return found

    def event(self, event_id: int) -> Event:
        rows = list(self.db.query("SELECT version, recorded_at, in_error, in_error_reason FROM events "
                                  "WHERE id = ?", [event_id]))
        if not rows:
            raise StoreError(f"There is no event with id {event_id}.")
        row = rows[0]
        return Event(id=event_id, details=self.details_for([event_id])[event_id], version=row["version"],
                     recorded_at=row["recorded_at"], in_error=bool(row["in_error"]),
                     in_error_reason=row["in_error_reason"])

    def event_history(self, event_id: int) -> list[EventVersion]:
        """Every version of an event, oldest first: nothing said about a child is ever lost."""
        current = self.event(event_id).details
        return [EventVersion(version=row["version"], action=row["action"],
                             details=EventDetails.from_json(json.loads(row["data"])) if row["data"] else current,
                             changed_at=row["changed_at"], changed_by=row["changed_by"],
                             reason=row["reason"])
                for row in self.db.query("SELECT * FROM event_versions WHERE event_id = ? "
                                         "ORDER BY version", [event_id])]

    def agencies_in_use(self) -> list[str]:
        """Every agency recorded so far, found by hopping along ``events_source``."""
        rows = self.db.execute(
            "WITH RECURSIVE seen(agency) AS (SELECT MIN(agency) FROM events UNION ALL "
            "SELECT (SELECT MIN(agency) FROM events WHERE agency > seen.agency) FROM seen "
            "WHERE seen.agency IS NOT NULL) SELECT agency FROM seen WHERE agency IS NOT NULL")
        return sorted((row[0] for row in rows), key=str.casefold)

    def roles_in_use(self, agency: str) -> list[str]:
        """Every role recorded so far for one agency, the same way."""
        rows = self.db.execute(
            "WITH RECURSIVE seen(role) AS (SELECT MIN(role) FROM events WHERE agency = :agency "
            "UNION ALL SELECT (SELECT MIN(role) FROM events WHERE agency = :agency AND role > seen.role) "
            "FROM seen WHERE seen.role IS NOT NULL) SELECT role FROM seen WHERE role IS NOT NULL",
            {"agency": agency})
        return sorted((row[0] for row in rows), key=str.casefold)


def _with_recorder(details: EventDetails, user: str) -> EventDetails:
    return replace(details, recorded_by=user)


def _child_from_row(row: dict) -> Child:
    details = ChildDetails(
        ref=row["ref"], name=row["name"],
        dob=date.fromisoformat(row["dob"]) if row["dob"] else None,
        dob_is_expected=bool(row["dob_is_expected"]), preferred_name=row["preferred_name"],
        gender=row["gender"], ethnicity=row["ethnicity"], first_language=row["first_language"],
        disability=row["disability"], family=row["family"])
    return Child(id=row["id"], details=details, version=row["version"], in_error=bool(row["in_error"]))
