"""Reading a child's chronology: filters and sorting done in SQL, rows fetched a page at a time."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from .dates import stored_date
from .fields import STORED_FIELDS, Kind
from .model import EventDetails

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sqlite_utils import Database

#: How each kind is read back from its column, when not as it is.
_FROM_COLUMN: dict[Kind, Callable[[Any], object]] = {
                Kind.DATE: stored_date, Kind.OPTIONAL_DATE: lambda text: stored_date(text) if text else None,
                Kind.FLAG: bool, Kind.TRISTATE: lambda value: None if value is None else bool(value),
                Kind.CODES: lambda text: tuple(part for part in text.split(";") if part)}
#: The columns that hold an event's details (the rest are derived from them, or audit).
DETAIL_COLUMNS = tuple(f.stored_in for f in STORED_FIELDS)
_READERS = tuple((f.stored_in, f.name, _FROM_COLUMN.get(f.kind)) for f in STORED_FIELDS)


def details_from_row(row: dict, child_ids: Iterable[int], categories: Iterable[str]) -> EventDetails:
    """An event's details from its row (columns by name) and its links."""
    values = {name: (read(row[column]) if read else row[column]) for column, name, read in _READERS}
    values["categories"] = tuple(sorted(categories))
    values["child_ids"] = tuple(sorted(child_ids))
    return EventDetails.from_values(values)


#: Columns a chronology can be sorted by, with the SQL that orders them (date order breaks ties).
SORTABLE = {
    "date": "e.sort_key",
    "event_type": "e.event_type",
    "agency": "e.agency COLLATE NOCASE",
    "summary": "e.summary COLLATE NOCASE",
    "significance": "(e.key_event * 8 + CASE e.rating WHEN 'red' THEN 3 WHEN 'amber' THEN 2 "
                    "WHEN 'green' THEN 1 ELSE 0 END)",
}


@dataclass(frozen=True)
class EventFilter:
    """What a worker asked to see of one child's (or a family's) chronology."""

    child_ids: tuple[int, ...]
    date_from: date | None = None
    date_to: date | None = None
    agencies: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    significance: tuple[str, ...] = ()
    text: str = ""
    include_in_error: bool = False
    sort: str = "date"
    descending: bool = False


@dataclass(frozen=True)
class EventRow:
    """What the chronology table shows of one event: its details, whether it stands, and whom it
    concerns by name."""

    id: int
    details: EventDetails
    in_error: bool
    version: int
    children: tuple[str, ...] = field(default=())
    #: The children it concerns who were born after it (family history from before their birth).
    born_after: tuple[str, ...] = field(default=())

    def before_birth(self) -> str:
        """'before birth' when it is before the birth of every child it concerns; 'before Leo's
        birth' when before some; '' otherwise."""
        if not self.born_after:
            return ""
        if len(self.born_after) == len(self.children):
            return "before birth"
        names = " and ".join(f"{name.split()[0]}'s" for name in self.born_after)
        return f"before {names} birth{'s' if len(self.born_after) > 1 else ''}"


def fts_query(text: str) -> str:
    """Turn what a worker typed into a safe FTS5 query: every word, as a prefix."""
    words = re.findall(r"\w+", text)
    return " ".join(f'"{word}"*' for word in words)


def has_words(text: str) -> bool:
    """Whether a search holds anything to search by (a letter or a digit): "%" or "!!!" does not,
    and finds nothing rather than everything."""
    return re.search(r"\w", text) is not None


def _where(spec: EventFilter) -> tuple[str, list]:
    clauses = ["e.id IN (SELECT event_id FROM event_children WHERE child_id IN "
               f"({', '.join('?' * len(spec.child_ids))}))"]
    params: list = list(spec.child_ids)
    if not spec.include_in_error:
        clauses.append("e.in_error = 0")
    if spec.date_from:
        clauses.append("(e.date_latest IS NULL OR e.date_latest >= ?)")
        params.append(spec.date_from.isoformat())
    if spec.date_to:
        clauses.append("(e.date_earliest IS NULL OR e.date_earliest <= ?)")
        params.append(spec.date_to.isoformat())
    # "+" keeps SQLite from reading every event of an agency through ``events_source`` when the
    # child's own few thousand events are the better start.
    for column, values in (("+e.agency", spec.agencies), ("+e.event_type", spec.event_types)):
        if values:
            clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    if spec.categories:
        clauses.append("e.id IN (SELECT event_id FROM event_categories WHERE category IN "
                       f"({', '.join('?' * len(spec.categories))}))")
        params.extend(spec.categories)
    if spec.significance:
        wanted = []
        if "key" in spec.significance:
            wanted.append("e.key_event = 1")
        ratings = [s for s in spec.significance if s != "key"]
        if ratings:
            wanted.append(f"e.rating IN ({', '.join('?' * len(ratings))})")
            params.extend(ratings)
        clauses.append("(" + " OR ".join(wanted) + ")")
    query = fts_query(spec.text)
    if query:
        clauses.append("e.id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)")
        params.append(query)
    return " AND ".join(clauses), params


