"""Patterns across incidents: re-referrals, the same concern again and again, start again,
no escalation, missed appointments, co-occurring parental risks, neglect building up.

A concern is counted where it was **raised** — a referral, a contact, an incident, an agency's
concern — never where children's social care acted on it (an assessment or a plan categorised
"neglect" is not neglect raised again). Every loop walks a finite sorted sequence once."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date
from itertools import pairwise

from ..vocabulary import CASEWORK_STEPS, category_label, event_type_label
from .model import Flag, RuleEvent, add_months, months_between, shown, uncertainty_note, when, within

CLOSING = ("case_closed", "cp_plan_end", "cin_plan_end", "early_help_end")
ESCALATING = ("escalation", "strategy_discussion", "s47_start", "icpc", "cp_plan_start",
              "cin_plan_start", "court")
PARENTAL_RISKS = {"domestic_abuse": "domestic abuse", "parental_mental_health": "parental mental ill health",
                  "parental_alcohol": "parental substance misuse", "parental_drugs": "parental substance misuse"}
NEGLECT_TYPES = ("was_not_brought", "no_access_visit", "school_attendance_concern", "missing_education")


def raises_concern(event: RuleEvent) -> bool:
    """Whether an event raises the concerns it is categorised with (see the module's note)."""
    return event.event_type not in CASEWORK_STEPS


def is_neglect_indicator(event: RuleEvent) -> bool:
    return neglect_indicated(event.event_type, event.categories)


def neglect_indicated(event_type: str, categories: frozenset[str]) -> bool:
    """Whether an event of this type and concerns counts towards the build-up of neglect: neglect
    raised, or a kind of event that is itself a sign of it (a child not brought, no access)."""
    return event_type in NEGLECT_TYPES or ("neglect" in categories and event_type not in CASEWORK_STEPS)


def re_referral(events: list[RuleEvent], settings: dict[str, int], as_of: date) -> list[Flag]:
    months = settings["re_referral_months"]
    referrals: list[RuleEvent] = []  # referrals of one day (from several agencies, or recorded twice) are one referral
    for event in events:
        if event.event_type == "referral" and not (referrals and referrals[-1].date == event.date):
            referrals.append(event)
    flags = []
    for previous, current in pairwise(referrals):
        possibly, certainly = within(previous.date, current.date, months)
        if not possibly:
            continue
        gap = months_between(previous.date.sort_date, current.date.sort_date)
        flags.append(Flag(
            "re_referral", "medium", "Re-referral within 12 months" if months == 12 else
            f"Re-referral within {months} months",
            f"Referral {when(current.date)} came {gap} after the referral {when(previous.date)} "
            f"(a re-referral is a referral within {months} months of the previous one)."
            + ("" if certainly else uncertainty_note(previous.date, current.date)),
            previous.date.sort_date, current.date.sort_date, (previous.id, current.id),
            {"re_referral_months": months}, certainly))
    return flags


def _clusters(events: list[RuleEvent], count: int, months: int) -> list[tuple[list[RuleEvent], bool]]:
    """Runs of at least ``count`` events within ``months`` (by their sort dates), overlapping runs
    merged; each with whether some ``count`` consecutive ones certainly fall within the window.
    One pass, the window's start found by bisection: thousands of events cost little more than
    reading them."""
    runs: list[list] = []  # [first index, last index, certain]
    # How far each event's window reaches: in order, as the events are, so a bisection finds
    # the first event whose window still holds each one.
    reach = [add_months(e.date.sort_date, months) for e in events]
    for end, last in enumerate(events):
        start = bisect_left(reach, last.date.sort_date, 0, end + 1)
        if end - start + 1 < count:
            continue
        certain = within(events[end - count + 1].date, last.date, months)[1]
        if runs and start <= runs[-1][1]:
            runs[-1][1], runs[-1][2] = end, runs[-1][2] or certain
        else:
            runs.append([start, end, certain])
    return [(events[first:last + 1], certain) for first, last, certain in runs]


def _sources(events: list[RuleEvent]) -> str:
    agencies = sorted({e.agency for e in events})
    return agencies[0] if len(agencies) == 1 else ", ".join(agencies[:-1]) + " and " + agencies[-1]


def repeat_concern(events: list[RuleEvent], settings: dict[str, int], as_of: date) -> list[Flag]:
    count, months = settings["repeat_concern_count"], settings["repeat_concern_months"]
    flags = []
    concerns = [e for e in events if raises_concern(e)]
    for category in sorted({c for e in concerns for c in e.categories}):
        raised = [e for e in concerns if category in e.categories]
        for run, certain in _clusters(raised, count, months):
            first, last = run[0].date, run[-1].date
            flags.append(Flag(
                "repeat_concern", "high" if len(run) >= 2 * count else "medium",
                f"{category_label(category)} raised {len(run)} times",
                f"{category_label(category)} was raised {len(run)} times between {shown(first)} and "
                f"{shown(last)}, by {_sources(run)} (the setting: {count} times within {months} months)."
                + ("" if certain else uncertainty_note(*(e.date for e in run))),
                first.sort_date, last.sort_date, tuple(e.id for e in run),
                {"repeat_concern_count": count, "repeat_concern_months": months}, certain))
    return flags


def start_again(events: list[RuleEvent], settings: dict[str, int], as_of: date) -> list[Flag]:
    flags = []
    for position, event in enumerate(events):
        if event.event_type not in ("referral", "assessment_start"):
            continue
        earlier = events[:position]
        closed = [e for e in earlier if e.event_type in CLOSING]
        same_kind = [e for e in earlier if e.categories & event.categories and raises_concern(e)]
        if not closed and not same_kind:
            continue
        history = closed + same_kind
        certain = all(e.date.latest is not None and event.date.earliest is not None
                      and e.date.latest < event.date.earliest for e in history)
        parts = []
        if closed:
            parts.append(f"{len(closed)} earlier closed episode{'s' if len(closed) > 1 else ''} ("
                         + ", ".join(f"{event_type_label(e.event_type).lower()} {when(e.date)}" for e in closed[-3:])
                         + (", …" if len(closed) > 3 else "") + ")")
        if same_kind:
            kinds = sorted({category_label(c).lower() for e in same_kind for c in e.categories & event.categories})
            parts.append(f"{len(same_kind)} earlier concern{'s' if len(same_kind) > 1 else ''} of the same kind "
                         f"({', '.join(kinds)}) since {shown(same_kind[0].date)}")
        flags.append(Flag(
            "start_again", "low", f"{event_type_label(event.event_type)}: the history comes with it",
            f"{event_type_label(event.event_type)} {when(event.date)} for a child with "
            + " and ".join(parts) + ". Read the history before starting again."
            + ("" if certain else uncertainty_note(event.date, *(e.date for e in history))),
            history[0].date.sort_date, event.date.sort_date,
            tuple(sorted({e.id for e in history} | {event.id})), {}, certain))
    return flags


def no_escalation(events: list[RuleEvent], settings: dict[str, int], as_of: date) -> list[Flag]:
    count, months = settings["no_escalation_count"], settings["no_escalation_months"]
    flags = []
    for category in sorted({c for e in events for c in e.categories}):
        # Concerns between one escalation (or change of plan) and the next are judged together.
        stretches: list[list[RuleEvent]] = [[]]
        for event in events:
            if event.event_type in ESCALATING:
                stretches.append([])
            elif category in event.categories and raises_concern(event):
                stretches[-1].append(event)
        for stretch in stretches:
            for run, certain in _clusters(stretch, count, months):
                flags.append(Flag(
                    "no_escalation", "high", f"{category_label(category)}: raised {len(run)} times, never escalated",
                    f"{category_label(category)} was raised {len(run)} times from {shown(run[0].date)} to "
                    f"{shown(run[-1].date)} with no escalation, strategy discussion or change of plan "
                    f"in between (the setting: {count} times within {months} months)."
                    + ("" if certain else uncertainty_note(*(e.date for e in run))),
                    run[0].date.sort_date, run[-1].date.sort_date, tuple(e.id for e in run),
                    {"no_escalation_count": count, "no_escalation_months": months}, certain))
    return flags


def was_not_brought(events: list[RuleEvent], settings: dict[str, int], as_of: date) -> list[Flag]:
    count, months = settings["was_not_brought_count"], settings["was_not_brought_months"]
    missed = [e for e in events if e.event_type == "was_not_brought"]
    return [Flag(
        "was_not_brought", "high" if len(run) >= 2 * count else "medium",
        f"Not brought to {len(run)} health appointments",
        f"The child was not brought to {len(run)} health or dental appointments between "
        f"{shown(run[0].date)} and {shown(run[-1].date)} ({_sources(run)}); the setting is "
        f"{count} within {months} months." + ("" if certain else uncertainty_note(*(e.date for e in run))),
        run[0].date.sort_date, run[-1].date.sort_date, tuple(e.id for e in run),
        {"was_not_brought_count": count, "was_not_brought_months": months}, certain)
        for run, certain in _clusters(missed, count, months)]


def co_occurring_parental_risks(events: list[RuleEvent], settings: dict[str, int], as_of: date) -> list[Flag]:
    months = settings["co_occurring_months"]
    risky = [(e, PARENTAL_RISKS[c]) for e in events for c in sorted(e.categories) if c in PARENTAL_RISKS]
    flags, reported_until = [], None
    for position, (anchor, _) in enumerate(risky):
        if reported_until and anchor.date.sort_date <= reported_until:
            continue
        window = [(e, kind) for e, kind in risky[position:]
                  if e.date.sort_date <= add_months(anchor.date.sort_date, months)]
        latest_of_kind = {kind: e for e, kind in window}
        if len(latest_of_kind) < 3:
            continue
        evidence = sorted(latest_of_kind.values(), key=lambda e: e.date.sort_date)
        certain = within(evidence[0].date, evidence[-1].date, months)[1]
        flags.append(Flag(
            "co_occurring_parental_risks", "high", "Co-occurring parental risk factors",
            f"Domestic abuse, parental mental ill health and parental substance misuse were all recorded "
            f"between {shown(evidence[0].date)} and {shown(evidence[-1].date)}, within "
            f"{months} months of each other." + ("" if certain else uncertainty_note(*(e.date for e in evidence))),
            evidence[0].date.sort_date, evidence[-1].date.sort_date, tuple(e.id for e in evidence),
            {"co_occurring_months": months}, certain))
        reported_until = evidence[-1].date.sort_date
    return flags


def neglect_accumulation(events: list[RuleEvent], settings: dict[str, int], as_of: date) -> list[Flag]:
    threshold = settings["neglect_accumulation_threshold"]
    indicators = [e for e in events if is_neglect_indicator(e)]
    best: list[RuleEvent] = []
    reach = [add_months(e.date.sort_date, 12) for e in indicators]  # in order, as the indicators are
    for end, last in enumerate(indicators):
        start = bisect_right(reach, last.date.sort_date, 0, end + 1)
        if end - start + 1 > len(best):
            best = indicators[start:end + 1]
    if len(best) <= threshold:
        return []
    year_ago, two_years_ago = add_months(as_of, -12), add_months(as_of, -24)
    recent = [e for e in indicators if e.date.sort_date > year_ago]
    before = [e for e in indicators if two_years_ago < e.date.sort_date <= year_ago]
    rising = len(recent) > len(before)
    trend = (f" It is rising: {len(recent)} in the last 12 months against {len(before)} in the 12 before."
             if rising else f" In the last 12 months: {len(recent)}; in the 12 before: {len(before)}.")
    return [Flag(
        "neglect_accumulation", "high" if rising else "medium", "Neglect building up",
        f"{len(best)} neglect indicators in the 12 months from {shown(best[0].date)} "
        f"({_sources(best)}): more than the setting of {threshold}. Taken together they show the "
        f"cumulative impact on the child." + trend,
        best[0].date.sort_date, best[-1].date.sort_date, tuple(e.id for e in best),
        {"neglect_accumulation_threshold": threshold}, all(e.date.is_exact_day for e in best))]
