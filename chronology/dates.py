"""Dates as social workers know them: often only a month, a year, "about", "before" or "after".

A :class:`FuzzyDate` keeps exactly what was known and nothing more. It can say the earliest and
latest days it may mean (for filters and rules), a sort date that places every kind consistently
(unknown parts assumed at the start of the period), and its own text in day-first UK form.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from functools import lru_cache

from dateutil.relativedelta import relativedelta


class DateError(ValueError):
    """Text that is not a date we can record, with a message a worker can act on."""


class Qualifier(str, Enum):
    EXACT = "exact"
    APPROX = "approx"
    BEFORE = "before"
    AFTER = "after"


class Precision(str, Enum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


#: How far an "about" date may stray either side, by precision (documented in docs/dates.md).
APPROX_MARGIN = {
    Precision.DAY: relativedelta(days=7),
    Precision.MONTH: relativedelta(months=1),
    Precision.YEAR: relativedelta(years=1),
}
#: Within one sort date, less precise entries come first, as headings for what follows.
_PRECISION_RANK = {Precision.YEAR: 1, Precision.MONTH: 2, Precision.DAY: 3}
_BEFORE_RANK = 0

MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
MIN_YEAR, MAX_YEAR = 1900, 2100
HINT = "Try 14/03/2017, 14 March 2017, March 2017, 2017, c. 2016, ?14/03/2017 or before 03/2017."

_QUALIFIER_PREFIXES = [
    (re.compile(r"^(?:c\.|ca\.|c\b|circa\b|approx\.?|approximately\b|about\b|around\b|~)\s*"),
     Qualifier.APPROX),
    (re.compile(r"^\?\s*"), Qualifier.APPROX),
    (re.compile(r"^(?:before\b|bef\.?|prior to\b)\s*"), Qualifier.BEFORE),
    (re.compile(r"^(?:after\b|aft\.?)\s*"), Qualifier.AFTER),
]
_SUFFIX = r"(?:st|nd|rd|th)?"
_PATTERNS = [
    ("dmy", re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})$")),
    ("iso", re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")),
    ("my", re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$")),
    ("d_month_y", re.compile(rf"^(\d{{1,2}}){_SUFFIX}\s+(?:of\s+)?({_MONTH_RE})\.?,?\s+(\d{{4}}|\d{{2}})$")),
    ("month_d_y", re.compile(rf"^({_MONTH_RE})\.?\s+(\d{{1,2}}){_SUFFIX},?\s+(\d{{4}})$")),
    ("month_y", re.compile(rf"^({_MONTH_RE})\.?,?\s+(\d{{4}})$")),
    ("y", re.compile(r"^(\d{4})$")),
]


@dataclass(frozen=True)
class FuzzyDate:
    """A date known to the day, month or year, exactly, approximately, or only as a bound."""

    year: int
    month: int | None = None
    day: int | None = None
    qualifier: Qualifier = Qualifier.EXACT
    #: The first and last day of what is known (March 2017: 01/03/2017 and 31/03/2017).
    nominal_start: date = field(init=False, repr=False, compare=False)
    nominal_end: date = field(init=False, repr=False, compare=False)
    #: The first and last day this may mean; None where there is no bound ("before", "after").
    earliest: date | None = field(init=False, repr=False, compare=False)
    latest: date | None = field(init=False, repr=False, compare=False)
    #: Unknown parts assumed at the start; a bound sorts just beyond itself.
    sort_date: date = field(init=False, repr=False, compare=False)

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    def __post_init__(self) -> None:
        # What a date means is asked for again and again (filters, sorting, rules): work it out
        # once. These fields are derived and left out of comparison, so equality and hashing
        # still look only at what was known.
        start = date(self.year, self.month or 1, self.day or 1)
        if self.day is not None:
            end = start
        elif self.month is not None:
            end = date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        else:
            end = date(self.year, 12, 31)
        earliest, latest, sort_date = start, end, start
        if self.qualifier is Qualifier.APPROX:
            margin = APPROX_MARGIN[self.precision]
            earliest, latest = start - margin, end + margin
        elif self.qualifier is Qualifier.BEFORE:
            earliest, latest = None, start - timedelta(days=1)
            sort_date = latest
        elif self.qualifier is Qualifier.AFTER:
            earliest, latest = end + timedelta(days=1), None
            sort_date = earliest
        self.__dict__.update(nominal_start=start, nominal_end=end, earliest=earliest, latest=latest,
                             sort_date=sort_date)  # one update: five object.__setattr__ took a third

    def sort_key(self, time: str | None = None, sequence: int | None = None) -> str:
        """A text key that orders events of every date kind, then time, then sequence (the date's
        part worked out once: an import asks for a key for every event)."""
        day = self.__dict__.get("_sort_day")
        if day is None:
            rank = _BEFORE_RANK if self.qualifier is Qualifier.BEFORE else _PRECISION_RANK[self.precision]
            day = f"{self.sort_date.isoformat()}{rank}"
            object.__setattr__(self, "_sort_day", day)
        return f"{day}{time or '99:99'}{sequence or 0:05d}"

    @property
    def is_exact_day(self) -> bool:
        return self.precision is Precision.DAY and self.qualifier is Qualifier.EXACT

    def _core_display(self) -> str:
        if self.precision is Precision.DAY:
            return f"{self.day} {calendar.month_abbr[self.month or 1]} {self.year}"
        if self.precision is Precision.MONTH:
            return f"{calendar.month_abbr[self.month or 1]} {self.year}"
        return str(self.year)

    def display(self) -> str:
        """Short form for tables and print: '14 Mar 2017', 'Mar 2017', 'c. 2016', 'before Mar 2017'."""
        prefix = {Qualifier.EXACT: "", Qualifier.APPROX: "c. ",
                  Qualifier.BEFORE: "before ", Qualifier.AFTER: "after "}[self.qualifier]
        return prefix + self._core_display()

    def describe(self) -> str:
        """The editor's live reading, saying what is and is not known."""
        if self.precision is Precision.DAY:
            core = self._core_display()
        elif self.precision is Precision.MONTH:
            core = f"{calendar.month_name[self.month or 1]} {self.year}"
        else:
            core = str(self.year)
        notes = {Precision.DAY: [], Precision.MONTH: ["month only"], Precision.YEAR: ["year only"]}[
            self.precision]
        if self.qualifier is Qualifier.APPROX:
            notes.insert(0, "approximate")
        elif self.qualifier is Qualifier.BEFORE:
            return f"Before {core} (some time up to {format_day(self.latest)})"
        elif self.qualifier is Qualifier.AFTER:
            return f"After {core} (some time from {format_day(self.earliest)})"
        prefix = "c. " if self.qualifier is Qualifier.APPROX else ""
        return prefix + core + (" — " + ", ".join(notes) if notes else "")

    def to_text(self) -> str:
        """Canonical day-first text that :func:`parse_date` reads back to the same value. Worked
        out once per date: an import writes it, and digests it, for every event."""
        known = self.__dict__.get("_text")
        if known is not None:
            return known
        if self.precision is Precision.DAY:
            core = f"{self.day:02d}/{self.month:02d}/{self.year:04d}"
        elif self.precision is Precision.MONTH:
            core = f"{self.month:02d}/{self.year:04d}"
        else:
            core = f"{self.year:04d}"
        text = _TEXT_PREFIXES[self.qualifier] + core
        object.__setattr__(self, "_text", text)
        return text


