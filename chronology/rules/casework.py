"""The case as it is worked: open periods, statutory timescales, drift, plans, and whether the
child is seen, seen alone and heard."""
from __future__ import annotations

from bisect import bisect_left
from datetime import date, timedelta

from ..dates import FuzzyDate
from ..vocabulary import event_type_label
from ..workdays import CalendarError, WorkingCalendar
from .model import Flag, RuleEvent, add_months, months_between, uncertainty_note, when

OPENING = ("referral", "assessment_start", "s47_start", "cin_plan_start", "cp_plan_start")
PROGRESS = ("child_seen", "child_seen_alone", "child_views", "core_group", "cin_meeting", "rcpc", "icpc",
            "strategy_discussion", "s47_start", "s47_outcome", "assessment_complete", "management_oversight",
            "cp_plan_end", "cin_plan_end", "case_closed")
SEEN = ("child_seen", "child_seen_alone")


def open_periods(events: list[RuleEvent], as_of: date) -> list[tuple[date, date, bool]]:
    """(start, end, still open) for each time the case was open to children's social care."""
    periods, start = [], None
    for event in events:
        if event.event_type in OPENING and start is None:
            start = event.date.sort_date
        elif event.event_type == "case_closed" and start is not None:
            periods.append((start, event.date.sort_date, False))
            start = None
    if start is not None and start <= as_of:
        periods.append((start, as_of, True))
    return periods


class _ByType:
    """A child's events grouped by type, so that "the next decision after this referral" is a
    search, not a walk through thousands of visits."""

    def __init__(self, events: list[RuleEvent]):
        self.events: dict[str, list[RuleEvent]] = {}
        for event in events:
            self.events.setdefault(event.event_type, []).append(event)
        self.dates = {kind: [e.date.sort_date for e in group] for kind, group in self.events.items()}
        self.position = {e.id: number for number, e in enumerate(events)}

    def next(self, kind: str | tuple[str, ...], after: RuleEvent, before: date | None = None) -> RuleEvent | None:
        """The first event of ``kind`` on or after ``after``'s date (and before ``before``)."""
        found = []
        for one in (kind,) if isinstance(kind, str) else kind:
            group, dates = self.events.get(one, []), self.dates.get(one, [])
            index = bisect_left(dates, after.date.sort_date)
            while index < len(group) and group[index] is after:
                index += 1
            if index < len(group) and (before is None or dates[index] < before):
                found.append(group[index])
        return min(found, key=lambda e: self.position[e.id], default=None)


class _Timescales:
    """Checks one statutory step at a time against the working-day calendar."""

    def __init__(self, events: list[RuleEvent], settings: dict[str, int], calendar: WorkingCalendar, as_of: date):
        self.events, self.settings, self.calendar, self.as_of = events, settings, calendar, as_of
        self.flags: list[Flag] = []

    def _due(self, day: date | None, working_days: int | None, months: int | None) -> date | None:
        if day is None:
            return None
        if working_days is not None:
            return self.calendar.add_working_days(day, working_days)
        return add_months(day, months)

    def check(self, step: str, trigger: RuleEvent, done: RuleEvent | None, setting: str,
              working_days: bool = True) -> None:
        amount = self.settings[setting]
        unit = f"{amount} working day{'s' if amount != 1 else ''}" if working_days else \
            f"{amount} month{'s' if amount != 1 else ''}"
        args = (amount, None) if working_days else (None, amount)
        try:
            due_soonest = self._due(trigger.date.earliest, *args)
            due_latest = self._due(trigger.date.latest, *args)
        except CalendarError:
            return  # outside the years the bank-holiday table covers: no claim either way
        if done is not None:
            possibly = due_soonest is None or done.date.latest is None or done.date.latest > due_soonest
            certainly = due_latest is not None and done.date.earliest is not None and done.date.earliest > due_latest
            if not possibly:
                return
            late = (self.calendar.working_days_between(trigger.date.sort_date, done.date.sort_date)
                    if working_days else None)
            taken = f"{late} working days" if late is not None else months_between(
                trigger.date.sort_date, done.date.sort_date)
            self.flags.append(Flag(
                "timescale", "high", f"{step} late",
                f"{event_type_label(done.event_type)} {when(done.date)}, {taken} after the "
                f"{event_type_label(trigger.event_type).lower()} {when(trigger.date)}; it is due within {unit}."
                + ("" if certainly else uncertainty_note(trigger.date, done.date)),
                trigger.date.sort_date, done.date.sort_date, (trigger.id, done.id), {setting: amount}, certainly))
            return
        possibly = due_soonest is None or self.as_of > due_soonest
        certainly = due_latest is not None and self.as_of > due_latest
        if possibly:
            due = due_latest or due_soonest
            self.flags.append(Flag(
                "timescale", "high", f"{step} overdue",
                f"No {step.lower()} is recorded after the {event_type_label(trigger.event_type).lower()} "
                f"{when(trigger.date)}; it was due within {unit}"
                + (f", by {due:%d/%m/%Y}." if due else ".")
                + ("" if certainly else uncertainty_note(trigger.date)),
                trigger.date.sort_date, self.as_of, (trigger.id,), {setting: amount}, certainly))


