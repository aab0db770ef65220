"""Findings: one rule's flags for one child gathered into one statement a conference can read —
a headline that carries the pattern and the worst of it, and whether something is wrong **now** or
went wrong **before** — and the child's **current picture** as of a day.

Everything here is built from the rules' flags and the child's events, by rule: no score, no model.
Each finding keeps its flags exactly as the rules made them, beneath the headline, so that every
word of the headline can be traced to its evidence.

A finding is *now* when, as of the day, something is still wrong: a step overdue, a gap in visits
or in the child's views still open, drift on an open assessment or plan, a plan still running past
its limit — or a pattern (a late step, a re-referral, a concern raised again…) whose latest
occurrence is recent (the setting ``recent_months``). Otherwise it is *history*. Now comes first;
within each, the most severe.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from .rules import RULES, Flag, RuleContext, evaluate_prepared, prepared
from .rules.casework import PLANS, SEEN, Upcoming, open_periods, plan_end
from .rules.model import SEVERITIES, add_months, months_between

if TYPE_CHECKING:
    from .rules import RuleEvent

NOW, HISTORY = "now", "history"
#: Rules whose flags are wrong now only while they still run on the day judged: a gap still
#: open, drift still going, a plan still in place past its limit.
ONGOING = frozenset({"not_seen", "voice_absent", "drift", "long_plan"})
#: What each rule's finding is about, in a headline's words.
ABOUT = {
    "timescale": "Statutory steps late or missed", "re_referral": "Re-referred",
    "repeat_concern": "The same concern raised again", "start_again": "Starting again without the history",
    "drift": "No recorded progress", "not_seen": "Not seen", "voice_absent": "Child's views not recorded",
    "was_not_brought": "Not brought to appointments",
    "co_occurring_parental_risks": "Parental risks together",
    "neglect_accumulation": "Neglect building up", "no_escalation": "Concerns not escalated",
    "repeat_plan": "Subsequent child protection plans", "long_plan": "A long child protection plan",
}
PLAN_NAMES = {"cp_plan_start": "Child protection plan", "cin_plan_start": "Child in need plan",
              "early_help_start": "Early help"}


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def _times(count: int) -> str:
    return "once" if count == 1 else "twice" if count == 2 else f"{count} times"


def is_now(flag: Flag, as_of: date, recent_months: int) -> bool:
    """Whether one flag says something is wrong as of the day (see the module's note)."""
    running = flag.end is not None and flag.end >= as_of
    if flag.rule in ONGOING:
        return running
    latest = flag.end or flag.start
    return running or (latest is not None and latest > add_months(as_of, -recent_months))


@dataclass(frozen=True)
class Finding:
    """One rule's flags for one child, with what they add up to."""

    rule: str
    status: str
    severity: str
    headline: str
    flags: tuple[Flag, ...]

    @property
    def count(self) -> int:
        return len(self.flags)

    @property
    def first(self) -> date | None:
        return min((f.start for f in self.flags if f.start), default=None)

    @property
    def last(self) -> date | None:
        return max((day for f in self.flags if (day := f.end or f.start) is not None), default=None)

    @property
    def key(self) -> str:
        """The rule: a child has one finding per rule."""
        return self.rule

    def to_json(self) -> dict:
        return {"rule": self.rule, "status": self.status, "severity": self.severity, "headline": self.headline,
                "count": self.count, "first": self.first.isoformat() if self.first else None,
                "last": self.last.isoformat() if self.last else None, "flags": [f.to_json() for f in self.flags]}


def _longest(flags: list[Flag]) -> Flag:
    return max(flags, key=lambda f: ((f.end or f.start or date.min) - (f.start or date.min), f.start or date.min))


def _gap_sentence(flags: list[Flag], what: str, setting: str, unit: str, as_of: date, still: str) -> str:
    """'Not seen for 6 weeks or more 10 times since 2016; the longest gap 4 years and 1 month, 2018
    to 2022; now 5 months without a visit' (a gap runs from the last visit, or from the case's
    opening when there was none: the words hold either way)."""
    threshold = next((f.settings[setting] for f in flags if setting in f.settings), None)
    first = min(f.start for f in flags if f.start)
    longest = _longest(flags)
    assert longest.start is not None and longest.end is not None  # a gap has both ends
    span = (f"{longest.start.year}" if longest.start.year == longest.end.year
            else f"{longest.start.year} to {longest.end.year}")
    text = (f"{what} for {threshold} {unit} or more {_times(len(flags))} since {first.year}"
            f"; the longest gap {months_between(longest.start, longest.end)}, {span}")
    running = [f for f in flags if f.end is not None and f.end >= as_of and f.start]
    if running:
        text += f"; now {months_between(min(f.start for f in running if f.start), as_of)} {still}"
    return text


def _headline(rule: str, flags: list[Flag], as_of: date) -> str:
    ordered = sorted(flags, key=lambda f: (f.end or f.start or date.min, f.start or date.min))
    latest = ordered[-1]
    if rule == "not_seen":
        seen = [f for f in flags if f.title.startswith("Not seen for")]
        alone = [f for f in flags if f.title.startswith("Not seen alone")]
        parts = []
        if seen:
            parts.append(_gap_sentence(seen, "Not seen", "not_seen_weeks", "weeks", as_of, "without a visit"))
        if alone:
            parts.append(_gap_sentence(alone, "not seen alone" if seen else "Not seen alone", "not_seen_alone_weeks",
                                       "weeks", as_of, "without being seen alone"))
        return ". ".join(part[:1].upper() + part[1:] for part in parts)
    if rule == "voice_absent":
        return _gap_sentence(flags, "Child's views not recorded", "voice_absent_months", "months", as_of,
                             "without their views recorded")
    if rule == "timescale":
        overdue = [f for f in ordered if f.title.endswith("overdue")]
        text = f"Statutory steps late or missed {_times(len(flags))} since {(ordered[0].start or as_of).year}"
        if overdue:
            now = overdue[-1]
            return text + f"; now overdue: {now.title.removesuffix(' overdue').lower()}, due by {_day(now.due)}"
        late = (latest.end - latest.due).days if latest.end and latest.due and latest.title.endswith(" late") else 0
        by = f", {late} day{'s' if late != 1 else ''} late" if late > 0 else ""
        return text + f"; the latest: {latest.title.lower()}, due by {_day(latest.due)}{by}"
    if rule == "repeat_plan":  # the latest says it all: which plan this is, and when the earlier began
        said = latest.explanation.removeprefix("The ").rstrip(".")
        return said[:1].upper() + said[1:]
    if rule == "start_again":
        clause = latest.explanation.split(" (")[0]
        return f"Started again {_times(len(flags))} since {(ordered[0].start or as_of).year}; the latest: {clause}"
    if rule == "drift" and len(flags) > 1:
        running = [f for f in ordered if f.end is not None and f.end >= as_of]
        text = f"No recorded progress beyond the setting {_times(len(flags))} since {(ordered[0].start or as_of).year}"
        worst = _longest(flags)
        text += f"; the longest: {worst.title[:1].lower() + worst.title[1:]}"
        return text + (f"; now: {running[-1].title[:1].lower() + running[-1].title[1:]}" if running else "")
    if len(flags) == 1:
        when = f" ({_day(latest.start)} to {_day(latest.end)})" if latest.start and latest.end and \
            latest.start != latest.end else f" ({_day(latest.end or latest.start)})"
        still = "; still going" if rule in ONGOING and latest.end is not None and latest.end >= as_of else ""
        return latest.title + when + still
    return (f"{latest.title}; {ABOUT.get(rule, rule).lower()} {_times(len(flags))} since "
            f"{(ordered[0].start or as_of).year}, the latest {_day(latest.end or latest.start)}")


def findings_from(flags: list[Flag], as_of: date, recent_months: int) -> list[Finding]:
    """Gather flags into findings, one per rule: now before history, then the most severe, then
    the rules' own order."""
    by_rule: dict[str, list[Flag]] = {}
    for flag in flags:
        by_rule.setdefault(flag.rule, []).append(flag)
    found = []
    for rule, own in by_rule.items():
        status = NOW if any(is_now(f, as_of, recent_months) for f in own) else HISTORY
        severity = min((f.severity for f in own), key=SEVERITIES.index)
        headline = _headline(rule, own, as_of)
        if not any(f.certain for f in own):  # a finding is no surer than the surest of its flags
            headline += " (possible: it depends on dates not known to the day)"
        found.append(Finding(rule, status, severity, headline, tuple(own)))
    order = list(RULES)
    return sorted(found, key=lambda f: (f.status != NOW, SEVERITIES.index(f.severity),
                                        order.index(f.rule) if f.rule in order else len(order)))


@dataclass(frozen=True)
class Picture:
    """A child's current picture as of a day, each part from the chronology (None: not recorded)."""

    as_of: date
    open_since: date | None
    plan: str | None
    plan_since: date | None
    last_seen: date | None
    last_seen_alone: date | None
    last_views: date | None
    next_due: Upcoming | None
    referrals_last_12_months: int

    def to_json(self) -> dict:
        iso = lambda value: value.isoformat() if value else None  # noqa: E731
        return {"as_of": iso(self.as_of), "open_since": iso(self.open_since),
                "plan": {"type": self.plan, "since": iso(self.plan_since)} if self.plan else None,
                "last_seen": iso(self.last_seen), "last_seen_alone": iso(self.last_seen_alone),
                "last_views": iso(self.last_views),
                "next_due": {"step": self.next_due.step, "due": iso(self.next_due.due), "basis": self.next_due.basis}
                if self.next_due else None,
                "referrals_last_12_months": self.referrals_last_12_months}

    def lines(self) -> list[tuple[str, str]]:
        """The picture as a worker reads it: (what, as of the day)."""
        since = lambda value: f"since {_day(value)} ({months_between(value, self.as_of)})"  # noqa: E731
        ago = lambda value: (f"{_day(value)} ({months_between(value, self.as_of)} ago)"  # noqa: E731
                             if value else "not recorded")
        return [
            ("Case", f"open {since(self.open_since)}" if self.open_since else "not open"),
            ("Plan", f"{self.plan} {since(self.plan_since)}" if self.plan and self.plan_since else "none in place"),
            ("Last seen", ago(self.last_seen)),
            ("Last seen alone", ago(self.last_seen_alone)),
            ("Child's views last recorded", ago(self.last_views)),
            ("Next statutory step", f"{self.next_due.step}, due by {_day(self.next_due.due)} "
                                    f"({self.next_due.basis})" if self.next_due else "none due"),
            ("Referrals in the last 12 months", str(self.referrals_last_12_months)),
        ]


def picture(known: list[RuleEvent], as_of: date, upcoming: list[Upcoming]) -> Picture:
    """The current picture from a child's events as the rules read them (:func:`prepared` for
    the day) and the steps the timescale rule found not yet due."""
    periods = open_periods(known, as_of)
    open_since = periods[-1][0] if periods and periods[-1][2] else None
    plan, plan_since = None, None
    for event in known:
        if event.event_type in (*PLANS, "early_help_start"):
            ended_on, _ = plan_end(event, known)
            if ended_on is None or ended_on > as_of:
                plan, plan_since = PLAN_NAMES[event.event_type], event.date.sort_date
    latest = lambda wanted: max((e.date.sort_date for e in known if wanted(e)), default=None)  # noqa: E731
    year_ago = add_months(as_of, -12)
    referral_days = {e.date for e in known if e.event_type == "referral" and e.date.sort_date > year_ago}
    return Picture(
        as_of, open_since, plan, plan_since,
        latest(lambda e: e.event_type in SEEN),
        latest(lambda e: e.event_type == "child_seen_alone" or e.seen_alone is True),
        latest(lambda e: e.event_type == "child_views" or bool(e.child_voice.strip())),
        min((step for step in upcoming if step.due >= as_of), default=None),
        len(referral_days))


@dataclass(frozen=True)
class Assessment:
    """What the chronology shows of one child as of a day: the picture, the findings, the flags."""

    picture: Picture
    findings: list[Finding]
    flags: list[Flag]

    @property
    def shows(self) -> list[Observation]:
        """What the chronology shows, in a few sentences built by rule from the findings."""
        return observations(self.findings, self.picture)

    def to_json(self) -> dict:
        return {"as_of": self.picture.as_of.isoformat(), "picture": self.picture.to_json(),
                "shows": [o.to_json() for o in self.shows], "findings": [f.to_json() for f in self.findings]}


def assess(events: list[RuleEvent], context: RuleContext, as_of: date) -> Assessment:
    """Flags, findings and the current picture of one child's chronology, in one pass of the rules."""
    upcoming: list[Upcoming] = []
    known = prepared(events, as_of)
    flags = evaluate_prepared(known, context.settings, context.calendar, as_of, upcoming)
    return Assessment(picture(known, as_of, upcoming), findings_from(flags, as_of, context.settings["recent_months"]),
                      flags)


@dataclass(frozen=True)
class ChildStanding:
    """One child's place in the caseload overview: the findings about now, by severity, those that
    are history, and the first thing wrong now, in words."""

    child_id: int
    now_high: int
    now_medium: int
    now_low: int
    before: int
    first_now: str

    @property
    def rank(self) -> tuple[int, int, int]:
        """Most wrong now first: by high, then medium, then low findings about now."""
        return (-self.now_high, -self.now_medium, -self.now_low)


def standing(child_id: int, findings: list[Finding]) -> ChildStanding:
    now = [f for f in findings if f.status == NOW]
    count = {severity: sum(1 for f in now if f.severity == severity) for severity in SEVERITIES}
    return ChildStanding(child_id, count["high"], count["medium"], count["low"], len(findings) - len(now),
                         now[0].headline if now else "")


def standings(events_of: Callable[[int], list[RuleEvent]], child_ids: list[int], context: RuleContext, as_of: date,
              progress: Callable[[int, int], None] | None = None) -> list[ChildStanding]:
    """Each child's standing, most wrong now first; ``progress(done, total)`` is told as it goes."""
    found = []
    for done, child_id in enumerate(child_ids, start=1):
        assessment = assess(events_of(child_id), context, as_of)
        found.append(standing(child_id, assessment.findings))
        if progress and (done % 10 == 0 or done == len(child_ids)):
            progress(done, len(child_ids))
    return sorted(found, key=lambda s: s.rank)


@dataclass(frozen=True)
class Observation:
    """A sentence about what the chronology shows, built by rule from the findings it names; its
    evidence is theirs."""

    sentence: str
    rules: tuple[str, ...]
    event_ids: tuple[int, ...]

    def to_json(self) -> dict:
        return {"sentence": self.sentence, "rules": list(self.rules), "event_ids": list(self.event_ids)}


def _evidence(*findings: Finding) -> tuple[int, ...]:
    return tuple(sorted({i for finding in findings for flag in finding.flags for i in flag.event_ids}))


def observations(findings: list[Finding], picture: Picture) -> list[Observation]:
    """A few plain sentences of what the findings add up to, each by a written rule (no model, no
    score): what is wrong now and what runs through the history."""
    now = {f.rule: f for f in findings if f.status == NOW}
    every = {f.rule: f for f in findings}
    said: list[Observation] = []

    def say(sentence: str, *chosen: Finding) -> None:
        said.append(Observation(sentence, tuple(f.rule for f in chosen), _evidence(*chosen)))

    if not now:
        days = f"{picture.as_of:%d/%m/%Y}"
        say(f"Nothing the rules look for is wrong as of {days}: "
            + ("the findings are the child's history." if findings else "no rule finds a pattern."))
    if "no_escalation" in now and "repeat_concern" in every:
        say("The same concern has been raised again and again without being escalated: "
            f"{every['repeat_concern'].headline}; {now['no_escalation'].headline}.", every["repeat_concern"],
            now["no_escalation"])
    elif "repeat_concern" in now or "neglect_accumulation" in now:
        rule = "neglect_accumulation" if "neglect_accumulation" in now else "repeat_concern"
        say(f"Concerns are building up: {now[rule].headline}.", now[rule])
    if "not_seen" in now or "voice_absent" in now:
        parts = []
        if picture.open_since and picture.last_seen:
            parts.append(f"the child was last seen on {picture.last_seen:%d/%m/%Y}, "
                         f"{months_between(picture.last_seen, picture.as_of)} ago")
        elif picture.open_since:
            parts.append("no visit in which the child was seen is recorded while the case is open")
        if "voice_absent" in now:
            parts.append("the child's own views have not been recorded for longer than the setting")
        if parts:
            text = "; ".join(parts)
            seen = [now[rule] for rule in ("not_seen", "voice_absent") if rule in now]
            say(f"While the case is open, {text}.", *seen)
    if "timescale" in now:
        say(f"Statutory timescales are not being kept: {now['timescale'].headline}.", now["timescale"])
    if "start_again" in every and ("repeat_plan" in every or "re_referral" in every):
        again = every["repeat_plan"] if "repeat_plan" in every else every["re_referral"]
        say("Work with this child has started again after closing: "
            f"{again.headline}; {every['start_again'].headline}. Each new episode should begin from "
            "this history.", again, every["start_again"])
    if "co_occurring_parental_risks" in now:
        say(f"Parental risks are recorded together: {now['co_occurring_parental_risks'].headline}.",
            now["co_occurring_parental_risks"])
    history = [f for f in findings if f.status != NOW and f.rule not in {o for s in said for o in s.rules}]
    if now and history:
        names = "; ".join(f.headline for f in history[:3])
        say(f"Earlier, and part of the picture: {names}" + (" and more (the appendix)." if len(history) > 3 else "."),
            *history[:3])
    return said
