"""What the rules read and what they report. Every flag is a transparent finding: the rule, the
dates, the evidence and the settings it used, and whether it is certain or only possible."""
from __future__ import annotations

import calendar
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from ..dates import FuzzyDate, Precision, Qualifier, format_day
from ..errors import ChronologyError
from ..resources_path import resource_path

SEVERITIES = ("high", "medium", "low")
#: The rule settings' defaults, among the app's resources.
DEFAULT_SETTINGS = "rule-settings.json"


class Setting(NamedTuple):
    name: str
    description: str
    source: str


#: Every threshold a rule uses, with where its default comes from (defaults in resources/).
SETTINGS = (
    Setting("re_referral_months", "A referral within this many months of the previous one is a re-referral",
            "DfE definition"),
    Setting("repeat_concern_count", "The same concern raised this many times…", "local practice"),
    Setting("repeat_concern_months", "…within this many months", "local practice"),
    Setting("referral_decision_working_days", "Referral decision within", "Working Together"),
    Setting("assessment_working_days", "Assessment completed within, from the referral", "Working Together"),
    Setting("initial_conference_working_days", "Initial conference within, from the strategy discussion",
            "Working Together"),
    Setting("first_core_group_working_days", "First core group within, from the initial conference",
            "Working Together"),
    Setting("first_review_months", "First review conference within, from the initial conference", "Working Together"),
    Setting("later_review_months", "Later review conferences at most this far apart", "Working Together"),
    Setting("drift_weeks", "An open assessment or plan with no recorded progress for longer than", "local practice"),
    Setting("assessment_stale_months", "An assessment not updated for longer than this while the case is open",
            "JTAI 2017 finding"),
    Setting("not_seen_weeks", "While a case is open, the child seen at least every", "local practice"),
    Setting("not_seen_alone_weeks", "While a case is open, the child seen alone at least every", "local practice"),
    Setting("voice_absent_months", "While a case is open, the child's views recorded at least every", "local practice"),
    Setting("recent_months", "A finding is about now while its latest occurrence is within this many months",
            "local practice"),
    Setting("was_not_brought_count", "Missed health or dental appointments…", "local practice"),
    Setting("was_not_brought_months", "…within this many months", "local practice"),
    Setting("co_occurring_months", "Parental risk factors recorded within the same", "local practice"),
    Setting("neglect_accumulation_threshold", "Neglect indicators in any 12 months above", "local practice"),
    Setting("no_escalation_count", "The same concern raised this many times with no escalation…", "local practice"),
    Setting("no_escalation_months", "…within this many months", "local practice"),
    Setting("long_plan_years", "A child protection plan lasting this many years or more", "DfE indicator"),
    Setting("return_due_working_days", "An agency's return is due within, from the request", "local practice"),
)


class SettingsError(ChronologyError, ValueError):
    """Rule settings that are missing, unknown or not whole numbers."""


def load_settings(path: Path | None = None, overrides: dict[str, int] | None = None) -> dict[str, int]:
    """The defaults from ``path`` (the app's own by default), with the user's ``overrides``; every
    value a positive whole number."""
    path = path or resource_path(DEFAULT_SETTINGS)
    try:
        values = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SettingsError(f"The rule settings {path} cannot be read: {error}") from error
    values.update(overrides or {})
    names = {setting.name for setting in SETTINGS}
    unknown, missing = set(values) - names, names - set(values)
    if unknown or missing:
        raise SettingsError(f"Rule settings: unknown {sorted(unknown)}, missing {sorted(missing)}")
    for name, value in values.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise SettingsError(f"Rule setting {name} must be a whole number of at least 1, not {value!r}")
    return values


#: Steps of a case in the order they are taken on one day: a referral before its decision, a
#: strategy discussion before the enquiry it starts, a conference before the plan it makes.
STEP_ORDER = {kind: rank for rank, kind in enumerate((
    "birth", "contact", "referral", "referral_decision", "early_help_start", "strategy_discussion", "s47_start",
    "assessment_start", "s47_outcome", "assessment_complete", "icpc", "cp_plan_start", "cin_plan_start",
    "core_group", "cin_meeting", "rcpc"))}
STEP_ORDER.update({"early_help_end": 90, "cin_plan_end": 91, "cp_plan_end": 92, "case_closed": 99})