def timescale(events: list[RuleEvent], settings: dict[str, int], as_of: date, *,
              calendar: WorkingCalendar) -> list[Flag]:
    check = _Timescales(events, settings, calendar, as_of)
    _next = _ByType(events).next
    referrals = [e for e in events if e.event_type == "referral"]
    for referral, following in zip(referrals, referrals[1:] + [None]):
        until = following.date.sort_date if following else None
        check.check("Referral decision", referral, _next("referral_decision", referral, until),
                    "referral_decision_working_days")
        if _next("assessment_start", referral, until):
            check.check("Assessment", referral, _next("assessment_complete", referral, until),
                        "assessment_working_days")
    strategies = [e for e in events if e.event_type == "strategy_discussion"]
    for strategy, following in zip(strategies, strategies[1:] + [None]):
        until = following.date.sort_date if following else None
        conference = _next("icpc", strategy, until)
        # With no conference, the enquiry may have ended without one: overdue only while open.
        if conference or not _next("case_closed", strategy, until):
            check.check("Initial child protection conference", strategy, conference,
                        "initial_conference_working_days")
    plans = [e for e in events if e.event_type == "cp_plan_start"]
    for plan in plans:
        ended = _next("cp_plan_end", plan)
        until = ended.date.sort_date if ended else None
        conference = max((e for e in events if e.event_type == "icpc" and e.date.sort_date <= plan.date.sort_date),
                         key=lambda e: e.date.sort_date, default=plan)
        check.check("First core group", conference, _next("core_group", conference, until),
                    "first_core_group_working_days")
        review = _next("rcpc", conference, until)
        first_due = add_months(conference.date.sort_date, settings["first_review_months"])
        if ended is None or review is not None or ended.date.sort_date > first_due:
            check.check("First review conference", conference, review, "first_review_months", working_days=False)
        while review is not None:
            later = _next("rcpc", review, until)
            next_due = add_months(review.date.sort_date, settings["later_review_months"])
            if later is None and ended is not None and ended.date.sort_date <= next_due:
                break
            check.check("Review conference", review, later, "later_review_months", working_days=False)
            review = later
    return check.flags


def _gaps(marks: list[date], start: date, end: date) -> list[tuple[date, date]]:
    points = [start] + [m for m in marks if start <= m <= end] + [end]
    return list(zip(points, points[1:]))


def _longest_gap_flags(rule: str, events: list[RuleEvent], wanted, setting: str, limit: timedelta,
                       title: str, sentence: str, as_of: date, severity: str = "medium") -> list[Flag]:
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
                    first, last, evidence, {setting: limit.days // 7 if "weeks" in setting else limit.days},
                    not vague))
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
    flags = _longest_gap_flags(
        "voice_absent", events, lambda e: e.event_type == "child_views" or bool(e.child_voice.strip()),
        "voice_absent_months", limit, "Child's views not recorded for {gap}",
        "While the case was open no views of the child were recorded for {gap}, from {first} to "
        "{last}{now}; the setting is at least every " + f"{months} months.", as_of)
    return [Flag(f.rule, f.severity, f.title, f.explanation, f.start, f.end, f.event_ids,
                 {"voice_absent_months": months}, f.certain) for f in flags]


