"""Entries two agencies may both have recorded — an A&E attendance the police and the hospital
each report — offered to the worker to link as one happening or keep apart. Nothing is merged or
deleted: linked entries stay, each with its source, and the rules count the happening once.

An entry is offered beside another when both concern the same child, both are dated to a day,
the days are the same or adjacent, and their words are alike: after the words every entry uses are
set aside, the mean of rapidfuzz's token-set ratio (the words they share, whatever else each says)
and token-sort ratio (all their words) is at least :data:`ALIKE`. Either alone is not enough: a
short entry sharing two words with a long one ("attended", "mother") scores high on the first.
The reason names all three.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from rapidfuzz import fuzz

from .. import audit
from ..model import Changes, ValidationError, now_text

#: How alike two entries' words must be (0–100) to be offered as one happening.
ALIKE = 58
#: At most this many earlier entries offered beside one new entry (the most alike first).
MOST_PER_ENTRY = 3
#: Words too common to tell two entries apart.
COMMON_WORDS = frozenset(
    "a an and are as at be been by child childs children for from had has have he her him his home in is it its "
    "of on or she that the their them they this to was were which with".split())
SAME, APART = "same", "apart"


@dataclass(frozen=True)
class Entry:
    id: int
    day: date
    agency: str
    summary: str
    source_ref: str = ""

    def to_json(self) -> dict:
        return {"id": self.id, "date": self.day.isoformat(), "agency": self.agency, "summary": self.summary,
                "source_ref": self.source_ref}


@dataclass(frozen=True)
class PossibleSame:
    """Two entries that may record one happening, and why they are offered."""

    first: Entry
    second: Entry
    likeness: int

    @property
    def reason(self) -> str:
        days = (f"the same day ({self.first.day:%d/%m/%Y})" if self.first.day == self.second.day else
                f"a day apart ({self.first.day:%d/%m/%Y} and {self.second.day:%d/%m/%Y})")
        agencies = (f"{self.first.agency} and {self.second.agency}" if self.first.agency.casefold() !=
                    self.second.agency.casefold() else f"both {self.first.agency}")
        return f"{days}; {agencies}; their words {self.likeness}% alike"

    def to_json(self) -> dict:
        return {"events": [self.first.to_json(), self.second.to_json()], "reason": self.reason,
                "likeness": self.likeness}


_WORD = re.compile(r"[0-9a-z]+")


@lru_cache(maxsize=20_000)
def _words(text: str) -> str:
    """The words that tell entries apart (agencies repeat whole summaries: each is worked out once)."""
    return " ".join(word for word in _WORD.findall(text.casefold().replace("&", "and")) if word not in COMMON_WORDS)


def likeness(first: str, second: str) -> int:
    """How alike two entries' words are, 0–100."""
    return _alike(_words(first), _words(second))


def _alike(first_words: str, second_words: str, at_least: int = 0) -> int:
    """:func:`likeness` of words already picked out. With ``at_least``, a pair that cannot reach it
    may be given as 0 (the second ratio is not worked out where the first already rules it out)."""
    shared = fuzz.token_set_ratio(first_words, second_words)
    needed = 2 * at_least - shared  # what the second ratio must reach for the mean to reach at_least
    if needed > 100:
        return 0
    whole = fuzz.token_sort_ratio(first_words, second_words, score_cutoff=max(needed - 1, 0))
    return round((shared + whole) / 2) if whole or needed <= 0 else 0


def _entries(db, child_ids: Sequence[int], first: date, last: date, leaving_out: tuple[int, int] = (0, -1)
             ) -> list[Entry]:
    """The children's entries dated to a day from ``first`` to ``last``, but those numbered within
    ``leaving_out`` (first, last)."""
    marks = ", ".join("?" * len(child_ids))
    rows = db.execute(
        f"SELECT DISTINCT e.id, e.date_earliest, e.agency, e.summary, e.source_ref FROM events e "
        f"JOIN event_children ec ON ec.event_id = e.id WHERE ec.child_id IN ({marks}) AND e.in_error = 0 "
        "AND e.date_earliest = e.date_latest AND e.date_earliest BETWEEN ? AND ? AND e.id NOT BETWEEN ? AND ?",
        [*child_ids, first.isoformat(), last.isoformat(), *leaving_out])
    return [Entry(event_id, date.fromisoformat(day), agency, summary, ref) for event_id, day, agency, summary, ref
            in rows]