class RuleEvent(NamedTuple):
    """An event as the rules see it (entered-in-error events never reach them)."""

    id: int
    date: FuzzyDate
    end_date: FuzzyDate | None
    event_type: str
    categories: frozenset[str]
    agency: str
    child_voice: str
    seen_alone: bool | None
    outcome: str = ""
    #: What happened: read by no rule, but it tells two incidents of one day from one entry recorded twice.
    summary: str = ""
    #: The stored sort key (date, time, sequence); empty: the date's own.
    sort_key: str = ""

    def order(self) -> tuple:
        """Where it stands in the chronology; on one day (and time), the steps of a case in the
        order they are taken, then by what they say: the same events give the same order whatever
        order they were entered in."""
        return (self.sort_key or self.date.sort_key(), STEP_ORDER.get(self.event_type, 50), self.event_type,
                self.outcome, self.agency, self.summary,
                tuple(sorted(self.categories)), self.child_voice,
                -1 if self.seen_alone is None else int(self.seen_alone),
                self.end_date.to_text() if self.end_date else "")


@dataclass(frozen=True)
class Flag:
    rule: str
    severity: str
    title: str
    explanation: str
    start: date | None
    end: date | None
    event_ids: tuple[int, ...]
    settings: dict[str, int] = field(default_factory=dict)
    #: False when the finding depends on an unknown part of an uncertain date.
    certain: bool = True
    #: For a statutory step, the day it was due (the latest it could be, for an uncertain date).
    due: date | None = None

    @property
    def key(self) -> str:
        """Identifies the finding: its rule and evidence. New evidence makes a new finding, so an
        acknowledgement never silently covers what came after it."""
        return f"{self.rule}:{','.join(str(i) for i in sorted(self.event_ids))}"

    def to_json(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "title": self.title,
                "explanation": self.explanation, "certain": self.certain,
                "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat() if self.end else None,
                "event_ids": list(self.event_ids), "settings": dict(self.settings),
                "due": self.due.isoformat() if self.due else None}


def when(value: FuzzyDate) -> str:
    """A date in a sentence, saying no more than is known: 'on 03/05/2019', 'in March 2019'."""
    if value.qualifier is Qualifier.EXACT:
        if value.precision is Precision.DAY:
            return f"on {format_day(value.nominal_start)}"
        core = value.describe().split(" — ")[0]
        return "in " + (core[:1].lower() + core[1:] if value.part else core)
    if value.qualifier is Qualifier.APPROX:
        return "about " + value.display()[3:]
    return value.display()


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def weekday_day(day: date | None) -> str:
    """A day with its weekday, in English whatever the machine's language: 'Friday 20/05/2022'."""
    return f"{WEEKDAYS[day.weekday()]} {format_day(day)}" if day else ""


def shown(value: FuzzyDate) -> str:
    """A date as a list shows it: '03/05/2019' when known to the day, else as recorded."""
    return format_day(value.nominal_start) if value.is_exact_day else value.display()


def add_months(day: date, months: int) -> date:
    """Calendar months on from a day, the last day of a shorter month standing in for a missing
    one (29/02/2020 + 12 months = 28/02/2021). Written out because the rules do it thousands of
    times per child and relativedelta is slow."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    if day.day <= 28:  # every month has the day: no need to ask the calendar
        return date(year, month + 1, day.day)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def months_between(first: date, last: date) -> str:
    """How far apart two days are, in words: '4 months', '3 months and 2 days', '2 years and
    1 month', '3 weeks'. Days are given under a year, where they can decide a deadline."""
    delta = relativedelta(last, first)
    plural = lambda n, unit: f"{n} {unit}{'s' if n != 1 else ''}"  # noqa: E731
    if not delta.years and not delta.months:
        days = (last - first).days
        return plural(days // 7, "week") if days >= 14 and days % 7 == 0 else plural(days, "day")
    parts = [plural(delta.years, "year")] if delta.years else []
    if delta.months:
        parts.append(plural(delta.months, "month"))
    if delta.days and not delta.years:
        parts.append(plural(delta.days, "day"))
    return " and ".join(parts)


def within(first: FuzzyDate, second: FuzzyDate, months: int) -> tuple[bool, bool]:
    """Whether ``second`` falls within ``months`` after ``first``: (possibly, certainly)."""
    possibly = (second.earliest is None or first.latest is None
                or second.earliest <= add_months(first.latest, months))
    certainly = (second.latest is not None and first.earliest is not None
                 and second.latest <= add_months(first.earliest, months))
    return possibly, certainly


def uncertainty_note(*dates: FuzzyDate) -> str:
    """Why a finding is only possible: which dates are not known to the day."""
    vague = [d.display() for d in dates if not d.is_exact_day]
    if not vague:
        return ""
    return f" Possibly: {', '.join(vague)} {'is' if len(vague) == 1 else 'are'} not known to the day."
