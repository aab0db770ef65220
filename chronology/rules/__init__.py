"""The rules behind the cumulative-neglect view: each a transparent check over one child's
events (never an opaque score), with thresholds from the settings. See docs/rules.md."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from ..dates import stored_date
from ..returns.same import linked
from ..workdays import WorkingCalendar
from . import casework, patterns
from .casework import Upcoming
from .model import SEVERITIES, Flag, RuleEvent, load_settings

if TYPE_CHECKING:
    from sqlite_utils import Database

#: Every rule by its id (a stable contract), in the order flags of equal severity are listed.
#: Each reads (events, settings, as_of); the timescale rule also needs the working-day calendar.
#: Each rule: the chronology, the settings and the day judged (the timescales also take the calendar).
RULES: dict[str, Callable[..., list[Flag]]] = {
    "timescale": casework.timescale, "re_referral": patterns.re_referral,
    "repeat_concern": patterns.repeat_concern, "start_again": patterns.start_again, "drift": casework.drift,
    "not_seen": casework.not_seen, "voice_absent": casework.voice_absent,
    "was_not_brought": patterns.was_not_brought,
    "co_occurring_parental_risks": patterns.co_occurring_parental_risks,
    "neglect_accumulation": patterns.neglect_accumulation, "no_escalation": patterns.no_escalation,
    "repeat_plan": casework.repeat_plan, "long_plan": casework.long_plan,
}

__all__ = ["RULES", "Flag", "RuleContext", "RuleEvent", "child_events", "evaluate", "load_settings"]


class RuleContext(NamedTuple):
    """What the rules need besides the events: their settings and the working-day calendar."""

    settings: dict[str, int]
    calendar: WorkingCalendar

    @classmethod
    def load(cls, overrides: dict[str, int] | None = None) -> RuleContext:
        """From the app's resources, with the user's own thresholds over the defaults."""
        return cls(load_settings(None, overrides), WorkingCalendar.load())


def child_events(db: Database, child_id: int) -> list[RuleEvent]:
    """A child's current events (never those entered in error), in chronology order."""
    categories: dict[int, set[str]] = {}
    for event_id, category in db.execute(
            "SELECT ec.event_id, c.category FROM event_children ec JOIN event_categories c "
            "ON c.event_id = ec.event_id WHERE ec.child_id = ?", [child_id]):
        categories.setdefault(event_id, set()).add(category)
    rows = db.execute(
        "SELECT e.id, e.date, e.end_date, e.event_type, e.agency, e.child_voice, e.seen_alone, e.outcome, "
        "e.summary, e.sort_key FROM events e JOIN event_children ec ON ec.event_id = e.id "
        "WHERE ec.child_id = ? AND e.in_error = 0 ORDER BY e.sort_key, e.id", [child_id])
    events = [RuleEvent(event_id, stored_date(when), stored_date(end) if end else None, kind,
                        frozenset(categories.get(event_id, ())), agency, voice,
                        None if alone is None else bool(alone), outcome, summary, sort_key)
              for event_id, when, end, kind, agency, voice, alone, outcome, summary, sort_key in rows]
    return counted_once(events, linked(db, [event.id for event in events]))


def counted_once(events: list[RuleEvent], groups: list[set[int]]) -> list[RuleEvent]:
    """Entries the worker linked as one happening (two agencies' records of it) read once: as the
    first recorded of them, with every concern any of them raised. The others stay in the
    chronology, each with its source; the rules do not count the happening twice."""
    if not groups:
        return events
    first_of = {member: min(group) for group in groups for member in group}
    concerns: dict[int, frozenset[str]] = {}
    for event in events:
        if event.id in first_of:
            kept = first_of[event.id]
            concerns[kept] = concerns.get(kept, frozenset()) | event.categories
    return [event._replace(categories=concerns[event.id]) if event.id in concerns else event
            for event in events if first_of.get(event.id, event.id) == event.id]


class Chronology(list):
    """A child's events as the rules read them, with room for what several rules derive from
    them (the periods the case was open), worked out once."""

    def __init__(self, events):
        super().__init__(events)
        self.derived: dict = {}


def prepared(events: list[RuleEvent], as_of: date) -> Chronology:
    """The events the rules read: those that may have happened by ``as_of``, in chronology order
    and then by what they say (so the same events give the same flags whatever order they were
    entered in), and an entry recorded twice — every detail the same — read once."""
    known = sorted((e for e in events if e.date.earliest is None or e.date.earliest <= as_of), key=RuleEvent.order)
    seen: set[tuple] = set()
    kept = []
    for event in known:
        identity = event[1:]
        if identity not in seen:
            seen.add(identity)
            kept.append(event)
    return Chronology(kept)


def evaluate(events: list[RuleEvent], settings: dict[str, int], calendar: WorkingCalendar,
             as_of: date, upcoming: list[Upcoming] | None = None) -> list[Flag]:
    """Every flag for one child's chronology as of a day, most severe first. Events after
    ``as_of`` (planned ones, or a view back in time) are not looked at. ``upcoming``, when
    given, is told the statutory steps not yet due."""
    return evaluate_prepared(prepared(events, as_of), settings, calendar, as_of, upcoming)


def evaluate_prepared(known: Chronology, settings: dict[str, int], calendar: WorkingCalendar, as_of: date,
                      upcoming: list[Upcoming] | None = None) -> list[Flag]:
    """:func:`evaluate` of events already :func:`prepared` for the day (what they derive is kept
    with them, for whoever reads the same chronology next)."""
    flags = []
    for rule, check in RULES.items():
        needs = {"calendar": calendar, "upcoming": upcoming} if rule == "timescale" else {}
        flags.extend(check(known, settings, as_of, **needs))
    order = list(RULES)
    return sorted(flags, key=lambda f: (SEVERITIES.index(f.severity), not f.certain, order.index(f.rule),
                                        f.start or as_of, f.end or as_of, f.title))