def drift(events: list[RuleEvent], settings: dict[str, int], as_of: date) -> list[Flag]:
    weeks, stale_months = settings["drift_weeks"], settings["assessment_stale_months"]
    limit = timedelta(weeks=weeks)
    flags = []
    progress = [e for e in events if e.event_type in PROGRESS]
    _next = _ByType(events).next
    for opening, closing, what in (("assessment_start", "assessment_complete", "assessment"),
                                   ("cp_plan_start", "cp_plan_end", "child protection plan"),
                                   ("cin_plan_start", "cin_plan_end", "child in need plan")):
        for start in (e for e in events if e.event_type == opening):
            end_event = _next((closing, "case_closed"), start)
            end = end_event.date.sort_date if end_event else as_of
            marks = [e.date.sort_date for e in progress if start.date.sort_date < e.date.sort_date < end]
            first, last = max(_gaps(marks, start.date.sort_date, end), key=lambda g: g[1] - g[0])
            if last - first <= limit:
                continue
            gap = months_between(first, last)
            flags.append(Flag(
                "drift", "high", f"No progress on the {what} for {gap}",
                f"The {what} started {when(start.date)} had no recorded progress (visit, meeting, review "
                f"or decision) from {first:%d/%m/%Y} to {last:%d/%m/%Y}"
                + (" (still open)" if end_event is None and last == as_of else "")
                + f"; the setting is {weeks} weeks." + uncertainty_note(start.date),
                first, last, (start.id,) + ((end_event.id,) if end_event else ()), {"drift_weeks": weeks},
                start.date.is_exact_day))
    periods = open_periods(events, as_of)
    if periods and periods[-1][2]:
        assessments = [e for e in events if e.event_type == "assessment_complete"]
        newer_start = assessments and _next("assessment_start", assessments[-1])
        if assessments and not newer_start and add_months(assessments[-1].date.sort_date, stale_months) < as_of:
            last = assessments[-1]
            flags.append(Flag(
                "drift", "high", "Assessment out of date",
                f"The last assessment was completed {when(last.date)}, {months_between(last.date.sort_date, as_of)} "
                f"ago, and the case is still open; the setting is {stale_months} months.",
                last.date.sort_date, as_of, (last.id,), {"assessment_stale_months": stale_months},
                last.date.latest is not None and add_months(last.date.latest, stale_months) < as_of))
    return flags


def repeat_plan(events: list[RuleEvent], settings: dict[str, int], as_of: date) -> list[Flag]:
    plans = [e for e in events if e.event_type == "cp_plan_start"]
    return [Flag(
        "repeat_plan", "high", "Second or subsequent child protection plan",
        f"The child protection plan started {when(plan.date)} is plan number {number + 1}; earlier plans "
        f"started " + ", ".join(when(p.date) for p in plans[:number]) + ".",
        plans[0].date.sort_date, plan.date.sort_date, tuple(p.id for p in plans[:number + 1]), {},
        True) for number, plan in enumerate(plans) if number]


def long_plan(events: list[RuleEvent], settings: dict[str, int], as_of: date) -> list[Flag]:
    years = settings["long_plan_years"]
    _next = _ByType(events).next
    flags = []
    for plan in (e for e in events if e.event_type == "cp_plan_start"):
        ended = _next("cp_plan_end", plan)
        end: FuzzyDate | None = ended.date if ended else (plan.end_date if plan.end_date else None)
        last = end.sort_date if end else as_of
        if last < add_months(plan.date.sort_date, 12 * years):
            continue
        certain = (plan.date.latest is not None and (end is None or end.earliest is not None)
                   and (end.earliest if end else as_of) >= add_months(plan.date.latest, 12 * years))
        flags.append(Flag(
            "long_plan", "high", f"Child protection plan of {months_between(plan.date.sort_date, last)}",
            f"The child protection plan started {when(plan.date)} "
            + (f"ended {when(end)}" if end else "is still in place")
            + f": {months_between(plan.date.sort_date, last)}, beyond the {years} years the national "
              "indicator counts." + ("" if certain else uncertainty_note(plan.date, *([end] if end else []))),
            plan.date.sort_date, last, (plan.id,) + ((ended.id,) if ended else ()), {"long_plan_years": years},
            certain))
    return flags
