from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from chronology.dates import (
    PARTS_OF_MONTH,
    PARTS_OF_YEAR,
    DateError,
    FuzzyDate,
    Precision,
    Qualifier,
    parse_date,
    parse_exact_day,
    parse_time,
)

TODAY = date(2026, 11, 26)


@pytest.mark.parametrize("text, expected, shown", [
    ("14/3/17", FuzzyDate(2017, 3, 14), "14 Mar 2017"),
    ("14.03.2017", FuzzyDate(2017, 3, 14), "14 Mar 2017"),
    ("14-03-2017", FuzzyDate(2017, 3, 14), "14 Mar 2017"),
    ("14 March 2017", FuzzyDate(2017, 3, 14), "14 Mar 2017"),
    ("14th March 2017", FuzzyDate(2017, 3, 14), "14 Mar 2017"),
    ("March 2017", FuzzyDate(2017, 3), "Mar 2017"),
    ("mar 2017", FuzzyDate(2017, 3), "Mar 2017"),
    ("03/2017", FuzzyDate(2017, 3), "Mar 2017"),
    ("2017", FuzzyDate(2017), "2017"),
    ("c. 2016", FuzzyDate(2016, qualifier=Qualifier.APPROX), "c. 2016"),
    ("circa 2016", FuzzyDate(2016, qualifier=Qualifier.APPROX), "c. 2016"),
    ("?14/03/2017", FuzzyDate(2017, 3, 14, Qualifier.APPROX), "c. 14 Mar 2017"),
    ("14/03/2017?", FuzzyDate(2017, 3, 14, Qualifier.APPROX), "c. 14 Mar 2017"),
    ("before 03/2017", FuzzyDate(2017, 3, qualifier=Qualifier.BEFORE), "before Mar 2017"),
    ("after 2016", FuzzyDate(2016, qualifier=Qualifier.AFTER), "after 2016"),
    ("2017-03-14", FuzzyDate(2017, 3, 14), "14 Mar 2017"),
    ("  14 / 3 / 2017 ", FuzzyDate(2017, 3, 14), "14 Mar 2017"),
])
def test_reads_dates_as_workers_type_them(text, expected, shown):
    parsed = parse_date(text, today=TODAY)
    assert parsed == expected
    assert parsed.display() == shown


def test_two_digit_years_pivot_on_this_year():
    assert parse_date("1/1/26", today=TODAY).year == 2026
    assert parse_date("1/1/27", today=TODAY, allow_future=True).year == 1927
    assert parse_date("1/1/98", today=TODAY).year == 1998


def test_a_planned_events_two_digit_year_is_read_towards_the_future():
    assert parse_date("14/3/27", today=TODAY, allow_future=True, forward=True).year == 2027
    assert parse_date("14/3/25", today=TODAY, allow_future=True, forward=True).year == 2025
    assert parse_date("14/3/75", today=TODAY, allow_future=True, forward=True).year == 2075
    assert parse_date("14/3/76", today=TODAY, allow_future=True, forward=True).year == 1976
    assert parse_date("Mar-27", today=TODAY, allow_future=True, forward=True).year == 2027


