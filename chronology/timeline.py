"""What the timeline draws, worked out without Qt: items with the range of days each may mean,
lanes (by agency, concern or child), shaded periods (open cases and plans), neglect density per
month, and axis ticks for any zoom from decades to days."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from .dates import FuzzyDate, stored_date
from .rules.casework import open_periods, plan_end
from .rules.model import RuleEvent, add_months
from .rules.patterns import neglect_indicated
from .vocabulary import category_label

if TYPE_CHECKING:
    from sqlite_utils import Database

NO_CATEGORY = "No concern recorded"
#: Marker shapes by kind of event, so that types read without colour: one table for the screen
#: and the paper, and the legends of both are written from it.
SHAPES = {
    "referral": "triangle", "contact": "triangle", "referral_decision": "triangle",
    "police_incident": "diamond", "domestic_abuse_incident": "diamond", "missing_from_home": "diamond",
    "hospital_attendance": "diamond", "school_exclusion": "diamond", "escalation": "diamond",
    "strategy_discussion": "square", "icpc": "square", "rcpc": "square", "core_group": "square",
    "cin_meeting": "square", "management_oversight": "square", "court": "square",
    "was_not_brought": "cross", "no_access_visit": "cross", "child_not_seen": "cross",
    "school_attendance_concern": "cross", "missing_education": "cross",
    "child_seen": "circle", "child_seen_alone": "circle", "child_views": "circle",
    "health_appointment": "circle", "birth": "star",
}
#: What each shape stands for, with the character that draws it in a line of text.
SHAPE_MEANINGS = (("triangle", "▲", "referral, contact"), ("diamond", "◆", "incident, escalation"),
                  ("square", "■", "meeting, conference, decision"), ("circle", "●", "visit, health"),
                  ("cross", "✚", "missed or not seen"), ("star", "★", "birth"), ("dot", "•", "any other step"))
LEGEND = " · ".join(f"{glyph} {meaning}" for _, glyph, meaning in SHAPE_MEANINGS)


def shape_for(event_type: str) -> str:
    """The marker of a kind of event, on screen and on paper."""
    return SHAPES.get(event_type, "dot")
PLAN_KINDS = (("cp_plan_start", "cp_plan_end", "Child protection plan"),
              ("cin_plan_start", "cin_plan_end", "Child in need plan"),
              ("early_help_start", "early_help_end", "Early help"))


class Item(NamedTuple):
    """One event on the timeline: a point when known to the day, a span when not (or a period)."""

    id: int
    start: date           # the earliest day it may mean (or began)
    end: date             # the latest day it may mean (or ended)
    uncertain: bool       # drawn as a span of possible days, not a point
    event_type: str
    agency: str
    categories: frozenset[str]
    key_event: bool
    rating: str | None
    child_ids: tuple[int, ...]
    summary: str

    @property
    def shape(self) -> str:
        return shape_for(self.event_type)


class Period(NamedTuple):
    label: str
    start: date
    end: date
    open_ended: bool
    child_ids: tuple[int, ...]


@dataclass(frozen=True)
class Timeline:
    items: list[Item]
    periods: list[Period]
    first: date
    last: date

    def placements(self, by: str, names: dict[int, str] | None = None
                   ) -> tuple[list[str], list[tuple[Item, list[int]]]]:
        """Lane names, and for each item the lanes it is drawn in: by ``agency``; by ``category``
        (in each of its concerns' lanes); or by ``child``, where an event the siblings share is
        one item across all their lanes, drawn once."""
        keys_of: list[tuple[Item, list[str]]] = []
        for item in self.items:
            if by == "agency":
                keys = [item.agency]
            elif by == "category":
                keys = [category_label(c) for c in sorted(item.categories)] or [NO_CATEGORY]
            else:
                keys = [(names or {}).get(child, str(child)) for child in item.child_ids]
            keys_of.append((item, keys))
        present = {key for _, keys in keys_of for key in keys}
        if by == "child" and names:
            lanes = [name for name in names.values() if name in present]
        else:
            lanes = sorted(present, key=lambda k: (k == NO_CATEGORY, k.casefold()))
        row = {name: number for number, name in enumerate(lanes)}
        return lanes, [(item, sorted(row[key] for key in keys)) for item, keys in keys_of]


def _range(value: FuzzyDate, today: date) -> tuple[date, date]:
    """The days a date may be, a year either side where it is open-ended ("before 2017")."""
    if value.earliest is None:
        assert value.latest is not None  # a date has a bound on one side at least
        return value.latest - timedelta(days=365), value.latest
    if value.latest is None:
        return value.earliest, min(today, value.earliest + timedelta(days=365))
    return value.earliest, value.latest


def timeline_for(db: Database, child_ids: Iterable[int], today: date) -> Timeline:
    """The items and periods of one child, or of several (a family) with shared events once."""
    ids = sorted(set(child_ids))
    marks = ", ".join("?" * len(ids))
    categories: dict[int, set[str]] = {}
    children: dict[int, list[int]] = {}
    links = db.execute(f"SELECT event_id, child_id FROM event_children WHERE child_id IN ({marks})", ids)
    for event_id, child_id in links:
        children.setdefault(event_id, []).append(child_id)
    for event_id, category in db.execute(
            f"SELECT c.event_id, c.category FROM event_categories c WHERE c.event_id IN "
            f"(SELECT event_id FROM event_children WHERE child_id IN ({marks}))", ids):
        categories.setdefault(event_id, set()).add(category)
    items, rule_events = [], []
    for row in db.execute(
            "SELECT id, date, end_date, event_type, agency, key_event, rating, summary, outcome FROM events "
            f"WHERE in_error = 0 AND id IN (SELECT event_id FROM event_children WHERE child_id IN ({marks})) "
            "ORDER BY sort_key, id", ids):
        event_id, text, end_text, kind, agency, key, rating, summary, outcome = row
        when = stored_date(text)
        start, end = _range(when, today)
        uncertain = not when.is_exact_day
        if end_text:
            end = max(end, _range(stored_date(end_text), today)[1])
        items.append(Item(event_id, start, end, uncertain, kind, agency, frozenset(categories.get(event_id, ())),
                          bool(key), rating, tuple(sorted(children.get(event_id, ()))), summary))
        rule_events.append(RuleEvent(event_id, when, stored_date(end_text) if end_text else None, kind,
                                     frozenset(categories.get(event_id, ())), agency, "", None, outcome, summary))
    periods = _periods(rule_events, items, today)
    days = [i.start for i in items] + [i.end for i in items] + [p.end for p in periods]
    first, last = (min(days), max(days)) if days else (today - timedelta(days=365), today)
    return Timeline(items, periods, first, max(last, first + timedelta(days=30)))


def _periods(events: list[RuleEvent], items: list[Item], today: date) -> list[Period]:
    by_id = {item.id: item for item in items}
    periods = [Period("Open to children's social care", start, end, still_open, ())
               for start, end, still_open in open_periods(events, today)]
    for opening, _closing, label in PLAN_KINDS:
        for start in (e for e in events if e.event_type == opening):
            ended_on, _ = plan_end(start, events)
            last, open_ended = (ended_on, False) if ended_on is not None else (today, True)
            periods.append(Period(label, start.date.sort_date, last, open_ended, by_id[start.id].child_ids))
    return periods


def neglect_density(timeline: Timeline) -> list[tuple[date, int, int]]:
    """For every month from the first event to the last: (month, neglect indicators that month,
    indicators in the 12 months to its end). The strip under the timeline draws these."""
    counts: dict[tuple[int, int], int] = {}
    for item in timeline.items:
        if neglect_indicated(item.event_type, item.categories):
            key = (item.start.year, item.start.month)
            counts[key] = counts.get(key, 0) + 1
    month = date(timeline.first.year, timeline.first.month, 1)
    rows: list[tuple[date, int, int]] = []
    window: list[int] = []
    while month <= timeline.last:
        count = counts.get((month.year, month.month), 0)
        window = (window + [count])[-12:]
        rows.append((month, count, sum(window)))
        month = add_months(month, 1)
    return rows


def ticks(first: date, last: date, most: int = 12) -> tuple[str, list[date]]:
    """Axis marks for the days on screen, no more than ``most``: decades, years, quarters,
    months, weeks or days, whichever fits; with the unit's name."""
    days = max((last - first).days, 1)
    for unit, step_months in (("month", 1), ("quarter", 3), ("year", 12), ("5 years", 60), ("decade", 120)):
        if days / (30.44 * step_months) <= most:
            month = 1 if step_months >= 12 else ((first.month - 1) // step_months) * step_months + 1
            start = date(first.year, month, 1)
            if step_months >= 60:
                start = date(first.year - first.year % (step_months // 12), 1, 1)
            marks, mark = [], start
            while mark <= last:
                if mark >= first:
                    marks.append(mark)
                mark = add_months(mark, step_months)
            if unit == "month" and days / 7 <= most:
                break
            return unit, marks
    step = 1 if days <= most else 7
    mark = first + timedelta(days=(7 - first.weekday()) % 7) if step == 7 else first
    marks = []
    while mark <= last:
        marks.append(mark)
        mark += timedelta(days=step)
    return ("day" if step == 1 else "week"), marks