_TEXT_PREFIXES = {Qualifier.EXACT: "", Qualifier.APPROX: "c. ", Qualifier.BEFORE: "before ", Qualifier.AFTER: "after "}


def format_day(day: date | None) -> str:
    """A known day in the UK form used across the app: '14/03/2017'."""
    return day.strftime("%d/%m/%Y") if day else ""


def _expand_year(text: str, today: date, forward: bool = False) -> int:
    """A year as typed. Two digits mean, for what has happened, the latest such year up to this
    one (in 2026, 27 is 1927); for what is planned, the nearest such year, up to 49 years ahead
    (27 is 2027, 76 is 1976)."""
    if len(text) == 4:
        return int(text)
    two = int(text)
    if forward:
        low = today.year - 50
        year = (low // 100) * 100 + two
        return year if year >= low else year + 100
    pivot = today.year % 100
    return (today.year // 100) * 100 + two if two <= pivot else (today.year // 100 - 1) * 100 + two


def _build(raw: str, year: int, month: int | None, day: int | None, qualifier: Qualifier) -> FuzzyDate:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateError(f"'{raw}': the year {year} is outside {MIN_YEAR}–{MAX_YEAR}; check for a typing slip.")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"'{raw}': there is no month {month}. Dates are day first, as in 14/03/2017.")
    if day is not None:
        last = calendar.monthrange(year, month or 1)[1]
        if not 1 <= day <= last:
            raise DateError(f"'{raw}' is not a real date: {calendar.month_name[month or 1]} {year} "
                            f"has {last} days.")
    return FuzzyDate(year, month, day, qualifier)


#: A day as most are typed and as every export writes it (14/03/2017): read without the searching.
_PLAIN_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_date(text: str, *, today: date | None = None, allow_future: bool = False,
               forward: bool = False) -> FuzzyDate:
    """Read a date as a worker types it, day first. Raises :class:`DateError` with the reason.
    ``forward``: the event is planned, so a two-digit year is read towards the future."""
    today = today or date.today()
    plain = _PLAIN_DAY.fullmatch(text) if isinstance(text, str) else None
    if plain:
        day, month, year = plain.groups()
        return _not_future(_build(text, int(year), int(month), int(day), Qualifier.EXACT), text, today,
                           allow_future)
    raw = " ".join(str(text).split())
    if not raw:
        raise DateError("Enter a date, for example 14/03/2017, March 2017 or c. 2016.")
    body = raw.casefold()
    qualifier = Qualifier.EXACT
    for pattern, kind in _QUALIFIER_PREFIXES:
        match = pattern.match(body)
        if match:
            qualifier, body = kind, body[match.end():]
            break
    if body.endswith("?") and qualifier is Qualifier.EXACT:
        qualifier, body = Qualifier.APPROX, body[:-1].rstrip()
    return _not_future(_parse_core(raw, body, qualifier, today, forward), raw, today, allow_future)


def _not_future(result: FuzzyDate, raw: str, today: date, allow_future: bool) -> FuzzyDate:
    if not allow_future and result.earliest is not None and result.earliest > today:
        raise DateError(f"'{raw}' is in the future. Mark the event as planned to record a future date.")
    return result


def _parse_core(raw: str, body: str, qualifier: Qualifier, today: date, forward: bool = False) -> FuzzyDate:
    for name, pattern in _PATTERNS:
        match = pattern.match(body)
        if not match:
            continue
        groups = match.groups()
        if name == "dmy":
            return _build(raw, _expand_year(groups[2], today, forward), int(groups[1]), int(groups[0]), qualifier)
        if name == "iso":
            day = int(groups[2]) if groups[2] else None
            return _build(raw, int(groups[0]), int(groups[1]), day, qualifier)
        if name == "my":
            return _build(raw, int(groups[1]), int(groups[0]), None, qualifier)
        if name == "d_month_y":
            return _build(raw, _expand_year(groups[2], today, forward), MONTHS[groups[1]], int(groups[0]), qualifier)
        if name == "month_d_y":
            return _build(raw, int(groups[2]), MONTHS[groups[0]], int(groups[1]), qualifier)
        if name == "month_y":
            return _build(raw, int(groups[1]), MONTHS[groups[0]], None, qualifier)
        return _build(raw, int(groups[0]), None, None, qualifier)
    raise DateError(f"Could not read '{raw}' as a date. {HINT}")


_TIME_RE = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


def parse_time(text: str) -> str | None:
    """Read '14:30', '9.05', '2pm' or '2:30 pm' as 24-hour 'HH:MM'; empty text is no time."""
    raw = " ".join(str(text).split()).casefold()
    if not raw:
        return None
    match = _TIME_RE.match(raw)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        meridiem = match.group(3)
        if meridiem and 1 <= hour <= 12:
            hour = hour % 12 + (12 if meridiem == "pm" else 0)
            meridiem = None
        if meridiem is None and hour < 24 and minute < 60 and (match.group(2) or match.group(3)):
            return f"{hour:02d}:{minute:02d}"
    raise DateError(f"Could not read '{text.strip()}' as a time. Use the 24-hour clock, as in 14:30.")


def parse_exact_day(text: str, *, today: date | None = None, allow_future: bool = False) -> date:
    """A date that must be known to the day (a date of birth typed at the command line, a filter)."""
    fuzzy = parse_date(text, today=today, allow_future=allow_future)
    if not fuzzy.is_exact_day:
        raise DateError(f"'{text.strip()}' must be a full date, as in 14/03/2017.")
    return fuzzy.nominal_start


_STORED_PREFIXES = (("c. ", Qualifier.APPROX), ("before ", Qualifier.BEFORE), ("after ", Qualifier.AFTER))


@lru_cache(maxsize=16384)
def stored_date(text: str) -> FuzzyDate:
    """Read back the canonical text :meth:`FuzzyDate.to_text` wrote, without the parser's
    searching: a chronology of thousands of events reads this for every one. Anything else
    goes through :func:`parse_date` (without the future check: it was checked when saved)."""
    qualifier, body = Qualifier.EXACT, text
    for prefix, kind in _STORED_PREFIXES:
        if text.startswith(prefix):
            qualifier, body = kind, text[len(prefix):]
            break
    parts = body.split("/")
    if all(part.isdigit() for part in parts) and len(parts[-1]) == 4 and len(parts) <= 3:
        numbers = [int(part) for part in parts]
        year = numbers[-1]
        month = numbers[-2] if len(numbers) > 1 else None
        day = numbers[0] if len(numbers) == 3 else None
        return _build(text, year, month, day, qualifier)
    return parse_date(text, allow_future=True)
