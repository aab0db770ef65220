"""An audit trail that shows tampering: every change is appended with who, when and what, each
entry's hash chained to the one before; ``verify`` checks the chain and what the database holds
against it. Entries are never changed or deleted (the database refuses).

Each entry also holds **digests** of what the change left: of each event, child record, earlier
version and acknowledgement it wrote. A digest is computed in a **form**, and an entry says which
form it used. Forms are history: once an entry has been written in a form, that form never
changes, so that a caseload verifies after any upgrade. A field added later is covered by a new
form (and a test fails until the current form covers every column the store writes).

- Form 1 (the entries written before 30/11/2026): an event's details, version and whether it is
  entered in error; a child's profile, version and status; an acknowledgement's child, flag,
  response, author and time.
- Form 2: every stored column of each row — an event's details, the days derived from its date,
  its sort key, when it was first recorded, its version, whether and why it was entered in error,
  its children and concerns, and who changed it last, when and why; each earlier version of an
  event and of a child record in full; every column of a child record (with its family), of an
  acknowledgement and of a worker's analysis; and, under its rule since they came after it was named,
  every column of requests for agencies' returns, of the returns received, of each entry's source in
  one, and of the worker's decisions on entries that may be the same happening.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

GENESIS = "0" * 64
CURRENT_FORM = 2

#: What the trail keeps digests of, with how a report names one of them ({0}: the id, {1}: the version).
KINDS = {"events": "Event {0}", "event_versions": "Version {1} of event {0}", "children": "Child record {0}",
         "child_versions": "Version {1} of child record {0}", "acknowledgements": "Flag acknowledgement {0}",
         "analyses": "The worker's analysis {0}", "return_requests": "Request for an agency's return {0}",
         "agency_returns": "Agency return {0}", "event_sources": "The source of event {0}",
         "same_happening": "Decision {0} on entries that may be the same happening"}


#: One encoder each, made once: json.dumps with arguments builds a new encoder on every call.
_canonical = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def _compact_encoder() -> Callable[[object], str]:
    """JSON without spaces, as ``json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))``
    writes it, through the C encoder made once (``encode`` makes it again for every list it is
    given, a cost an import of thousands of events notices). Without the C module, the same text."""
    general = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - CPython always has it
        return general.encode
    chunks = make(None, general.default, json.encoder.encode_basestring, None, ":", ",", False, False, True)
    return lambda value: "".join(chunks(value, 0))


_compact = _compact_encoder()


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


# -- form 1 (frozen) ---------------------------------------------------------------------------

#: An event's fields in form 1, as ``EventDetails.to_json()`` wrote them then.
_FORM1_EVENT_COLUMNS = ("date", "end_date", "time", "sequence", "planned", "agency", "role", "event_type", "summary",
                        "impact", "action", "child_voice", "seen_alone", "key_event", "rating", "recorded_by",
                        "source_ref", "third_party")
#: Columns added after form 1, and what they hold when unused: a row using one cannot be in form 1.
_ADDED_AFTER_FORM1 = {"outcome": ""}
#: A digest no row has: what a row that a form cannot describe gets, so that it is reported.
UNDESCRIBABLE = "cannot be described in the form recorded"


def event_digest_v1(row: dict[str, Any], child_ids: Sequence[int], categories: Sequence[str]) -> str:
    """Form 1 of an event row (columns by name, as stored) with its links."""
    if any(row.get(column, unused) != unused for column, unused in _ADDED_AFTER_FORM1.items()):
        return UNDESCRIBABLE
    details = {column: row[column] for column in _FORM1_EVENT_COLUMNS}
    details.update(planned=bool(row["planned"]), key_event=bool(row["key_event"]),
                   seen_alone=None if row["seen_alone"] is None else bool(row["seen_alone"]),
                   third_party=[part for part in row["third_party"].split(";") if part],
                   categories=sorted(categories), child_ids=sorted(child_ids))
    return _hash(_canonical([details, row["version"], bool(row["in_error"])]))


def child_digest_v1(row: dict[str, Any]) -> str:
    """Form 1 of a child row (with ``family``, the family's name)."""
    profile = {name: row[name] for name in ("ref", "name", "dob", "preferred_name", "gender", "ethnicity",
                                           "first_language", "disability", "family")}
    profile["dob_is_expected"] = bool(row["dob_is_expected"])
    return _hash(_canonical([profile, row["version"], bool(row["in_error"])]))


def acknowledgement_digest_v1(child_id: int, key: str, response: str, by: str, at: str) -> str:
    return _hash(_canonical([child_id, key, response, by, at]))


# -- form 2 (frozen) ---------------------------------------------------------------------------

#: An event row's columns in form 2, in the order the store writes them, and what stands for NULL.
EVENT_COLUMNS_V2 = ("date", "date_earliest", "date_latest", "sort_key", "time", "end_date", "agency", "role",
                    "event_type", "summary", "impact", "action", "child_voice", "key_event", "rating", "recorded_by",
                    "source_ref", "sequence", "seen_alone", "planned", "third_party", "outcome")
ABSENT_V2 = {"date_earliest": "", "date_latest": "", "time": "", "end_date": "", "rating": "", "sequence": -1,
             "seen_alone": -1}
CHILD_COLUMNS_V2 = ("ref", "name", "preferred_name", "dob", "dob_is_expected", "gender", "ethnicity", "first_language",
                    "disability", "family", "version", "in_error", "created_at", "created_by")
ACKNOWLEDGEMENT_COLUMNS_V2 = ("child_id", "flag_key", "rule", "title", "response", "acknowledged_by",
                              "acknowledged_at")
VERSION_COLUMNS_V2 = ("version", "action", "data", "changed_at", "changed_by", "reason")
#: A worker's analysis (added after form 2 was named, with form 2's rule: every column).
ANALYSIS_COLUMNS_V2 = ("child_id", "text", "dated", "written_at", "written_by")
#: Records kept whole and never changed, added after form 2 was named (with its rule: every column):
#: kind → (table, key column, what a digest calls it, columns).
RECORDS_V2: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "analyses": ("analyses", "id", "analysis", ANALYSIS_COLUMNS_V2),
    "return_requests": ("return_requests", "id", "return request",
                        ("agency", "children", "period_from", "period_to", "due", "file_name", "requested_at",
                         "requested_by")),
    "agency_returns": ("agency_returns", "id", "agency return",
                       ("request_id", "agency", "children", "file_name", "sha256", "entries", "received_at",
                        "received_by")),
    "event_sources": ("event_sources", "event_id", "event source",
                      ("return_id", "place", "row_number", "agency_type", "agency_concerns")),
    "same_happening": ("same_happening", "id", "same happening",
                       ("first_event", "second_event", "decision", "decided_at", "decided_by")),
}


