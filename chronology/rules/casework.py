"""The case as it is worked: when it is open, statutory timescales, drift, plans, and whether the
child is seen, seen alone and heard.

Every loop here walks a finite, sorted sequence once (no ``while``, no recursion: a test holds the
rules to that), so the rules finish on any chronology, however its steps repeat or interleave.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import NamedTuple

from ..dates import FuzzyDate
from ..workdays import CalendarError, WorkingCalendar
from .model import Flag, RuleEvent, add_months, months_between, uncertainty_note, weekday_day, when

OPENING = ("referral", "assessment_start", "s47_start", "cin_plan_start", "cp_plan_start")
PROGRESS = ("child_seen", "child_seen_alone", "child_views", "core_group", "cin_meeting", "rcpc", "icpc",
            "strategy_discussion", "s47_start", "s47_outcome", "assessment_complete", "management_oversight",
            "cp_plan_end", "cin_plan_end", "case_closed")
SEEN = ("child_seen", "child_seen_alone")
PLANS = {"cp_plan_start": "cp_plan_end", "cin_plan_start": "cin_plan_end"}
#: Referral decisions after which children's social care is not involved (unless something else is).
NOT_INVOLVED = ("nfa", "early_help")


def plan_end(plan: RuleEvent, events: list[RuleEvent]) -> tuple[date | None, RuleEvent | None]:
    """When a plan (or an early help episode) ended, and the event that says so: its own end
    event, its end date, or the case closing — whichever comes first; (None, None) while it lasts."""
    closing = PLANS.get(plan.event_type, plan.event_type.replace("_start", "_end"))
    ending = by_type(events).next((closing, "case_closed"), plan)
    candidates: list[tuple[date, RuleEvent | None]] = []
    if ending is not None:
        candidates.append((ending.date.sort_date, ending))
    if plan.end_date is not None:
        candidates.append((plan.end_date.sort_date, None))
    if not candidates:
        return None, None
    return min(candidates, key=lambda pair: pair[0])


def open_periods(events: list[RuleEvent], as_of: date) -> list[tuple[date, date, bool]]:
    """(start, end, still open) for each time the case was open to children's social care: worked
    out once per chronology and day, for the several rules that ask (see :func:`_open_periods`)."""
    cache = getattr(events, "derived", None)
    if cache is None:
        return _open_periods(events, as_of)
    key = ("open_periods", as_of)
    if key not in cache:
        cache[key] = _open_periods(events, as_of)
    return cache[key]


def _open_periods(events: list[RuleEvent], as_of: date) -> list[tuple[date, date, bool]]:
    """The periods the case was open.

    A referral, assessment, section 47 enquiry or plan opens it; it stays open while any of them is
    still running. A referral ends with a decision of no further action or early help; a plan with
    its end (its end event or its recorded end date), which also ends the referral, assessment and
    enquiry that led to it; "case closed" ends everything. So a plan recorded with an end date,
    with nothing opened after it, leaves the case closed from that day."""
    happenings: list[tuple[date, int, str, RuleEvent]] = []
    for position, event in enumerate(events):
        happenings.append((event.date.sort_date, position, "event", event))
        if event.event_type in PLANS and event.end_date is not None:
            happenings.append((event.end_date.sort_date, position, "plan ended", event))
    happenings.sort(key=lambda happening: (happening[0], happening[1], happening[2] == "plan ended"))
    running: dict[int, tuple[str, date]] = {}  # event id → (kind, since)
    periods: list[tuple[date, date, bool]] = []
    start: date | None = None
    for day, _, what, event in happenings:
        if day > as_of:
            break
        was_open = bool(running)
        if what == "plan ended" or event.event_type in PLANS.values():
            if what == "plan ended":  # this plan's own recorded end
                ended = [event.id] if event.id in running else []
            else:  # an end event ends the plans of its kind
                kind = next(k for k, v in PLANS.items() if v == event.event_type)
                ended = [key for key, (k, _) in running.items() if k == kind]
            if ended:
                plan_since = running[ended[0]][1]
                for key in ended:
                    del running[key]
                for key in [key for key, (k, since) in running.items() if k not in PLANS and since <= plan_since]:
                    del running[key]
        elif event.event_type == "case_closed":
            running.clear()
        elif event.event_type == "referral_decision" and event.outcome in NOT_INVOLVED:
            for key in [key for key, (k, _) in running.items() if k == "referral"]:
                del running[key]
        elif event.event_type in OPENING:
            running[event.id] = (event.event_type, day)
        if not was_open and running:
            start = day
        elif was_open and not running and start is not None:
            periods.append((start, day, False))
            start = None
    if running and start is not None:
        periods.append((start, as_of, True))
    return periods


def by_type(events: list[RuleEvent]) -> _ByType:
    """The events grouped by type: made once for a chronology the rules share (see ``prepared``)."""
    cache = getattr(events, "derived", None)
    if cache is None:
        return _ByType(events)
    if "by_type" not in cache:
        cache["by_type"] = _ByType(events)
    return cache["by_type"]


class _ByType:
    """A child's events grouped by type, in chronology order, so that "the next decision after
    this referral" is a search, not a walk through thousands of visits."""

    def __init__(self, events: list[RuleEvent]):
        self.position = {e.id: number for number, e in enumerate(events)}
        self.events: dict[str, list[RuleEvent]] = {}
        for event in events:
            self.events.setdefault(event.event_type, []).append(event)
        self.dates = {kind: [e.date.sort_date for e in group] for kind, group in self.events.items()}

    def of(self, kind: str) -> list[RuleEvent]:
        return self.events.get(kind, [])

    def next(self, kind: str | tuple[str, ...], after: RuleEvent, before: date | None = None) -> RuleEvent | None:
        """The first event of ``kind`` that comes after ``after`` in the chronology (on its day or
        later), and before the day ``before``."""
        found = []
        day, place = after.date.sort_date, self.position[after.id]
        for one in (kind,) if isinstance(kind, str) else kind:
            group, dates = self.events.get(one, []), self.dates.get(one, [])
            same_day = group[bisect_left(dates, day):bisect_right(dates, day)]
            if one == after.event_type:  # the next of its own kind: only those after it, never itself again
                same_day = [e for e in same_day if self.position[e.id] > place]
            candidates = same_day or group[bisect_right(dates, day):][:1]
            if candidates and (before is None or candidates[0].date.sort_date < before):
                found.append(candidates[0])
        return min(found, key=lambda e: self.position[e.id], default=None)


