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


class _Folds(dict):
    """Texts folded once each: a file names the same few agencies and roles row after row."""

    def __missing__(self, text: str) -> str:
        folded = self[text] = _fold(text)
        return folded


def content_key(details: EventDetails, folds: _Folds | None = None) -> tuple:
    """What makes two entries the same entry."""
    fold = folds.__getitem__ if folds is not None else _fold
    return (tuple(sorted(details.child_ids)), details.date.to_text(), details.time or "", details.event_type,
            fold(details.agency), fold(details.role), _fold(details.summary))


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
    One query finds the entries that could: those of a row's child, on its date, of its kind (a
    scan of those children's own entries, however large the caseload); only they are compared
    whole."""
    if not events:
        return []
    folds = _Folds()
    keys = [content_key(details, folds) for details in events]
    looked_for = {(child, key[1], key[3]) for key in keys for child in key[0]}
    db = store.db
    # A temporary table (in memory) holds what to look for; written in a transaction of its own, so
    # that none is left open to swallow the import that follows.
    with db.atomic():
        db.execute("CREATE TEMP TABLE IF NOT EXISTS import_children(id INTEGER PRIMARY KEY)")
        db.execute("CREATE TEMP TABLE IF NOT EXISTS import_keys(child_id INTEGER, date TEXT, event_type TEXT, "
                   "PRIMARY KEY (child_id, date, event_type)) WITHOUT ROWID")
        db.conn.executemany("INSERT OR IGNORE INTO import_children(id) VALUES (?)",
                            [(child,) for child in {child for child, _, _ in looked_for}])
        db.conn.executemany("INSERT OR IGNORE INTO import_keys VALUES (?, ?, ?)", looked_for)
        # Each child's own entries read once (not once for each of its rows), each kept only if a
        # row of the file names its child, date and kind. CROSS JOIN keeps that order: the planner
        # knows nothing of the temporary tables and would otherwise scan every link in the caseload.
        candidates = db.execute(
            "SELECT e.id, e.summary FROM import_children c CROSS JOIN event_children ec ON ec.child_id = c.id "
            "CROSS JOIN events e ON e.id = ec.event_id "
            "WHERE e.in_error = 0 AND EXISTS (SELECT 1 FROM import_keys k WHERE k.child_id = c.id "
            "AND k.date = e.date AND k.event_type = e.event_type)").fetchall()
        db.execute("DELETE FROM import_children")
        db.execute("DELETE FROM import_keys")
    summaries = {key[6] for key in keys}
    # Most entries of the day say something else: only those that say what a row says are read
    # whole, with the children they concern, and compared.
    alike = {event_id: said for event_id, summary in candidates if (said := _fold(summary)) in summaries}
    ids = sorted(alike)
    children: dict[int, list[int]] = {}
    recorded: dict[tuple, int] = {}
    for start in range(0, len(ids), 500):
        page, marks = ids[start:start + 500], ", ".join("?" * len(ids[start:start + 500]))
        for event_id, child in db.execute(f"SELECT event_id, child_id FROM event_children "
                                          f"WHERE event_id IN ({marks})", page):
            children.setdefault(event_id, []).append(child)
        for event_id, date, time, kind, agency, role in db.execute(
                f"SELECT id, date, COALESCE(time, ''), event_type, agency, role FROM events WHERE id IN ({marks})",
                page):
            key = (tuple(sorted(children.get(event_id, ()))), date, time, kind, folds[agency], folds[role],
                   alike[event_id])
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
