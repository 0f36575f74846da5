"""ISO weeks as YYYY-Www strings: parsing, formatting and arithmetic across year boundaries."""

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goals.weeks import WeekError, add_weeks, format_week, parse_week, week_index, week_monday, weeks_between

# Keep away from the calendar's edges so that a few weeks either side always exist.
DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
PROPERTY = settings(max_examples=200, deadline=None)


def test_a_week_parses_into_year_and_number():
    assert parse_week("2026-W48") == (2026, 48)
    assert parse_week("2026-W01") == (2026, 1)


def test_2026_has_a_week_53_and_2027_does_not():
    assert parse_week("2026-W53") == (2026, 53)
    with pytest.raises(WeekError) as error:
        parse_week("2027-W53")
    assert str(error.value) == 'week "2027-W53" does not exist; use YYYY-Www'


@pytest.mark.parametrize("week", ["2026-W54", "2026-W00", "0000-W01"])
def test_a_week_outside_its_year_is_refused_with_a_clear_message(week):
    with pytest.raises(WeekError, match=f'week "{week}" does not exist; use YYYY-Www'):
        parse_week(week)


@pytest.mark.parametrize(
    "text", ["2026-w48", "2026-W4", "26-W48", " 2026-W48", "2026-W48\n", "2026W48", "2026-48", "", "٢٠٢٦-W48"]
)
def test_anything_but_the_strict_form_is_refused(text):
    with pytest.raises(WeekError, match="YYYY-Www"):
        parse_week(text)


def test_a_week_that_is_not_a_string_is_refused():
    with pytest.raises(WeekError):
        parse_week(202648)


def test_week_error_is_a_value_error():
    assert issubclass(WeekError, ValueError)


def test_new_years_day_can_belong_to_the_previous_or_the_next_iso_year():
    assert format_week(date(2027, 1, 1)) == "2026-W53"
    assert format_week(date(2024, 12, 30)) == "2025-W01"
    assert format_week(date(2026, 11, 26)) == "2026-W48"


def test_the_monday_of_a_week():
    assert week_monday("2026-W53") == date(2026, 12, 28)
    assert week_monday("2026-W01") == date(2025, 12, 29)


def test_weeks_between_includes_the_weeks_of_both_ends_and_week_53():
    assert weeks_between(date(2026, 12, 24), date(2027, 1, 6)) == ["2026-W52", "2026-W53", "2027-W01"]


def test_weeks_between_two_days_of_one_week_is_that_week():
    assert weeks_between(date(2026, 11, 23), date(2026, 11, 29)) == ["2026-W48"]


def test_weeks_between_is_empty_when_the_end_is_before_the_start():
    assert weeks_between(date(2026, 11, 25), date(2026, 11, 24)) == []


def test_week_index_counts_from_the_week_of_the_start():
    start = date(2026, 12, 30)  # a Wednesday in 2026-W53
    assert week_index("2026-W53", start) == 0
    assert week_index("2027-W01", start) == 1
    assert week_index("2026-W52", start) == -1


def test_add_weeks_crosses_year_boundaries_with_and_without_week_53():
    assert add_weeks("2026-W52", 1) == "2026-W53"
    assert add_weeks("2026-W52", 2) == "2027-W01"
    assert add_weeks("2027-W52", 1) == "2028-W01"
    assert add_weeks("2027-W01", -1) == "2026-W53"
    assert add_weeks("2026-W48", 0) == "2026-W48"


def test_add_weeks_beyond_the_calendar_is_a_week_error():
    with pytest.raises(WeekError, match="outside the calendar"):
        add_weeks("9999-W52", 1)


@PROPERTY
@given(DAYS)
def test_a_formatted_week_parses_back_and_starts_on_or_before_the_day(day):
    week = format_week(day)
    assert parse_week(week) == (day.isocalendar().year, day.isocalendar().week)
    monday = week_monday(week)
    assert monday.weekday() == 0
    assert monday <= day < monday + timedelta(days=7)


@PROPERTY
@given(DAYS, st.integers(-300, 300))
def test_adding_weeks_moves_the_week_index_by_as_many_and_can_be_undone(start, n):
    week = add_weeks(format_week(start), n)
    assert week_index(week, start) == n
    assert add_weeks(week, -n) == format_week(start)


@PROPERTY
@given(DAYS, st.integers(0, 3000))
def test_weeks_between_lists_each_week_once_in_order(start, days):
    end = start + timedelta(days=days)
    weeks = weeks_between(start, end)
    assert weeks[0] == format_week(start)
    assert weeks[-1] == format_week(end)
    assert all(add_weeks(a, 1) == b for a, b in itertools.pairwise(weeks))
    assert weeks == sorted(weeks)