@dataclass(frozen=True)
class Step:
    """A statutory step: what it is called, what doing it is called, and its setting."""

    name: str
    done: str       # "made", "completed", "held"
    setting: str
    working_days: bool = True


REFERRAL_DECISION = Step("Referral decision", "made", "referral_decision_working_days")
ASSESSMENT = Step("Assessment", "completed", "assessment_working_days")
INITIAL_CONFERENCE = Step("Initial child protection conference", "held", "initial_conference_working_days")
FIRST_CORE_GROUP = Step("First core group", "held", "first_core_group_working_days")
FIRST_REVIEW = Step("First review conference", "held", "first_review_months", working_days=False)
LATER_REVIEW = Step("Review conference", "held", "later_review_months", working_days=False)


def _days(count: int) -> str:
    return f"{count} day{'s' if count != 1 else ''}"


class _Timescales:
    """Checks one statutory step at a time against the working-day calendar. Each flag names the
    day the step was due and the day it happened (or that none is recorded by the day judged)."""

    def __init__(self, settings: dict[str, int], calendar: WorkingCalendar, as_of: date):
        self.settings, self.calendar, self.as_of = settings, calendar, as_of
        self.flags: list[Flag] = []
        #: Steps not yet due by the day judged: (the day due, the step, what it runs from).
        self.upcoming: list[Upcoming] = []

    def _due(self, day: date | None, step: Step) -> date | None:
        if day is None:
            return None
        amount = self.settings[step.setting]
        return self.calendar.add_working_days(day, amount) if step.working_days else add_months(day, amount)

    def check(self, step: Step, trigger: RuleEvent, done: RuleEvent | None, from_what: str,
              evidence: tuple[int, ...] = (), ended: tuple[date, str] | None = None) -> None:
        """``from_what`` says what the timescale runs from: "the referral", "the strategy
        discussion at which the section 47 enquiry started". ``ended``: (the day, what ended) when
        the work the step belongs to ended without it (a plan ended with no review held)."""
        amount = self.settings[step.setting]
        unit = (f"{amount} working day{'s' if amount != 1 else ''}" if step.working_days
                else f"{amount} month{'s' if amount != 1 else ''}")
        try:
            due_soonest, due_latest = self._due(trigger.date.earliest, step), self._due(trigger.date.latest, step)
        except CalendarError:
            return  # outside the years the bank-holiday table covers: no claim either way
        if due_soonest is None and due_latest is None:
            return  # "before" and "after" dates with no bound on either side: nothing to judge
        due_text = (f"by {weekday_day(due_latest)}" if due_soonest == due_latest and due_latest
                    else f"between {weekday_day(due_soonest)} and {weekday_day(due_latest)}"
                    if due_soonest and due_latest else f"by {weekday_day(due_latest or due_soonest)}")
        basis = f"{step.name} due {due_text} ({unit} after {from_what} {when(trigger.date)})"
        if done is not None:
            possibly = due_soonest is None or done.date.latest is None or done.date.latest > due_soonest
            certainly = due_latest is not None and done.date.earliest is not None and done.date.earliest > due_latest
            if not possibly:
                return
            reference = due_latest or due_soonest
            late = (done.date.sort_date - reference).days if reference else 0
            happened = (f"{step.done} on {weekday_day(done.date.nominal_start)}" if done.date.is_exact_day
                        else f"{step.done} {when(done.date)}")
            after = f", {_days(late)} after the due day" if late > 0 else ", after the due day"
            self.flags.append(Flag(
                "timescale", "high", f"{step.name} late", f"{basis}; {happened}{after}."
                + ("" if certainly else uncertainty_note(trigger.date, done.date)),
                trigger.date.sort_date, done.date.sort_date, evidence or (trigger.id, done.id), {step.setting: amount},
                certainly, due=reference))
            return
        judged = min(ended[0], self.as_of) if ended else self.as_of
        possibly = due_soonest is None or judged > due_soonest
        certainly = due_latest is not None and judged > due_latest
        if not possibly:
            due = due_latest or due_soonest
            if due is not None and (not ended or ended[0] > self.as_of):  # still to come
                self.upcoming.append(Upcoming(due, step.name, f"{unit} after {from_what} {when(trigger.date)}"))
            return
        reference = due_latest or due_soonest
        overdue = f", {months_between(reference, judged)} after the due day" if reference else ""
        if ended and ended[0] <= self.as_of:
            title, missing = f"{step.name} missed", f"none was {step.done} before {ended[1]} on {weekday_day(ended[0])}"
        else:
            title, missing = f"{step.name} overdue", f"none recorded by {weekday_day(self.as_of)}{overdue}"
        self.flags.append(Flag(
            "timescale", "high", title, f"{basis}; {missing}."
            + ("" if certainly else uncertainty_note(trigger.date)),
            trigger.date.sort_date, judged, evidence or (trigger.id,), {step.setting: amount}, certainly,
            due=reference))