def _v2(*parts: object) -> str:
    return _hash(_compact([2, *parts]))


def event_digest_v2(event_id: int, values: Sequence[object], recorded_at: str, version: int, in_error: int,
                    in_error_reason: str, child_ids: Sequence[int], categories: Sequence[str],
                    last_change: Sequence[object]) -> str:
    """Form 2 of an event: ``values`` in :data:`EVENT_COLUMNS_V2` order (with :data:`ABSENT_V2` for
    NULL), sorted links, and its current version's (action, changed_at, changed_by, reason)."""
    return _v2("event", event_id, list(values), recorded_at, version, int(in_error), in_error_reason,
               list(child_ids), list(categories), list(last_change))


def new_event_digests(first_id: int, rows: Sequence[Sequence[object]], links: Sequence[tuple[Sequence[int],
                      Sequence[str]]], recorded_at: str, last_change: Sequence[object]) -> dict[int, str]:
    """:func:`event_digest_v2` of many new events (version 1, current) recorded together: the same
    text, with the part they share encoded once (an import digests tens of thousands)."""
    shared = _compact([recorded_at, 1, 0, ""])[1:-1]
    change = _compact(list(last_change))
    return {event_id: _hash(f'[2,"event",{event_id},{_compact(list(values))},{shared},'
                            f'{_compact(list(children))},{_compact(list(categories))},{change}]')
            for event_id, values, (children, categories)
            in zip(range(first_id, first_id + len(rows)), rows, links, strict=True)}


def version_digest_v2(kind: str, owner_id: int, values: Sequence[object]) -> str:
    """Form 2 of an earlier version of an event or a child: :data:`VERSION_COLUMNS_V2` values."""
    return _v2(kind, owner_id, list(values))


