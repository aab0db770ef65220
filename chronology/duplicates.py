"""Entries recorded twice: a file imported a second time, an agency's return sent again, the same
row twice in one file. They are found by what they say — the same children, date, time, kind of
event, source and words (spacing and capitals aside) — and offered to the worker as possible
duplicates, never silently doubled and never silently dropped."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .model import EventDetails

if TYPE_CHECKING:
    from .store import Store


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def content_key(details: EventDetails) -> tuple:
    """What makes two entries the same entry."""
    return (tuple(sorted(details.child_ids)), details.date.to_text(), details.time or "", details.event_type,
            _fold(details.agency), _fold(details.role), _fold(details.summary))


@dataclass(frozen=True)
class Duplicate:
    """A row that repeats an entry: one already recorded (``event_id``), or an earlier row of the
    same file (``earlier_line``)."""

    index: int
    line: int
    event_id: int | None = None
    earlier_line: int | None = None

    def describe(self, details: EventDetails) -> str:
        summary = details.summary if len(details.summary) <= 60 else details.summary[:57] + "…"
        what = f"{details.date.printed()}, '{summary}'"
        if self.event_id is not None:
            return f"the same as an entry already recorded ({what}): it looks imported before"
        return f"the same as line {self.earlier_line} of this file ({what})"


def find_duplicates(store: Store, events: list[EventDetails], lines: list[int]) -> list[Duplicate]:
    """The rows of a file that repeat an entry already recorded, or an earlier row of the file.
    One query: the children's entries on the file's dates (a scan of their own entries, however
    large the caseload)."""
    if not events:
        return []
    keys = [content_key(details) for details in events]
    children = sorted({child for details in events for child in details.child_ids})
    dates = sorted({details.date.to_text() for details in events})
    db = store.db
    # Temporary tables (in memory) hold what to look for; written in a transaction of their own, so
    # that none is left open to swallow the import that follows.
    with db.atomic():
        db.execute("CREATE TEMP TABLE IF NOT EXISTS import_children(id INTEGER PRIMARY KEY)")
        db.execute("CREATE TEMP TABLE IF NOT EXISTS import_dates(date TEXT PRIMARY KEY)")
        db.conn.executemany("INSERT OR IGNORE INTO import_children(id) VALUES (?)", [(c,) for c in children])
        db.conn.executemany("INSERT OR IGNORE INTO import_dates(date) VALUES (?)", [(d,) for d in dates])
        candidates = {row[0]: row[1:] for row in db.execute(
            "SELECT DISTINCT e.id, e.date, COALESCE(e.time, ''), e.event_type, e.agency, e.role, e.summary "
            "FROM import_children c JOIN event_children ec ON ec.child_id = c.id JOIN events e ON e.id = ec.event_id "
            "WHERE e.in_error = 0 AND e.date IN (SELECT date FROM import_dates)")}
        db.execute("DELETE FROM import_children")
        db.execute("DELETE FROM import_dates")
    recorded: dict[tuple, int] = {}
    if candidates:
        ids = sorted(candidates)
        linked: dict[int, list[int]] = {}
        for start in range(0, len(ids), 500):
            page = ids[start:start + 500]
            for event_id, child in db.execute(
                    f"SELECT event_id, child_id FROM event_children WHERE event_id IN ({', '.join('?' * len(page))})",
                    page):
                linked.setdefault(event_id, []).append(child)
        for event_id, (date, time, kind, agency, role, summary) in candidates.items():
            key = (tuple(sorted(linked.get(event_id, ()))), date, time, kind, _fold(agency), _fold(role),
                   _fold(summary))
            recorded.setdefault(key, event_id)
    found: list[Duplicate] = []
    first_line: dict[tuple, int] = {}
    for index, (key, line) in enumerate(zip(keys, lines, strict=True)):
        if key in recorded:
            found.append(Duplicate(index, line, event_id=recorded[key]))
        elif key in first_line:
            found.append(Duplicate(index, line, earlier_line=first_line[key]))
        else:
            first_line[key] = line
    return found