def decided_pairs(db, ids: Iterable[int]) -> set[tuple[int, int]]:
    """Pairs among which one of ``ids`` already has a decision (linked or kept apart)."""
    wanted = sorted(set(ids))
    found: set[tuple[int, int]] = set()
    for start in range(0, len(wanted), 500):
        page = wanted[start:start + 500]
        marks = ", ".join("?" * len(page))
        found.update((a, b) for a, b in db.execute(
            f"SELECT first_event, second_event FROM same_happening WHERE first_event IN ({marks}) "
            f"OR second_event IN ({marks})", page + page))
    return found


def possible_same(store, child_ids: Sequence[int], new_ids: Sequence[int]) -> list[PossibleSame]:
    """The entries among ``new_ids`` that may record what another entry of these children records,
    each with the most alike others, not yet decided on."""
    if not new_ids or not child_ids:
        return []
    new = set(new_ids)
    received = [Entry(event_id, date.fromisoformat(day), agency, summary, ref) for event_id, day, agency, summary, ref
                in store.db.execute("SELECT id, date_earliest, agency, summary, source_ref FROM events WHERE id "
                                    "BETWEEN ? AND ? AND date_earliest = date_latest AND in_error = 0",
                                    [min(new_ids), max(new_ids)]) if event_id in new]
    if not received:
        return []
    first = min(entry.day for entry in received) - timedelta(days=1)
    last = max(entry.day for entry in received) + timedelta(days=1)
    by_day: dict[date, list[Entry]] = defaultdict(list)
    for entry in _entries(store.db, list(child_ids), first, last, (min(new_ids), max(new_ids))):
        if entry.id not in new:
            by_day[entry.day].append(entry)
    return _alike_pairs(sorted(received, key=lambda e: (e.day, e.id)), by_day, decided_pairs(store.db, new),
                        most=MOST_PER_ENTRY)


def _alike_pairs(subjects: Iterable[Entry], by_day: dict[date, list[Entry]], decided: set[tuple[int, int]],
                 keep: Callable[[Entry, Entry], bool] = lambda entry, other: True,
                 most: int | None = None) -> list[PossibleSame]:
    """Each subject beside the entries of its own and the adjacent days whose words are alike, not
    yet decided on (and that ``keep`` keeps), the most alike first — at most ``most`` of them."""
    words: dict[int, str] = {}

    def words_of(entry: Entry) -> str:  # each entry's words worked out once, however often compared
        found = words.get(entry.id)
        if found is None:
            found = words[entry.id] = _words(entry.summary)
        return found
    offered = []
    for entry in subjects:
        mine = words_of(entry)
        scored = []
        for other in (other for offset in (-1, 0, 1) for other in by_day.get(entry.day + timedelta(days=offset), ())):
            if other.id == entry.id or (min(entry.id, other.id), max(entry.id, other.id)) in decided or \
                    not keep(entry, other):
                continue
            score = _alike(mine, words_of(other), ALIKE)
            if score >= ALIKE:
                scored.append((score, other))
        scored.sort(key=lambda found: (-found[0], found[1].id))
        for score, other in scored[:most]:
            earlier, later = sorted((entry, other), key=lambda e: e.id)
            offered.append(PossibleSame(earlier, later, score))
    return offered


def undecided(store, child_id: int) -> list[PossibleSame]:
    """Every pair of a child's entries from agencies' returns still to be linked or kept apart."""
    returned = dict(store.db.execute(
        "SELECT s.event_id, s.return_id FROM event_sources s JOIN event_children ec ON ec.event_id = s.event_id "
        "JOIN events e ON e.id = s.event_id WHERE ec.child_id = ? AND e.in_error = 0 ORDER BY s.event_id",
        [child_id]).fetchall())
    ids = sorted(returned)
    if not ids:
        return []
    offered: dict[tuple[int, int], PossibleSame] = {}
    for start in range(0, len(ids), 2000):
        for pair in _possible_among(store, child_id, ids[start:start + 2000], returned):
            offered.setdefault((pair.first.id, pair.second.id), pair)
    return sorted(offered.values(), key=lambda p: (p.first.day, p.first.id, p.second.id))


