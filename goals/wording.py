"""Numbers, weeks and dates as the recommendation's sentences write them: Danish and English forms."""

from __future__ import annotations

import datetime as dt

MONTHS_DA = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def number_da(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def number_en(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}"


def percent(share: float) -> str:
    """A share as Danish writes it, with a space before the sign: 80 %."""
    return f"{round(share * 100)} %"


def percent_en(share: float) -> str:
    return f"{round(share * 100)}%"


def week_no(week: str) -> int:
    """The number of an ISO week ("2026-W48" is 48)."""
    return int(week.rsplit("W", 1)[-1])


def date_da(day: dt.date) -> str:
    """1. december 2026."""
    return f"{day.day}. {MONTHS_DA[day.month - 1]} {day.year}"


def date_en(day: dt.date) -> str:
    """1 December 2026."""
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
