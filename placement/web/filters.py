"""Display formatters, the same on every page and in the PDF: registered as Jinja filters, usable from view models.

Numbers and dates as people write them in the reader's language: 7,5 timer and 3,5 in Danish, "uge 48",
"1. december 2026" (English: 7.5, "week 48", "1 December 2026"); percentages come worded from goals.wording.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from babel.dates import format_date, format_interval, format_time
from babel.numbers import format_decimal

from goals.factors import get_factor
from goals.weeks import parse_week, week_monday
from placement.clock import COPENHAGEN

# The day, the month in words and the year: "1. december 2026", "1 December 2026".
DATE_PATTERNS = {"da": "d. MMMM y", "en": "d MMMM y"}


def date_text(day: dt.date | str | None, lang: str) -> str:
    """1. december 2026 / 1 December 2026; an ISO date string (as a report's data holds it) too; blank for no date."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day) if day else None
    return format_date(day, DATE_PATTERNS.get(lang, DATE_PATTERNS["da"]), locale=lang) if day else ""


def short_date(day: dt.date | str, lang: str) -> str:
    """A day without its year, for a chart's axis: 1. dec. / 1 Dec."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return format_date(day, "d. MMM" if lang == "da" else "d MMM", locale=lang)


def time_text(at: dt.datetime, lang: str) -> str:
    """A moment in Danish time, to the minute: 1. december 2026 kl. 14.05 / 1 December 2026, 14:05."""
    local = at.astimezone(COPENHAGEN)
    clock = format_time(local, "HH.mm" if lang == "da" else "HH:mm", locale=lang)
    return (
        f"{date_text(local.date(), lang)} kl. {clock}" if lang == "da" else f"{date_text(local.date(), lang)}, {clock}"
    )


def hours_text(value: float, lang: str) -> str:
    """Hours as people write them: 7,5 in Danish, 7.5 in English, 12 without decimals."""
    return format_decimal(value, "0.##", locale=lang)


def score_text(value: float, lang: str) -> str:
    """A score with one or two decimals: 3,5 in Danish, 3.5 in English."""
    return format_decimal(value, "0.0#", locale=lang)


def week_number(week: str) -> int:
    return parse_week(week)[1]


def week_text(week: str, lang: str) -> str:
    """An ISO week ("2026-W48") as people say it: "uge 48" / "week 48"."""
    return f"{'uge' if lang == 'da' else 'week'} {week_number(week)}"


def week_dates(week: str, lang: str) -> str:
    """Monday to Sunday of the week, e.g. 16.–22. nov."""
    monday = week_monday(week)
    return format_interval(monday, monday + dt.timedelta(days=6), "MMMd", locale=lang)


def monday_text(week: str, lang: str) -> str:
    """The date of the week's Monday, to read beside the week number; blank for a malformed week."""
    try:
        return date_text(week_monday(week), lang)
    except ValueError:
        return ""


def factor_name(code: str, lang: str) -> str:
    factor = get_factor(code)
    return factor.name_da if lang == "da" else factor.name_en


def sentence(text: str) -> str:
    """A text typed by a person, ended as a sentence, so that the reader sees where it stops: "Møder til tiden."."""
    text = (text or "").strip()
    return text if not text or text[-1] in '.!?:»"”' else text + "."


def keep_together(text: str) -> str:
    """A short phrase that must not break over two lines ("7. september", "uge 48"): its spaces made no-break."""
    return (text or "").replace(" ", "\u00a0")


# Each filter takes the value and the page's language: {{ day | date(lang) }}, {{ "C" | factor_name(lang) }}.
FILTERS: dict[str, Callable[..., Any]] = {
    "date": date_text,
    "time": time_text,
    "hours": hours_text,
    "score": score_text,
    "short_date": short_date,
    "week": week_text,
    "week_no": week_number,
    "week_dates": week_dates,
    "monday": monday_text,
    "factor_name": factor_name,
    "sentence": sentence,
    "keep": keep_together,
}