def _possible_among(store, child_id: int, ids: list[int], returned: dict[int, int]) -> list[PossibleSame]:
    """Each of these entries from returns against every other entry of the child on adjacent days;
    one return's own entries are never offered against each other, as when it was received."""
    marks = ", ".join("?" * len(ids))
    span = store.db.execute(f"SELECT MIN(date_earliest), MAX(date_earliest) FROM events WHERE id IN ({marks}) "
                            "AND date_earliest = date_latest", ids).fetchone()
    if span[0] is None:
        return []
    entries = _entries(store.db, [child_id], date.fromisoformat(span[0]) - timedelta(days=1),
                       date.fromisoformat(span[1]) + timedelta(days=1))
    wanted = set(ids)
    by_day: dict[date, list[Entry]] = defaultdict(list)
    for entry in entries:
        by_day[entry.day].append(entry)

    def keep(entry: Entry, other: Entry) -> bool:
        if other.id in wanted and other.id < entry.id:  # the pair is met from the other side
            return False
        return returned.get(entry.id, -1) != returned.get(other.id, -2)
    return _alike_pairs((entry for entry in entries if entry.id in wanted), by_day, decided_pairs(store.db, wanted),
                        keep)


def decide(store, first: int, second: int, decision: str) -> Changes:
    """Record the worker's decision that two entries record one happening (``same``) or not
    (``apart``); a later decision on the pair stands in place of an earlier, which is kept."""
    if decision not in (SAME, APART):
        raise ValidationError("decision", f"'{decision}' is not a decision: link them (same) or keep them apart")
    if first == second:
        raise ValidationError("events", "An entry cannot be linked to itself.")
    first, second = sorted((first, second))
    shared = store.db.execute(
        "SELECT a.child_id FROM event_children a JOIN event_children b ON a.child_id = b.child_id "
        "WHERE a.event_id = ? AND b.event_id = ? LIMIT 1", [first, second]).fetchone()
    if shared is None:
        known = {row[0] for row in store.db.execute("SELECT id FROM events WHERE id IN (?, ?)", [first, second])}
        missing = [event_id for event_id in (first, second) if event_id not in known]
        if missing:
            raise ValidationError("events", f"There is no entry {missing[0]}.")
        raise ValidationError("events", f"Entries {first} and {second} concern different children: only one "
                                        "child's entries can be the same happening.")
    stamp = now_text()
    with store.db.atomic():
        decision_id = store.db.execute(
            "INSERT INTO same_happening(first_event, second_event, decision, decided_at, decided_by) "
            "VALUES (?, ?, ?, ?, ?)", [first, second, decision, stamp, store.user]).lastrowid
        audit.append(store.db, stamp, store.user, "linked" if decision == SAME else "kept apart", "events", first,
                     {"same_happening": audit.digests_now(store.db, "same_happening", [str(decision_id)]),
                      "with": second})
    children = frozenset(row[0] for row in store.db.execute(
        "SELECT child_id FROM event_children WHERE event_id IN (?, ?)", [first, second]))
    return Changes(children=children, events=frozenset((first, second)))


def linked(db, ids: Iterable[int]) -> list[set[int]]:
    """Groups of entries among ``ids`` linked as one happening (each decision's latest word stands)."""
    wanted = set(ids)
    if not wanted:
        return []
    latest: dict[tuple[int, int], str] = {}
    for first, second, decision in db.execute(
            "SELECT first_event, second_event, decision FROM same_happening ORDER BY id"):
        if first in wanted and second in wanted:
            latest[(first, second)] = decision
    parent: dict[int, int] = {}

    def root(item: int) -> int:
        while parent.get(item, item) != item:
            item = parent[item]
        return item
    for (first, second), decision in latest.items():
        if decision == SAME:
            a, b = root(first), root(second)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[int, set[int]] = defaultdict(set)
    for item in parent:
        groups[root(item)].add(item)
    for top in list(groups):
        groups[top].add(top)
    return [group for group in groups.values() if len(group) > 1]


def linked_with(db, event_id: int) -> list[int]:
    """The other entries linked with this one as the same happening."""
    for group in linked(db, _neighbourhood(db, event_id)):
        if event_id in group:
            return sorted(group - {event_id})
    return []


def _neighbourhood(db, event_id: int) -> set[int]:
    found, frontier = {event_id}, {event_id}
    while frontier:
        marks = ", ".join("?" * len(frontier))
        rows = db.execute(f"SELECT first_event, second_event FROM same_happening WHERE first_event IN ({marks}) "
                          f"OR second_event IN ({marks})", list(frontier) * 2).fetchall()
        nearby = {value for row in rows for value in row} - found
        found |= nearby
        frontier = nearby
    return found