@pytest.mark.parametrize("text, earliest, latest, shown, reading", [
    ("summer 2019", date(2019, 6, 1), date(2019, 8, 31), "Summer 2019", "Summer 2019 — June to August 2019"),
    ("Spring 2016", date(2016, 3, 1), date(2016, 5, 31), "Spring 2016", "Spring 2016 — March to May 2016"),
    ("autumn 2020", date(2020, 9, 1), date(2020, 11, 30), "Autumn 2020", "Autumn 2020 — September to November 2020"),
    ("winter 2019/20", date(2019, 12, 1), date(2020, 2, 29), "Winter 2019/20",
     "Winter 2019/20 — December 2019 to February 2020"),
    ("early 2018", date(2018, 1, 1), date(2018, 4, 30), "Early 2018", "Early 2018 — January to April 2018"),
    ("mid-2020", date(2020, 5, 1), date(2020, 8, 31), "Mid 2020", "Mid 2020 — May to August 2020"),
    ("late 2016", date(2016, 9, 1), date(2016, 12, 31), "Late 2016", "Late 2016 — September to December 2016"),
    ("end of 2016", date(2016, 9, 1), date(2016, 12, 31), "Late 2016", "Late 2016 — September to December 2016"),
    ("early March 2017", date(2017, 3, 1), date(2017, 3, 10), "Early Mar 2017",
     "Early March 2017 — 1 to 10 March 2017"),
    ("late 02/2020", date(2020, 2, 21), date(2020, 2, 29), "Late Feb 2020",
     "Late February 2020 — 21 to 29 February 2020"),
    ("Mar-17", date(2017, 3, 1), date(2017, 3, 31), "Mar 2017", "March 2017 — month only"),
    ("Sept 2022", date(2022, 9, 1), date(2022, 9, 30), "Sep 2022", "September 2022 — month only"),
])
def test_dates_as_workers_write_them_are_read_as_the_range_they_mean(text, earliest, latest, shown, reading):
    value = parse_date(text, today=TODAY)
    assert (value.earliest, value.latest, value.display(), value.describe()) == (earliest, latest, shown, reading)
    assert parse_date(value.to_text(), today=TODAY) == value


@pytest.mark.parametrize("text, hint", [
    ("winter 2019", "Type winter 2019/20 for December 2019 to February 2020, or winter 2018/19"),
    ("winter 2019/21", "two years in a row"),
    ("Mar 17", "could be 17 March"),
    ("summer March 2017", "a season is part of a year"),
])
def test_ambiguous_worker_dates_are_refused_with_what_to_type(text, hint):
    with pytest.raises(DateError, match=hint):
        parse_date(text, today=TODAY)


@pytest.mark.parametrize("text, fragment", [
    ("31/02/2017", "February 2017 has 28 days"),
    ("29/02/2017", "February 2017 has 28 days"),
    ("4/13/2017", "no month 13"),
    ("yesterday", "Could not read 'yesterday'"),
    ("", "Enter a date"),
    ("14/03/1066", "outside"),
])
def test_refuses_impossible_or_unreadable_dates_with_the_reason(text, fragment):
    with pytest.raises(DateError, match=fragment):
        parse_date(text, today=TODAY)


def test_leap_day_is_accepted_in_a_leap_year():
    assert parse_date("29/02/2016", today=TODAY) == FuzzyDate(2016, 2, 29)


def test_future_date_refused_unless_planned():
    with pytest.raises(DateError, match="planned"):
        parse_date("27/11/2026", today=TODAY)
    assert parse_date("27/11/2026", today=TODAY, allow_future=True) == FuzzyDate(2026, 11, 27)
    # The current month and year may have started already: not in the future.
    assert parse_date("November 2026", today=TODAY).precision is Precision.MONTH
    assert parse_date("2026", today=TODAY).precision is Precision.YEAR


def test_editor_reading_says_what_is_known():
    assert parse_date("14/03/2017").describe() == "14 Mar 2017"
    assert parse_date("March 2017").describe() == "March 2017 — month only"
    assert parse_date("c. 2016").describe() == "c. 2016 — approximate, year only"
    assert parse_date("before 03/2017").describe() == "Before March 2017 (some time up to 28/02/2017)"


def test_ranges_of_uncertain_dates():
    month = parse_date("February 2016")
    assert (month.earliest, month.latest) == (date(2016, 2, 1), date(2016, 2, 29))
    before = parse_date("before 2017")
    assert before.earliest is None and before.latest == date(2016, 12, 31)
    after = parse_date("after 03/2017")
    assert after.earliest == date(2017, 4, 1) and after.latest is None
    approx = parse_date("c. 2016")
    assert (approx.earliest, approx.latest) == (date(2015, 1, 1), date(2017, 12, 31))


def test_sort_places_every_kind_consistently():
    texts = ["15/03/2017", "March 2017", "before 03/2017", "2017", "14/03/2017", "after 02/2017",
             "c. 2016", "01/03/2017"]
    ordered = sorted(texts, key=lambda t: parse_date(t).sort_key())
    assert ordered == ["c. 2016", "2017", "before 03/2017", "March 2017", "after 02/2017",
                       "01/03/2017", "14/03/2017", "15/03/2017"]


