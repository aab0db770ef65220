"""An audit trail that shows tampering: every change is appended with who, when and what, each
entry's hash chained to the one before; ``verify`` checks the chain and the current data against
it. Entries are never changed or deleted (the database refuses)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import TYPE_CHECKING

from .model import ChildDetails, EventDetails

if TYPE_CHECKING:
    from sqlite_utils import Database

GENESIS = "0" * 64


def _canonical(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _json_texts(values: tuple[str, ...]) -> str:
    return "[" + ",".join(map(encode_basestring, values)) + "]"


def _json_numbers(values: tuple[int, ...]) -> str:
    return "[" + ",".join(map(str, values)) + "]"


def canonical_event(details: EventDetails, version: int, in_error: bool) -> str:
    """Exactly ``_canonical([details.to_json(), version, in_error])``, written field by field in
    sorted order: an import digests every event, and the general encoder took a quarter of it."""
    d, text = details, encode_basestring
    return (f'[{{"action":{text(d.action)},"agency":{text(d.agency)},'
            f'"categories":{_json_texts(d.categories) if d.categories else "[]"},'
            f'"child_ids":{_json_numbers(d.child_ids)},'
            f'"child_voice":{text(d.child_voice)},"date":{text(d.date.to_text())},'
            f'"end_date":{text(d.end_date.to_text()) if d.end_date else "null"},'
            f'"event_type":{text(d.event_type)},"impact":{text(d.impact)},'
            f'"key_event":{"true" if d.key_event else "false"},"planned":{"true" if d.planned else "false"},'
            f'"rating":{"null" if d.rating is None else text(d.rating)},'
            f'"recorded_by":{text(d.recorded_by)},"role":{text(d.role)},'
            f'"seen_alone":{_JSON_FLAGS[d.seen_alone]},"sequence":{"null" if d.sequence is None else d.sequence},'
            f'"source_ref":{text(d.source_ref)},"summary":{text(d.summary)},'
            f'"third_party":{_json_texts(d.third_party) if d.third_party else "[]"},'
            f'"time":{"null" if d.time is None else text(d.time)}}},'
            f'{version},{"true" if in_error else "false"}]')


_JSON_FLAGS = {None: "null", True: "true", False: "false"}


def event_digest(details: EventDetails, version: int, in_error: bool) -> str:
    """What an event says now, as one hash."""
    return hashlib.sha256(canonical_event(details, version, in_error).encode()).hexdigest()


def child_digest(details: ChildDetails, version: int, in_error: bool) -> str:
    return hashlib.sha256(_canonical([details.to_json(), version, in_error]).encode()).hexdigest()


def last_hash(db: Database) -> str:
    row = db.execute("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else GENESIS


def _entry_hash(previous: str, at: str, who: str, action: str, entity: str, entity_id: int | None,
                detail: str) -> str:
    return hashlib.sha256(_canonical([previous, at, who, action, entity, entity_id, detail]).encode()).hexdigest()


def append(db: Database, at: str, who: str, action: str, entity: str, entity_id: int | None, detail: dict) -> str:
    """Add an entry (inside the caller's transaction) and return its hash."""
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


#: What the trail keeps a digest of, with the name a report uses for one of them.
KINDS = {"events": "Event", "children": "Child record", "acknowledgements": "Flag acknowledgement"}


def verify(db: Database, current: dict[str, dict[int, str]]) -> Verification:
    """Check the chain, then that every event, child and acknowledgement is as the trail last
    recorded it. ``current`` maps each of ``KINDS`` to {id: digest of what the database holds now}."""
    previous, count = GENESIS, 0
    recorded: dict[str, dict[int, str]] = {kind: {} for kind in KINDS}
    for number, at, who, action, entity, entity_id, detail, stored_previous, stored_hash in db.execute(
            "SELECT id, at, who, action, entity, entity_id, detail, previous_hash, hash FROM audit_log ORDER BY id"):
        count += 1
        if stored_previous != previous:
            return Verification(count, previous, f"Audit entry {number} does not follow the entry before it: "
                                                 "an entry has been removed or inserted.")
        if _entry_hash(previous, at, who, action, entity, entity_id, detail) != stored_hash:
            return Verification(count, previous, f"Audit entry {number} ({action} {entity}, {at}) has been altered.")
        previous = stored_hash
        values = json.loads(detail)
        for kind in KINDS:
            recorded[kind].update({int(k): v for k, v in values.get(kind, {}).items()})
    for kind, name in KINDS.items():
        now = current.get(kind, {})
        for item_id in sorted(set(recorded[kind]) | set(now)):
            if item_id not in recorded[kind]:
                return Verification(count, previous, f"{name} {item_id} is not in the audit trail: it was added "
                                                     "outside Chronology.")
            if item_id not in now:
                return Verification(count, previous, f"{name} {item_id} is in the audit trail but not in the "
                                                     "database: it has been deleted.")
            if recorded[kind][item_id] != now[item_id]:
                return Verification(count, previous, f"{name} {item_id} differs from what the audit trail "
                                                     "recorded: it was changed outside Chronology.")
    return Verification(count, previous)


def acknowledgement_digest(child_id: int, key: str, response: str, by: str, at: str) -> str:
    return hashlib.sha256(_canonical([child_id, key, response, by, at]).encode()).hexdigest()
