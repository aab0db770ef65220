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

from .errors import ChronologyError


class DateError(ChronologyError, ValueError):
    """Text that is not a date we can record, with a message a worker can act on."""


class FutureDate(DateError):
    """A date ahead of today where only what has happened may be recorded. The advice depends on
    what is being recorded (an event may be marked planned; a birth may be expected), so it is
    kept apart: ``text`` is the date as typed."""

    def __init__(self, text: str, advice: str = "Mark the event as planned to record a future date."):
        self.text = text
        super().__init__(f"'{text}' is in the future. {advice}")

    def advised(self, advice: str) -> FutureDate:
        return FutureDate(self.text, advice)


#: What to do about a date of birth ahead of today.
BIRTH_AHEAD = ("A date of birth cannot be ahead: for an unborn baby, record it as the expected date of birth "
               "(Unborn in the editor, --expected on the command line).")


class Qualifier(str, Enum):
    EXACT = "exact"
    APPROX = "approx"
    BEFORE = "before"
    AFTER = "after"


class Precision(str, Enum):
    DAY = "day"
    PART_OF_MONTH = "part of a month"  # early, mid or late March 2017
    MONTH = "month"
    PART_OF_YEAR = "part of a year"  # a season, or early, mid or late 2017
    YEAR = "year"


#: How far an "about" date may stray either side, by precision (documented in docs/dates.md).
APPROX_MARGIN = {
    Precision.DAY: relativedelta(days=7),
    Precision.PART_OF_MONTH: relativedelta(days=7),
    Precision.MONTH: relativedelta(months=1),
    Precision.PART_OF_YEAR: relativedelta(months=1),
    Precision.YEAR: relativedelta(years=1),
}
#: Within one sort date, less precise entries come first, as headings for what follows. (Parts
#: share the rank of what they are part of: ranks are stored in every event's sort key.)
_PRECISION_RANK = {Precision.YEAR: 1, Precision.PART_OF_YEAR: 1, Precision.MONTH: 2, Precision.PART_OF_MONTH: 2,
                   Precision.DAY: 3}
#: Parts of a year, as the months they cover (13 and 14: January and February of the next year);
#: and parts of a month, as days. Written down in docs/dates.md.
PARTS_OF_YEAR = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 14),
                 "early": (1, 4), "mid": (5, 8), "late": (9, 12)}
PARTS_OF_MONTH = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_PART_WORDS = {"spring": "spring", "summer": "summer", "autumn": "autumn", "fall": "autumn", "winter": "winter",
               "early": "early", "beginning of": "early", "start of": "early", "mid": "mid", "middle of": "mid",
               "late": "late", "end of": "late"}
_BEFORE_RANK = 0

MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
MIN_YEAR, MAX_YEAR = 1900, 2100
HINT = ("Try 14/03/2017, 14 March 2017, March 2017, Mar-17, 2017, summer 2019, early 2018, c. 2016, "
        "?14/03/2017 or before 03/2017.")

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
    ("month_y2", re.compile(rf"^({_MONTH_RE})\.?(?:\s*[-/]\s*'?|\s*')(\d{{2}})$")),
    ("y", re.compile(r"^(\d{4})$")),
]
_PART_RE = "|".join(sorted(_PART_WORDS, key=len, reverse=True))
#: "summer 2019", "mid-2020", "end of 2016", "winter 2019/20", "early March 2017", "late 03/2017".
_PART_OF_YEAR = re.compile(rf"^({_PART_RE})(?:\s+|\s*-\s*)(\d{{4}})(?:\s*[/-]\s*(\d{{2}}|\d{{4}}))?$")
_PART_OF_MONTH = re.compile(
    rf"^({_PART_RE})(?:\s+|\s*-\s*)(?:({_MONTH_RE})\.?,?\s+(\d{{4}})|(\d{{1,2}})\s*[/.-]\s*(\d{{4}}))$")
#: A month and a two-digit number with only a space between: a day or a year?
_MONTH_SPACE_NUMBER = re.compile(rf"^({_MONTH_RE})\.?\s+(\d{{2}})$")