def matching_ids(db: Database, spec: EventFilter) -> list[int]:
    """The ids of the events that match, in display order: cheap enough to load whole."""
    if not spec.child_ids or (spec.text.strip() and not has_words(spec.text)):
        return []
    where, params = _where(spec)
    direction = "DESC" if spec.descending else "ASC"
    order = SORTABLE.get(spec.sort, SORTABLE["date"])
    sql = (f"SELECT e.id FROM events e WHERE {where} "
           f"ORDER BY {order} {direction}, e.sort_key {direction}, e.id {direction}")
    return [row[0] for row in db.execute(sql, params)]


def fetch_rows(db: Database, ids: list[int]) -> dict[int, EventRow]:
    """The rows for a page of ids, with their details and the names of the children each concerns."""
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    categories: dict[int, list[str]] = {}
    for event_id, category in db.execute(
            f"SELECT event_id, category FROM event_categories WHERE event_id IN ({marks})", ids):
        categories.setdefault(event_id, []).append(category)
    children: dict[int, list[tuple[int, str, str | None]]] = {}
    for event_id, child_id, name, dob in db.execute(
            f"SELECT ec.event_id, c.id, c.name, c.dob FROM event_children ec JOIN children c ON c.id = ec.child_id "
            f"WHERE ec.event_id IN ({marks}) ORDER BY c.dob, c.name", ids):
        children.setdefault(event_id, []).append((child_id, name, dob))
    rows = {}
    for row in db.query(f"SELECT id, {', '.join(DETAIL_COLUMNS)}, date_latest, in_error, version FROM events "
                        f"WHERE id IN ({marks})", ids):
        concerned = children.get(row["id"], [])
        latest = row["date_latest"]
        rows[row["id"]] = EventRow(
            row["id"], details_from_row(row, [c[0] for c in concerned], categories.get(row["id"], ())),
            bool(row["in_error"]), row["version"], tuple(c[1] for c in concerned),
            tuple(name for _, name, dob in concerned if dob and latest and latest < dob))
    return rows


def options_for(db: Database, child_ids: tuple[int, ...]) -> dict[str, list[str]]:
    """The agencies, types and categories present in a chronology, for its filter pickers."""
    marks = ", ".join("?" * len(child_ids))
    base = f"SELECT event_id FROM event_children WHERE child_id IN ({marks})"
    return {
        "agencies": [r[0] for r in db.execute(
            f"SELECT DISTINCT agency FROM events WHERE id IN ({base}) ORDER BY agency COLLATE NOCASE",
            list(child_ids))],
        "event_types": [r[0] for r in db.execute(
            f"SELECT DISTINCT event_type FROM events WHERE id IN ({base})", list(child_ids))],
        "categories": [r[0] for r in db.execute(
            f"SELECT DISTINCT category FROM event_categories WHERE event_id IN ({base})",
            list(child_ids))],
    }


#: The children on a caseload (those not withdrawn as entered in error), with their family…
CASELOAD_FROM = ("FROM children c LEFT JOIN families f ON f.id = c.family_id WHERE c.in_error = 0")
#: …grouped by family (families by name, those without one last), siblings oldest first.
CASELOAD_ORDER = "f.name IS NULL, f.name COLLATE NOCASE, c.dob IS NULL, c.dob, c.name COLLATE NOCASE"


class CaseloadEntry(NamedTuple):
    """A child as the caseload list shows them: light enough to load twenty thousand at once."""

    id: int
    ref: str
    name: str
    dob: str | None
    dob_is_expected: bool
    family: str


def caseload(db: Database, search: str = "") -> list[CaseloadEntry]:
    """Children grouped by family (families by name, siblings oldest first); ``search`` matches
    a child's name, preferred name or reference, or the family's name."""
    sql = f"SELECT c.id, c.ref, c.name, c.dob, c.dob_is_expected, COALESCE(f.name, '') {CASELOAD_FROM}"
    params: list = []
    if search.strip():
        if not has_words(search):
            return []  # nothing to find by: the panel says so
        sql += (" AND (c.name LIKE ? ESCAPE '\\' OR c.ref LIKE ? ESCAPE '\\' OR c.preferred_name LIKE ? ESCAPE '\\'"
                " OR f.name LIKE ? ESCAPE '\\')")
        literal = search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params = [f"%{literal}%"] * 4  # "%" and "_" typed are themselves, not wildcards
    sql += f" ORDER BY {CASELOAD_ORDER}"
    return [CaseloadEntry._make(row) for row in db.execute(sql, params)]