def _same_day_groups(events: list[RuleEvent]) -> list[list[RuleEvent]]:
    """Events of one kind grouped where they share a date exactly: two referrals on the same day
    (from two agencies, or a file imported twice) are one referral for the timescales."""
    groups: list[list[RuleEvent]] = []
    for event in events:
        if groups and groups[-1][0].date == event.date:
            groups[-1].append(event)
        else:
            groups.append([event])
    return groups


class Upcoming(NamedTuple):
    """A statutory step not yet due: the day it is due, its name, and what it runs from."""

    due: date
    step: str
    basis: str


def timescale(events: list[RuleEvent], settings: dict[str, int], as_of: date, *,
              calendar: WorkingCalendar, upcoming: list[Upcoming] | None = None) -> list[Flag]:
    """Every statutory step late, missed or overdue; ``upcoming``, when given, is told the steps
    not yet due (for the current picture's next step)."""
    check = _Timescales(settings, calendar, as_of)
    grouped = by_type(events)
    _referrals(check, grouped)
    _conferences(check, events)
    _plans(check, events, grouped, settings)
    if upcoming is not None:
        upcoming.extend(check.upcoming)
    return check.flags


def _referrals(check: _Timescales, grouped: _ByType) -> None:
    """Each referral's decision, and its assessment unless the decision was that none was needed:
    paired with the first of each after it and before the next referral."""
    groups = _same_day_groups(grouped.of("referral"))
    for group, following in pairwise([*groups, []]):
        referral = group[-1]
        until = following[0].date.sort_date if following else None
        decision = grouped.next("referral_decision", referral, until)
        check.check(REFERRAL_DECISION, referral, decision, "the referral")
        if decision is not None and decision.outcome in NOT_INVOLVED:
            continue  # no assessment was to follow
        started = grouped.next("assessment_start", referral, until)
        completed = grouped.next("assessment_complete", started, until) if started else None
        if started is not None or (decision is not None and decision.outcome == "assessment"):
            check.check(ASSESSMENT, referral, completed, "the referral")