@dataclass(frozen=True)
class FuzzyDate:
    """A date known to the day, month or year, exactly, approximately, or only as a bound."""

    year: int
    month: int | None = None
    day: int | None = None
    qualifier: Qualifier = Qualifier.EXACT
    #: A part of the year (a season; early, mid or late) or, with a month, of the month.
    part: str | None = None
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
        if self.part is not None:
            return Precision.PART_OF_MONTH if self.month is not None else Precision.PART_OF_YEAR
        return Precision.MONTH if self.month is not None else Precision.YEAR

    def __post_init__(self) -> None:
        # What a date means is asked for again and again (filters, sorting, rules): work it out
        # once. These fields are derived and left out of comparison, so equality and hashing
        # still look only at what was known.
        start = date(self.year, self.month or 1, self.day or 1)
        if self.day is not None:
            end = start
        elif self.part is not None and self.month is not None:
            first, last = PARTS_OF_MONTH[self.part]
            length = calendar.monthrange(self.year, self.month)[1]
            start, end = date(self.year, self.month, first), date(self.year, self.month, min(last, length))
        elif self.part is not None:
            first, last = PARTS_OF_YEAR[self.part]
            start = date(self.year, first, 1)
            end_year, end_month = self.year + (last - 1) // 12, (last - 1) % 12 + 1
            end = date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
        elif self.month is not None:
            end = date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        else:
            end = date(self.year, 12, 31)
        earliest: date | None = start
        latest: date | None = end
        sort_date = start
        if self.qualifier is Qualifier.APPROX:
            margin = APPROX_MARGIN[self.precision]
            earliest, latest = start - margin, end + margin
        elif self.qualifier is Qualifier.BEFORE:
            earliest, latest = None, start - timedelta(days=1)
            sort_date = start - timedelta(days=1)
        elif self.qualifier is Qualifier.AFTER:
            earliest, latest = end + timedelta(days=1), None
            sort_date = end + timedelta(days=1)
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

    def _year_text(self) -> str:
        """The year, or for a winter the two it spans: '2019/20'."""
        return f"{self.year}/{(self.year + 1) % 100:02d}" if self.part == "winter" else str(self.year)

    def _core_display(self) -> str:
        if self.precision is Precision.DAY:
            return f"{self.day} {calendar.month_abbr[self.month or 1]} {self.year}"
        if self.precision is Precision.MONTH:
            return f"{calendar.month_abbr[self.month or 1]} {self.year}"
        if self.precision is Precision.PART_OF_MONTH:
            return f"{self.part} {calendar.month_abbr[self.month or 1]} {self.year}"
        if self.precision is Precision.PART_OF_YEAR:
            return f"{self.part} {self._year_text()}"
        return str(self.year)

    def display(self) -> str:
        """Short form for tables and print: '14 Mar 2017', 'Mar 2017', 'c. 2016', 'before Mar 2017',
        'Summer 2019', 'Early Mar 2017'."""
        prefix = {Qualifier.EXACT: "", Qualifier.APPROX: "c. ",
                  Qualifier.BEFORE: "before ", Qualifier.AFTER: "after "}[self.qualifier]
        text = prefix + self._core_display()
        return text[:1].upper() + text[1:] if self.qualifier is Qualifier.EXACT else text

    def printed(self) -> str:
        """As paper shows it, where every day is written one way: '14/03/2017', 'March 2017',
        'Summer 2019', 'c. 2016', 'before 03/2017' is 'before March 2017'."""
        if self.precision is Precision.DAY:
            core = format_day(self.nominal_start)
        elif self.precision is Precision.MONTH:
            core = f"{calendar.month_name[self.month or 1]} {self.year}"
        elif self.precision is Precision.PART_OF_MONTH:
            core = f"{self.part} {calendar.month_name[self.month or 1]} {self.year}"
        else:
            core = self._core_display()
        text = _TEXT_PREFIXES[self.qualifier] + core
        return text[:1].upper() + text[1:] if self.qualifier is Qualifier.EXACT else text

    def describe(self) -> str:
        """The editor's live reading, saying what is and is not known."""
        if self.precision is Precision.DAY:
            core = self._core_display()
        elif self.precision is Precision.MONTH:
            core = f"{calendar.month_name[self.month or 1]} {self.year}"
        elif self.precision is Precision.PART_OF_MONTH:
            core = f"{(self.part or '').capitalize()} {calendar.month_name[self.month or 1]} {self.year}"
        elif self.precision is Precision.PART_OF_YEAR:
            core = f"{(self.part or '').capitalize()} {self._year_text()}"
        else:
            core = str(self.year)
        notes = {Precision.DAY: [], Precision.MONTH: ["month only"], Precision.YEAR: ["year only"],
                 Precision.PART_OF_MONTH: [
                     f"{self.nominal_start.day} to {format_span(self.nominal_start, self.nominal_end)}"],
                 Precision.PART_OF_YEAR: [format_span(self.nominal_start, self.nominal_end, months=True)]}[
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
        elif self.precision is Precision.PART_OF_MONTH:
            core = f"{self.part} {self.month:02d}/{self.year:04d}"
        elif self.precision is Precision.PART_OF_YEAR:
            core = f"{self.part} {self._year_text()}"
        else:
            core = f"{self.year:04d}"
        text = _TEXT_PREFIXES[self.qualifier] + core
        object.__setattr__(self, "_text", text)
        return text


_TEXT_PREFIXES = {Qualifier.EXACT: "", Qualifier.APPROX: "c. ", Qualifier.BEFORE: "before ", Qualifier.AFTER: "after "}


def format_day(day: date | None) -> str:
    """A known day in the UK form used across the app: '14/03/2017'."""
    return day.strftime("%d/%m/%Y") if day else ""


def format_stamp(stamp: str, with_time: bool = False) -> str:
    """A recorded moment (ISO, as the store keeps them) day first: '30/11/2026', '30/11/2026 14:03'."""
    day = f"{stamp[8:10]}/{stamp[5:7]}/{stamp[:4]}"
    return f"{day} {stamp[11:16]}" if with_time and len(stamp) >= 16 else day


def format_span(first: date, last: date, months: bool = False) -> str:
    """What a part of a year or month covers, in words: 'June to August 2019', 'December 2019 to
    February 2020'; '10 March 2017' (as the end of '1 to 10 March 2017')."""
    if not months:
        return f"{last.day} {calendar.month_name[last.month]} {last.year}"
    if first.year == last.year:
        return f"{calendar.month_name[first.month]} to {calendar.month_name[last.month]} {last.year}"
    return f"{calendar.month_name[first.month]} {first.year} to {calendar.month_name[last.month]} {last.year}"


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


def _build(raw: str, year: int, month: int | None, day: int | None, qualifier: Qualifier,
           part: str | None = None) -> FuzzyDate:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateError(f"'{raw}': the year {year} is outside {MIN_YEAR}–{MAX_YEAR}; check for a typing slip.")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"'{raw}': there is no month {month}. Dates are day first, as in 14/03/2017.")
    if day is not None:
        last = calendar.monthrange(year, month or 1)[1]
        if not 1 <= day <= last:
            raise DateError(f"'{raw}' is not a real date: {calendar.month_name[month or 1]} {year} "
                            f"has {last} days.")
    return FuzzyDate(year, month, day, qualifier, part)


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
        raise FutureDate(raw)
    return result