def test_time_and_sequence_order_events_within_a_day():
    day = parse_date("14/03/2017")
    assert day.sort_key("09:00") < day.sort_key("14:30") < day.sort_key(None)
    assert day.sort_key(None, 1) < day.sort_key(None, 2)


@pytest.mark.parametrize("text, expected", [("14:30", "14:30"), ("9.05", "09:05"), ("2pm", "14:00"),
                                            ("12am", "00:00"), ("2:30 pm", "14:30"), ("", None)])
def test_reads_times(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "14:75", "noon", "14"])
def test_refuses_bad_times(text):
    with pytest.raises(DateError):
        parse_time(text)


def test_exact_day_required_for_birth_dates():
    assert parse_exact_day("1/2/2020") == date(2020, 2, 1)
    with pytest.raises(DateError, match="full date"):
        parse_exact_day("2020")


def _fuzzy(day, precision, qualifier, part_of_year, part_of_month):
    if precision == "part of year":
        return FuzzyDate(day.year, None, None, qualifier, part_of_year)
    if precision == "part of month":
        return FuzzyDate(day.year, day.month, None, qualifier, part_of_month)
    return FuzzyDate(day.year, None if precision == "year" else day.month, day.day if precision == "day" else None,
                     qualifier)


fuzzy_dates = st.builds(
    _fuzzy, st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 11, 26)),
    st.sampled_from(["day", "month", "year", "part of year", "part of month"]), st.sampled_from(list(Qualifier)),
    st.sampled_from(sorted(PARTS_OF_YEAR)), st.sampled_from(sorted(PARTS_OF_MONTH)))


@given(fuzzy_dates)
def test_canonical_text_reads_back_to_the_same_date(value):
    assert parse_date(value.to_text(), today=TODAY, allow_future=True) == value
    assert parse_date(value.display(), today=TODAY, allow_future=True) == value


@given(fuzzy_dates, fuzzy_dates)
def test_dates_that_cannot_overlap_sort_in_order(first, second):
    if first.latest and second.earliest and first.latest < second.earliest:
        assert first.sort_key() < second.sort_key()


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2026, 11, 26)),
       st.sampled_from(["{d}/{m}/{y}", "{d:02d}.{m:02d}.{y}", "{d} {month} {y}", "{y}-{m:02d}-{d:02d}"]))
def test_day_formats_agree(day, pattern):
    import calendar
    text = pattern.format(d=day.day, m=day.month, y=day.year, month=calendar.month_name[day.month])
    assert parse_date(text, today=TODAY).nominal_start == day


@given(st.text(max_size=40))
def test_any_text_gives_a_date_or_a_clear_refusal(text):
    try:
        result = parse_date(text, today=TODAY)
    except DateError as error:
        assert str(error)
    else:
        assert isinstance(result, FuzzyDate)


@given(fuzzy_dates)
def test_stored_text_reads_back_quickly_and_identically(value):
    from chronology.dates import stored_date
    assert stored_date(value.to_text()) == value


def test_stored_date_falls_back_to_the_parser():
    from chronology.dates import stored_date
    assert stored_date("14 March 2017") == FuzzyDate(2017, 3, 14)
    with pytest.raises(DateError):
        stored_date("31/02/2017")


def _reading(text: str, allow_future: bool):
    try:
        return parse_date(text, today=TODAY, allow_future=allow_future)
    except DateError as error:
        return str(error)


@given(st.integers(0, 99), st.integers(0, 99), st.integers(0, 9999), st.booleans(), st.booleans())
@example(14, 3, 2017, False, True)
@example(31, 2, 2017, False, False)
@example(1, 1, TODAY.year + 1, False, True)
@example(1, 1, TODAY.year + 1, True, False)
@example(1, 1, 1066, False, True)
def test_a_plain_day_reads_as_it_does_through_the_whole_parser(day, month, year, allow_future, padded):
    """Day/month/four-digit year skips the searching: with a space before it, it takes the long way."""
    text = f"{day:02d}/{month:02d}/{year:04d}" if padded else f"{day}/{month}/{year:04d}"
    assert _reading(text, allow_future) == _reading(f" {text}", allow_future)