def _conferences(check: _Timescales, events: list[RuleEvent]) -> None:
    """Initial conferences, timed as Working Together says: from the strategy discussion at which
    the section 47 enquiry was started (a later discussion in the same enquiry does not restart the
    clock), or from the enquiry's start where no discussion is recorded. No conference is expected
    after a discussion that decided on no enquiry, or an enquiry that found none needed; an enquiry
    that ended with the case closed is not overdue. Nor is one during a child protection plan: the
    child is already subject to a plan, and the plan's own review conferences follow it."""
    plans = [(plan.date.sort_date, plan_end(plan, events)[0]) for plan in events if plan.event_type == "cp_plan_start"]
    on_a_plan = lambda day: any(start <= day and (end is None or day < end) for start, end in plans)  # noqa: E731
    enquiry: tuple[RuleEvent, str, list[int]] | None = None  # (what the clock runs from, its name, evidence)
    pending: RuleEvent | None = None  # a discussion whose outcome is not recorded, no enquiry yet
    for event in events:
        kind = event.event_type
        if kind in ("strategy_discussion", "s47_start") and enquiry is None and on_a_plan(event.date.sort_date):
            pending = None
            continue
        if kind == "strategy_discussion":
            if enquiry is not None:
                enquiry[2].append(event.id)  # a follow-up discussion in the same enquiry
            elif event.outcome == "s47":
                enquiry, pending = (event, "the strategy discussion at which the section 47 enquiry started",
                                    [event.id]), None
            elif event.outcome == "no_s47":
                pending = None
            else:
                pending = event
        elif kind == "s47_start":
            if enquiry is not None:
                enquiry[2].append(event.id)
            elif pending is not None:
                enquiry, pending = (pending, "the strategy discussion at which the section 47 enquiry started",
                                    [pending.id, event.id]), None
            else:
                enquiry = (event, "the start of the section 47 enquiry (no strategy discussion is recorded)",
                           [event.id])
        elif kind == "s47_outcome" and event.outcome == "no_icpc":
            enquiry, pending = None, None
        elif kind == "icpc":
            started = enquiry or ((pending, "the strategy discussion", [pending.id]) if pending else None)
            if started is not None:
                trigger, basis, evidence = started
                check.check(INITIAL_CONFERENCE, trigger, event, basis, tuple(evidence) + (event.id,))
            enquiry, pending = None, None
        elif kind == "case_closed":
            enquiry, pending = None, None
    if enquiry is not None:
        trigger, basis, evidence = enquiry
        check.check(INITIAL_CONFERENCE, trigger, None, basis, tuple(evidence))
    elif pending is not None:
        before = len(check.flags)
        check.check(INITIAL_CONFERENCE, pending, None, "the strategy discussion")
        if len(check.flags) > before:  # whether an enquiry began is not recorded: only possible
            flag = check.flags.pop()
            check.flags.append(Flag(
                flag.rule, flag.severity, flag.title, flag.explanation + " The discussion's outcome is not "
                "recorded: if a section 47 enquiry was started, the conference is overdue; record the outcome "
                "(or the enquiry's start) to settle it.", flag.start, flag.end, flag.event_ids, flag.settings,
                False, due=flag.due))


def _plans(check: _Timescales, events: list[RuleEvent], grouped: _ByType, settings: dict[str, int]) -> None:
    """For each child protection plan: the first core group after the conference that made it,
    the first review within three months of that conference, and each review within six months
    of the one before, for as long as the plan lasts."""
    conferences = grouped.of("icpc")
    plans = grouped.of("cp_plan_start")
    for number, plan in enumerate(plans):
        ended_on, _ = plan_end(plan, events)
        # a conference makes the plan after it: the one since the plan before, if there was one
        since = plans[number - 1].date.sort_date if number else None
        made_by = [c for c in conferences if c.date.sort_date <= plan.date.sort_date
                   and (since is None or c.date.sort_date > since)]
        conference = made_by[-1] if made_by else plan
        core_group = grouped.next("core_group", conference, ended_on)
        plan_ended = (ended_on, "the plan ended") if ended_on is not None else None
        check.check(FIRST_CORE_GROUP, conference, core_group, "the initial conference" if made_by else
                    "the start of the plan (no initial conference is recorded)", ended=plan_ended)
        reviews = [r for r in grouped.of("rcpc")
                   if r.date.sort_date >= conference.date.sort_date
                   and (ended_on is None or r.date.sort_date < ended_on)]
        first_due = add_months(conference.date.sort_date, settings["first_review_months"])
        if reviews or ended_on is None or ended_on > first_due:
            check.check(FIRST_REVIEW, conference, reviews[0] if reviews else None,
                        "the initial conference" if made_by else "the start of the plan", ended=plan_ended)
        for number, review in enumerate(reviews):
            later = reviews[number + 1] if number + 1 < len(reviews) else None
            next_due = add_months(review.date.sort_date, settings["later_review_months"])
            if later is None and ended_on is not None and ended_on <= next_due:
                break  # the plan ended before another review was due
            check.check(LATER_REVIEW, review, later, "the review conference", ended=plan_ended)