def _parse_part(raw: str, body: str, qualifier: Qualifier) -> FuzzyDate | None:
    """A part of a year or a month, or None when the text is not one."""
    match = _PART_OF_MONTH.match(body)
    if match:
        word, month_name, year, month_number, numeric_year = match.groups()
        part = _PART_WORDS[word]
        if part not in PARTS_OF_MONTH:
            raise DateError(f"'{raw}': a season is part of a year, not of a month; type {word} and the year, "
                            "as in summer 2019.")
        month = MONTHS[month_name] if month_name else int(month_number)
        return _build(raw, int(year or numeric_year), month, None, qualifier, part)
    match = _PART_OF_YEAR.match(body)
    if not match:
        return None
    word, year_text, second = match.groups()
    part, year = _PART_WORDS[word], int(year_text)
    if part == "winter":
        if second is None:
            raise DateError(f"'{raw}': a winter spans two years. Type winter {year}/{(year + 1) % 100:02d} for "
                            f"December {year} to February {year + 1}, or winter {year - 1}/{year % 100:02d}.")
        follows = int(second) if len(second) == 4 else (year + 1) // 100 * 100 + int(second)
        if follows != year + 1:
            raise DateError(f"'{raw}': a winter spans two years in a row, as in winter {year}/{(year + 1) % 100:02d}.")
    elif second is not None:
        raise DateError(f"'{raw}': only a winter spans two years; type {word} and one year, as in {word} {year}.")
    return _build(raw, year, None, None, qualifier, part)


def _parse_core(raw: str, body: str, qualifier: Qualifier, today: date, forward: bool = False) -> FuzzyDate:
    part = _parse_part(raw, body, qualifier)
    if part is not None:
        return part
    spaced = _MONTH_SPACE_NUMBER.match(body)
    if spaced:
        month, number = MONTHS[spaced.group(1)], int(spaced.group(2))
        year = _expand_year(spaced.group(2), today, forward)
        raise DateError(f"'{raw}' could be {number} {calendar.month_name[month]} (then give the year, as in "
                        f"{number:02d}/{month:02d}/{today.year}) or {calendar.month_name[month]} {year} (then type "
                        f"{calendar.month_abbr[month]} {year} or {calendar.month_abbr[month]}-{number:02d}).")
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
        if name == "month_y2":  # as Excel writes a month: Mar-17
            return _build(raw, _expand_year(groups[1], today, forward), MONTHS[groups[0]], None, qualifier)
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


#: A year typed with two digits, at the end of a date ("14/3/27", "Mar-17", "14 March 17").
_TWO_DIGIT_YEAR = re.compile(r"(?:^|[^\d])(\d{2})\s*$")


def reading(text: str, value: FuzzyDate, forward: bool = False) -> str:
    """What the editor shows under a date: what was read, and how a two-digit year was taken."""
    described = value.describe()
    typed = _TWO_DIGIT_YEAR.search(text.strip())
    if typed and value.precision in (Precision.DAY, Precision.MONTH) and value.year % 100 == int(typed.group(1)):
        direction = "a planned event looks ahead" if forward else "read as a year that has been"
        described += f" ('{typed.group(1)}' taken as {value.year}: {direction})"
    return described


def parse_exact_day(text: str, *, today: date | None = None, allow_future: bool = False,
                    forward: bool = False) -> date:
    """A date that must be known to the day (a date of birth, a filter)."""
    fuzzy = parse_date(text, today=today, allow_future=allow_future, forward=forward)
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
