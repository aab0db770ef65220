"""Working days in England and Wales: not Saturdays, Sundays or bank holidays (from the table in
``resources/``, which names its source). Statutory timescales are counted in these days."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from .errors import ChronologyError
from .resources_path import resource_path

#: The bank-holiday table shipped with the app, among its resources.
BANK_HOLIDAYS = "bank-holidays-england-and-wales.csv"


class CalendarError(ChronologyError, ValueError):
    """A bank-holiday table that cannot be read, or a date outside the years it covers."""


@dataclass(frozen=True)
class WorkingCalendar:
    holidays: dict[date, str]
    first_year: int
    last_year: int

    @classmethod
    def load(cls, path: Path | None = None) -> WorkingCalendar:
        """Read a table of ``date,name`` lines (lines starting with ``#`` are notes); by default
        the one shipped with the app."""
        path = path or resource_path(BANK_HOLIDAYS)
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                rows = [line for line in handle if not line.startswith("#")]
        except OSError as error:
            raise CalendarError(f"The bank-holiday table {path} cannot be read: {error.strerror}") from error
        holidays = {}
        for number, row in enumerate(csv.DictReader(rows), start=2):
            try:
                holidays[date.fromisoformat(row["date"])] = row["name"]
            except (KeyError, TypeError, ValueError) as error:
                raise CalendarError(f"{path}: row {number} is not 'YYYY-MM-DD,name': {error}") from error
        if not holidays:
            raise CalendarError(f"The bank-holiday table {path} is empty.")
        return cls(holidays, min(holidays).year, max(holidays).year)

    def _covered(self, day: date) -> None:
        if not self.first_year <= day.year <= self.last_year:
            raise CalendarError(f"Bank holidays are known for {self.first_year}–{self.last_year} only; "
                                f"{day:%d/%m/%Y} is outside them.")

    def is_working_day(self, day: date) -> bool:
        self._covered(day)
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: date, days: int) -> date:
        """The date ``days`` working days after ``start`` (``start`` itself is day 0): a
        decision due "within 1 working day" of a Friday referral is due on Monday."""
        day = start
        remaining = days
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 if ``end`` is not later)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count