def _gaps(marks: list[date], start: date, end: date) -> list[tuple[date, date]]:
    points = [start] + [m for m in marks if start <= m <= end] + [end]
    return list(pairwise(points))


def _longest_gap_flags(rule: str, events: list[RuleEvent], wanted: Callable[[RuleEvent], bool], setting: str,
                       limit: timedelta, title: str, sentence: str, as_of: date, severity: str = "medium",
                       setting_value: int | None = None) -> list[Flag]:
    flags = []
    marked: dict[date, list[RuleEvent]] = {}
    for event in events:
        if wanted(event):
            marked.setdefault(event.date.sort_date, []).append(event)
    marks = sorted(marked)
    for start, end, still_open in open_periods(events, as_of):
        for first, last in _gaps(marks, start, end):
            if last - first > limit:
                ends = marked.get(first, []) + marked.get(last, [])
                evidence = tuple(e.id for e in ends)
                vague = [e.date for e in ends if not e.date.is_exact_day]
                gap = months_between(first, last)
                flags.append(Flag(
                    rule, "high" if last - first > 2 * limit else severity, title.format(gap=gap),
                    sentence.format(gap=gap, first=first.strftime("%d/%m/%Y"), last=last.strftime("%d/%m/%Y"),
                                    now=" (still open)" if still_open and last == as_of else "")
                    + (uncertainty_note(*vague) if vague else ""),
                    first, last, evidence,
                    {setting: setting_value if setting_value is not None else limit.days // 7}, not vague))
    return flags


def not_seen(events: list[RuleEvent], settings: dict[str, int], as_of: date) -> list[Flag]:
    weeks, alone_weeks = settings["not_seen_weeks"], settings["not_seen_alone_weeks"]
    seen = _longest_gap_flags(
        "not_seen", events, lambda e: e.event_type in SEEN, "not_seen_weeks", timedelta(weeks=weeks),
        "Not seen for {gap}", "While the case was open the child was not seen for {gap}, from {first} "
        "to {last}{now}; the setting is at least every " + f"{weeks} weeks.", as_of)
    alone = _longest_gap_flags(
        "not_seen", events, lambda e: e.event_type == "child_seen_alone" or e.seen_alone is True,
        "not_seen_alone_weeks", timedelta(weeks=alone_weeks), "Not seen alone for {gap}",
        "While the case was open the child was not seen alone for {gap}, from {first} to {last}{now}; "
        "the setting is at least every " + f"{alone_weeks} weeks.", as_of, "medium")
    return seen + alone


def voice_absent(events: list[RuleEvent], settings: dict[str, int], as_of: date) -> list[Flag]:
    months = settings["voice_absent_months"]
    limit = add_months(as_of, months) - as_of
    return _longest_gap_flags(
        "voice_absent", events, lambda e: e.event_type == "child_views" or bool(e.child_voice.strip()),
        "voice_absent_months", limit, "Child's views not recorded for {gap}",
        "While the case was open no views of the child were recorded for {gap}, from {first} to "
        "{last}{now}; the setting is at least every " + f"{months} months.", as_of, setting_value=months)


def _piece_end(start: RuleEvent, events: list[RuleEvent], grouped: _ByType, as_of: date
               ) -> tuple[date, RuleEvent | None, bool]:
    """When a piece of work (an assessment or a plan) ended, the event that ended it, and whether
    it is still running."""
    if start.event_type in PLANS:
        ended_on, ended = plan_end(start, events)
        return (ended_on, ended, False) if ended_on is not None and ended_on <= as_of else (as_of, None, True)
    ended = grouped.next(("assessment_complete", "case_closed"), start)
    return (ended.date.sort_date, ended, False) if ended else (as_of, None, True)


def drift(events: list[RuleEvent], settings: dict[str, int], as_of: date) -> list[Flag]:
    weeks, stale_months = settings["drift_weeks"], settings["assessment_stale_months"]
    limit = timedelta(weeks=weeks)
    flags = []
    progress = sorted(e.date.sort_date for e in events if e.event_type in PROGRESS)
    grouped = by_type(events)
    for opening, what in (("assessment_start", "assessment"), ("cp_plan_start", "child protection plan"),
                          ("cin_plan_start", "child in need plan")):
        for start in grouped.of(opening):
            end, end_event, running = _piece_end(start, events, grouped, as_of)
            marks = progress[bisect_right(progress, start.date.sort_date):bisect_left(progress, end)]
            first, last = max(_gaps(marks, start.date.sort_date, end), key=lambda g: g[1] - g[0])
            if last - first <= limit:
                continue
            gap = months_between(first, last)
            flags.append(Flag(
                "drift", "high", f"No progress on the {what} for {gap}",
                f"The {what} started {when(start.date)} had no recorded progress (visit, meeting, review "
                f"or decision) from {first:%d/%m/%Y} to {last:%d/%m/%Y}"
                + (" (still open)" if running and last == as_of else "")
                + f"; the setting is {weeks} weeks." + uncertainty_note(start.date),
                first, last, (start.id,) + ((end_event.id,) if end_event else ()), {"drift_weeks": weeks},
                start.date.is_exact_day))
    periods = open_periods(events, as_of)
    completed = grouped.of("assessment_complete")
    if periods and periods[-1][2] and completed:
        latest = completed[-1]
        newer_start = grouped.next("assessment_start", latest)
        if not newer_start and add_months(latest.date.sort_date, stale_months) < as_of:
            flags.append(Flag(
                "drift", "high", "Assessment out of date",
                f"The last assessment was completed {when(latest.date)}, "
                f"{months_between(latest.date.sort_date, as_of)} ago, and the case is still open; the setting is "
                f"{stale_months} months.",
                latest.date.sort_date, as_of, (latest.id,), {"assessment_stale_months": stale_months},
                latest.date.latest is not None and add_months(latest.date.latest, stale_months) < as_of))
    return flags


def repeat_plan(events: list[RuleEvent], settings: dict[str, int], as_of: date) -> list[Flag]:
    plans = [group[0] for group in _same_day_groups([e for e in events if e.event_type == "cp_plan_start"])]
    return [Flag(
        "repeat_plan", "high", "Second or subsequent child protection plan",
        f"The child protection plan started {when(plan.date)} is plan number {number + 1}; earlier plans "
        f"started " + ", ".join(when(p.date) for p in plans[:number]) + ".",
        plans[0].date.sort_date, plan.date.sort_date, tuple(p.id for p in plans[:number + 1]), {},
        True) for number, plan in enumerate(plans) if number]


def long_plan(events: list[RuleEvent], settings: dict[str, int], as_of: date) -> list[Flag]:
    years = settings["long_plan_years"]
    flags = []
    for plan in (group[0] for group in _same_day_groups([e for e in events if e.event_type == "cp_plan_start"])):
        ended_on, ended = plan_end(plan, events)
        if ended_on is not None and ended_on > as_of:
            ended_on, ended = None, None  # it ends after the day judged: still in place then
        end: FuzzyDate | None = ended.date if ended else (plan.end_date if ended_on is not None else None)
        last = ended_on or as_of
        if last < add_months(plan.date.sort_date, 12 * years):
            continue
        # certain when the plan certainly began, and certainly lasted, long enough
        lasted_until = as_of if end is None else end.earliest
        certain = (plan.date.latest is not None and lasted_until is not None
                   and lasted_until >= add_months(plan.date.latest, 12 * years))
        flags.append(Flag(
            "long_plan", "high", f"Child protection plan of {months_between(plan.date.sort_date, last)}",
            f"The child protection plan started {when(plan.date)} "
            + (f"ended {when(end)}" if end else "is still in place")
            + f": {months_between(plan.date.sort_date, last)}, beyond the {years} years the national "
              "indicator counts." + ("" if certain else uncertainty_note(plan.date, *([end] if end else []))),
            plan.date.sort_date, last, (plan.id,) + ((ended.id,) if ended else ()), {"long_plan_years": years},
            certain))
    return flags