def child_digest_v2(child_id: int, values: Sequence[object]) -> str:
    return _v2("child", child_id, list(values))


def acknowledgement_digest_v2(acknowledgement_id: int, values: Sequence[object]) -> str:
    return _v2("acknowledgement", acknowledgement_id, list(values))


# -- reading what the database holds, in a form ------------------------------------------------

def _marks(items: Sequence[object]) -> str:
    return ", ".join("?" * len(items))


def _chunks(items: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _links(db: Database, table: str, column: str, ids: Sequence[int]) -> dict[int, list]:
    found: dict[int, list] = {}
    for event_id, value in db.execute(f"SELECT event_id, {column} FROM {table} WHERE event_id IN ({_marks(ids)})",
                                      list(ids)):
        found.setdefault(event_id, []).append(value)
    return {key: sorted(values) for key, values in found.items()}


def event_digests(db: Database, ids: Sequence[int], form: int = CURRENT_FORM) -> dict[int, str]:
    """Digests of these events as the database holds them now."""
    found: dict[int, str] = {}
    for page in _chunks(list(ids)):
        children, categories = _links(db, "event_children", "child_id", page), \
            _links(db, "event_categories", "category", page)
        if form == 1:
            for row in db.query(f"SELECT * FROM events WHERE id IN ({_marks(page)})", list(page)):
                found[row["id"]] = event_digest_v1(row, children.get(row["id"], ()), categories.get(row["id"], ()))
            continue
        columns = ", ".join(f"COALESCE({c}, {ABSENT_V2[c]!r})" if c in ABSENT_V2 else c for c in EVENT_COLUMNS_V2)
        last = {row[0]: row[1:] for row in db.execute(
            f"SELECT event_id, action, changed_at, changed_by, reason FROM event_versions "
            f"WHERE data IS NULL AND event_id IN ({_marks(page)})", list(page))}
        for row in db.execute(f"SELECT id, {columns}, recorded_at, version, in_error, in_error_reason FROM events "
                              f"WHERE id IN ({_marks(page)})", list(page)):
            event_id, values = row[0], row[1:len(EVENT_COLUMNS_V2) + 1]
            recorded_at, version, in_error, in_error_reason = row[len(EVENT_COLUMNS_V2) + 1:]
            found[event_id] = event_digest_v2(event_id, values, recorded_at, version, in_error, in_error_reason,
                                              children.get(event_id, ()), categories.get(event_id, ()),
                                              last.get(event_id, ()))
    return found


_CHILD_ROW = ("SELECT c.*, COALESCE(f.name, '') AS family FROM children c "
              "LEFT JOIN families f ON f.id = c.family_id WHERE c.id IN ({})")


def child_digests(db: Database, ids: Sequence[int], form: int = CURRENT_FORM) -> dict[int, str]:
    found = {}
    for page in _chunks(list(ids)):
        for row in db.query(_CHILD_ROW.format(_marks(page)), list(page)):
            row["dob"] = row["dob"] or None
            found[row["id"]] = child_digest_v1(row) if form == 1 else \
                child_digest_v2(row["id"], [row[column] for column in CHILD_COLUMNS_V2])
    return found


def acknowledgement_digests(db: Database, ids: Sequence[int], form: int = CURRENT_FORM) -> dict[int, str]:
    found = {}
    for page in _chunks(list(ids)):
        for row in db.query(f"SELECT * FROM flag_acknowledgements WHERE id IN ({_marks(page)})", list(page)):
            found[row["id"]] = acknowledgement_digest_v1(
                row["child_id"], row["flag_key"], row["response"], row["acknowledged_by"], row["acknowledged_at"]) \
                if form == 1 else acknowledgement_digest_v2(row["id"], [row[c] for c in ACKNOWLEDGEMENT_COLUMNS_V2])
    return found


def record_digests(db: Database, kind: str, ids: Sequence[int], form: int = CURRENT_FORM) -> dict[int, str]:
    """Digests of records of :data:`RECORDS_V2`. Form 1 knew none: one recorded in it cannot be described."""
    table, key, label, columns = RECORDS_V2[kind]
    found = {}
    for page in _chunks(list(ids)):
        for row in db.execute(f"SELECT {key}, {', '.join(columns)} FROM {table} WHERE {key} IN ({_marks(page)})",
                              list(page)):
            found[row[0]] = UNDESCRIBABLE if form == 1 else _v2(label, row[0], list(row[1:]))
    return found


_VERSION_TABLES = {"event_versions": ("event_versions", "event_id", "event", "data IS NOT NULL"),
                   "child_versions": ("child_versions", "child_id", "child", "1")}


def version_digests(db: Database, kind: str, keys: Sequence[str], form: int = CURRENT_FORM) -> dict[str, str]:
    """Digests of earlier versions (``"owner:version"`` keys). Form 1 kept none."""
    table, owner, label, _ = _VERSION_TABLES[kind]
    found = {}
    for page in _chunks(list(keys)):
        pairs = [tuple(int(part) for part in key.split(":")) for key in page]
        where = " OR ".join(f"({owner} = ? AND version = ?)" for _ in pairs)
        for row in db.execute(f"SELECT {owner}, {', '.join(VERSION_COLUMNS_V2)} FROM {table} WHERE {where}",
                              [number for pair in pairs for number in pair]):
            key = f"{row[0]}:{row[1]}"
            found[key] = UNDESCRIBABLE if form == 1 else version_digest_v2(label, row[0], row[1:])
    return found


def present(db: Database, kind: str) -> list[str]:
    """The keys of every item of a kind the database holds now."""
    if kind in _VERSION_TABLES:
        table, owner, _, which = _VERSION_TABLES[kind]
        return [f"{a}:{b}" for a, b in db.execute(f"SELECT {owner}, version FROM {table} WHERE {which}")]
    if kind in RECORDS_V2:
        table, key, _, _ = RECORDS_V2[kind]
        return [str(row[0]) for row in db.execute(f"SELECT {key} FROM {table}")]
    table = {"events": "events", "children": "children", "acknowledgements": "flag_acknowledgements"}[kind]
    return [str(row[0]) for row in db.execute(f"SELECT id FROM {table}")]


def digests_now(db: Database, kind: str, keys: Sequence[str], form: int = CURRENT_FORM) -> dict[str, str]:
    """What the database holds now for these keys, as digests in ``form``."""
    if kind in _VERSION_TABLES:
        return version_digests(db, kind, keys, form)
    if kind in RECORDS_V2:
        return {str(key): digest for key, digest in record_digests(db, kind, [int(key) for key in keys], form).items()}
    read = {"events": event_digests, "children": child_digests, "acknowledgements": acknowledgement_digests}[kind]
    return {str(key): digest for key, digest in read(db, [int(key) for key in keys], form).items()}


# -- the chain ---------------------------------------------------------------------------------

def last_hash(db: Database) -> str:
    row = db.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else GENESIS


def _entry_hash(previous: str, at: str, who: str, action: str, entity: str, entity_id: int | None,
                detail: str) -> str:
    return _hash(_canonical([previous, at, who, action, entity, entity_id, detail]))


def append(db: Database, at: str, who: str, action: str, entity: str, entity_id: int | None, detail: dict,
           form: int = CURRENT_FORM) -> str:
    """Add an entry (inside the caller's transaction) and return its hash. Digests in ``detail``
    are in ``form``, which the entry records (form 1's entries, from before forms were named,
    say nothing)."""
    if form > 1 and any(kind in detail for kind in KINDS):
        detail = {"form": form, **detail}
    previous = last_hash(db)
    text = _canonical(detail)
    digest = _entry_hash(previous, at, who, action, entity, entity_id, text)
    db.execute("INSERT INTO audit_log(at, who, action, entity, entity_id, detail, previous_hash, hash) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [at, who, action, entity, entity_id, text, previous, digest])
    return digest


@dataclass(frozen=True)
class Verification:
    entries: int
    last_hash: str
    problem: str | None = None

    @property
    def intact(self) -> bool:
        return self.problem is None


def _order(key: str) -> tuple[int, ...]:
    return tuple(int(part) for part in key.split(":"))


def verify(db: Database) -> Verification:
    """Check the chain (entries numbered without a gap, each following the one before), then that
    every item the trail keeps digests of is, in the database, as the trail last recorded it (in the
    form it recorded it), and that nothing is there it never recorded — including the rows no digest
    covers: an event's record of its current version, and rows belonging to nothing recorded."""
    previous, count = GENESIS, 0
    recorded: dict[str, dict[str, tuple[str, int]]] = {kind: {} for kind in KINDS}
    for number, at, who, action, entity, entity_id, detail, stored_previous, stored_hash in db.execute(
            "SELECT id, at, who, action, entity, entity_id, detail, previous_hash, hash FROM audit_log ORDER BY id"):
        count += 1
        if number != count:  # entries are numbered from 1 without a gap: a gap or a jump is a renumbering
            return Verification(count, previous, f"Audit entry {number} should be entry {count}: the entries have "
                                                 "been renumbered or removed.")
        if stored_previous != previous:
            return Verification(count, previous, f"Audit entry {number} does not follow the entry before it: "
                                                 "an entry has been removed or inserted.")
        if _entry_hash(previous, at, who, action, entity, entity_id, detail) != stored_hash:
            return Verification(count, previous, f"Audit entry {number} ({action} {entity}, {at}) has been altered.")
        previous = stored_hash
        values = json.loads(detail)
        form = values.get("form", 1)
        for kind in KINDS:
            recorded[kind].update({str(key): (digest, form) for key, digest in values.get(kind, {}).items()})
    for kind, name in KINDS.items():
        held = set(present(db, kind))
        kept = recorded[kind]
        by_form: dict[int, list[str]] = {}
        for key in held & set(kept):
            by_form.setdefault(kept[key][1], []).append(key)
        now: dict[str, str] = {}
        for form, keys in by_form.items():
            now.update(digests_now(db, kind, keys, form))
        for key in sorted(held | set(kept), key=_order):
            what = name.format(*key.split(":"))
            if key not in kept:
                return Verification(count, previous, f"{what} is not in the audit trail: it was added outside "
                                                     "Chronology.")
            if key not in held:
                return Verification(count, previous, f"{what} is in the audit trail but not in the database: "
                                                     "it has been deleted.")
            if now.get(key) != kept[key][0]:
                return Verification(count, previous, f"{what} differs from what the audit trail recorded: it was "
                                                     "changed outside Chronology.")
    mismatched = db.execute(_CURRENT_VERSION_MISMATCH).fetchone()
    if mismatched:
        return Verification(count, previous, f"Event {mismatched[0]}'s record of who changed it last does not match "
                                             "the event: it was changed outside Chronology.")
    for query, problem in _UNRECORDED:
        found = db.execute(query).fetchone()
        if found:
            return Verification(count, previous, problem.format(*found))
    return Verification(count, previous)


#: Rows no digest covers, because they belong to nothing the trail recorded: links and version
#: records of events that do not exist (an event's digest covers its own), and a family no child
#: has ever been in.
_UNRECORDED = (
    ("SELECT 'version records', event_id FROM event_versions WHERE event_id NOT IN (SELECT id FROM events) "
     "UNION ALL SELECT 'links to children', event_id FROM event_children WHERE event_id NOT IN (SELECT id FROM events) "
     "UNION ALL SELECT 'concerns', event_id FROM event_categories WHERE event_id NOT IN (SELECT id FROM events) "
     "LIMIT 1",
     "The database holds {0} of an event numbered {1}, which does not exist: they were added outside Chronology."),
    ("SELECT name FROM families WHERE id NOT IN (SELECT family_id FROM children WHERE family_id IS NOT NULL) "
     "AND name NOT IN (SELECT json_extract(data, '$.family') FROM child_versions WHERE data IS NOT NULL) LIMIT 1",
     "The family \"{0}\" has never had a child in it: it was added outside Chronology."),
)

#: An event whose versions table does not hold exactly one current row at the event's version
#: (the digests read the current row by ``data IS NULL``, so its number must be checked here).
_CURRENT_VERSION_MISMATCH = ("SELECT e.id FROM events e LEFT JOIN event_versions v ON v.event_id = e.id "
                             "AND v.data IS NULL GROUP BY e.id "
                             "HAVING COUNT(v.event_id) != 1 OR MAX(v.version) != e.version LIMIT 1")
