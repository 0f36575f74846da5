"""ISO weeks as the strings "YYYY-Www" that logs, plans and the API use."""

from __future__ import annotations

import re
from datetime import date, timedelta

# ASCII digits only: \d would also accept digits from other scripts.
_WEEK = re.compile(r"[0-9]{4}-W[0-9]{2}")


class WeekError(ValueError):
    """A string that is not an existing ISO week in the form YYYY-Www."""


def weeks_in_year(year: int) -> int:
    """Return 52 or 53: 28 December always lies in the last ISO week of its year."""
    return date(year, 12, 28).isocalendar().week


def parse_week(week: str) -> tuple[int, int]:
    """Return (ISO year, week number) of "YYYY-Www", or raise WeekError saying what is wrong."""
    if not isinstance(week, str) or not _WEEK.fullmatch(week):
        raise WeekError(f"week {week!r} is not in the form YYYY-Www, e.g. 2026-W48")
    year, number = int(week[:4]), int(week[6:])
    if year < 1 or not 1 <= number <= weeks_in_year(year):
        raise WeekError(f'week "{week}" does not exist; use YYYY-Www')
    return year, number


def format_week(day: date) -> str:
    """Return the ISO week that contains the day, e.g. 2026-W48."""
    year, number, _ = day.isocalendar()
    return f"{year:04d}-W{number:02d}"


def week_monday(week: str) -> date:
    """Return the Monday that starts the week."""
    year, number = parse_week(week)
    return date.fromisocalendar(year, number, 1)


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weeks_between(start: date, end: date) -> list[str]:
    """Return every week from the one containing start to the one containing end; empty when end is before start."""
    if end < start:
        return []
    first, last = _monday(start), _monday(end)
    return [format_week(first + timedelta(weeks=n)) for n in range((last - first).days // 7 + 1)]


def week_index(week: str, start_date: date) -> int:
    """Return how many weeks the week lies after the week containing start_date (0 for that week itself)."""
    return (week_monday(week) - _monday(start_date)).days // 7


def add_weeks(week: str, n: int) -> str:
    """Return the week n weeks later (earlier when n is negative)."""
    try:
        return format_week(week_monday(week) + timedelta(weeks=n))
    except OverflowError as error:
        raise WeekError(f'week "{week}" plus {n} weeks lies outside the calendar') from error
