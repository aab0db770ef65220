from datetime import date

import pytest

from chronology.resources_path import resource_path
from chronology.workdays import BANK_HOLIDAYS, CalendarError, WorkingCalendar


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    return WorkingCalendar.load()


def test_table_covers_2000_to_2030_and_names_its_source(calendar):
    assert (calendar.first_year, calendar.last_year) == (2000, 2030)
    assert "Source: GOV.UK" in resource_path(BANK_HOLIDAYS).read_text(encoding="utf-8")
    for year in range(2000, 2031):
        assert sum(1 for day in calendar.holidays if day.year == year) >= 8


@pytest.mark.parametrize("day, name", [
    (date(2022, 6, 2), "Spring bank holiday"), (date(2022, 6, 3), "Platinum Jubilee bank holiday"),
    (date(2022, 9, 19), "State Funeral of Queen Elizabeth II"),
    (date(2023, 5, 8), "Bank holiday for the coronation of King Charles III"),
    (date(2020, 5, 8), "Early May bank holiday (VE Day)"), (date(2011, 4, 29), "Royal wedding"),
    (date(2012, 6, 5), "Queen's Diamond Jubilee"), (date(2002, 6, 3), "Golden Jubilee bank holiday"),
    (date(2017, 1, 2), "New Year's Day (substitute day)"), (date(2021, 12, 28), "Boxing Day (substitute day)"),
])
def test_one_off_and_substitute_days(calendar, day, name):
    assert calendar.holidays[day] == name
    assert not calendar.is_working_day(day)


def test_a_sunday_new_years_day_is_not_itself_listed(calendar):
    assert date(2017, 1, 1) not in calendar.holidays and date(2023, 1, 1) not in calendar.holidays
    assert date(2020, 5, 4) not in calendar.holidays  # the early May holiday moved to VE Day


def test_counting_working_days(calendar):
    before_jubilee = date(2022, 6, 1)  # Wednesday; Thursday and Friday were bank holidays
    assert calendar.add_working_days(before_jubilee, 1) == date(2022, 6, 6)
    assert calendar.add_working_days(date(2019, 3, 15), 1) == date(2019, 3, 18)  # Friday to Monday
    assert calendar.add_working_days(date(2019, 3, 15), 0) == date(2019, 3, 15)
    assert calendar.working_days_between(date(2019, 3, 15), date(2019, 3, 18)) == 1
    # 26 and 27 Dec 2022 and 2 Jan 2023 were bank holidays: 28, 29, 30 Dec and 3 Jan remain.
    assert calendar.working_days_between(date(2022, 12, 23), date(2023, 1, 3)) == 4
    assert calendar.working_days_between(date(2019, 3, 18), date(2019, 3, 15)) == 0


def test_dates_outside_the_table_are_refused(calendar):
    with pytest.raises(CalendarError, match="2000–2030"):
        calendar.is_working_day(date(1999, 12, 31))


def test_bad_table_says_where(tmp_path):
    path = tmp_path / "holidays.csv"
    path.write_text("# note\ndate,name\n2020-13-01,Nonsense\n", encoding="utf-8")
    with pytest.raises(CalendarError, match="row 2"):
        WorkingCalendar.load(path)
