"""Calibration: how far two observer roles' ratings of the same sub-goal in the same week lie apart, per month.

Each comparison is one rating by one role beside one rating by the other role of the same sub-goal in the same ISO
week. Per role pair and month: how many comparisons, of how many distinct citizens, their mean absolute difference
in scale steps, and the share that lie two steps or more apart (the disagreements worth talking about). A pair and
month with fewer distinct citizens than the threshold is suppressed: every figure is None, its citizen count too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from goals.weeks import format_week, parse_week

# The domain's line: observers two steps or more apart on the same sub-goal disagree, and the service says so.
DISAGREEMENT_STEPS = 2


@dataclass(frozen=True, slots=True)
class Comparison:
    """`count` comparisons of one citizen in one pair and month whose ratings lie `difference` steps apart."""

    pair: str
    month: str  # YYYY-MM
    citizen: Hashable
    difference: int  # the sign is ignored: only how far apart counts
    count: int = 1


@dataclass(frozen=True, slots=True)
class Agreement:
    pair: str
    month: str
    suppressed: bool
    citizens: int | None = None
    compared: int | None = None
    mean_absolute_difference: float | None = None
    two_step_share: float | None = None


@dataclass(slots=True)
class _Sums:
    compared: int = 0
    steps: int = 0
    two_steps: int = 0


def agreement(
    comparisons: Iterable[Comparison],
    *,
    suppress_below: int,
    pairs: Sequence[str] | None = None,
    months: Sequence[str] | None = None,
) -> list[Agreement]:
    """One Agreement per pair and month (every combination), pairs outer, months inner, in the order given (or sorted).

    With `pairs` and `months` given, every combination gets a row (one without comparisons is suppressed, having no
    citizens) and comparisons outside them are left out.
    """
    sums: dict[tuple[str, str], _Sums] = {}
    citizens: dict[tuple[str, str], set[Hashable]] = {}
    for row in comparisons:
        if row.count <= 0:
            continue
        key = (row.pair, row.month)
        total = sums.setdefault(key, _Sums())
        steps = abs(row.difference)
        total.compared += row.count
        total.steps += steps * row.count
        if steps >= DISAGREEMENT_STEPS:
            total.two_steps += row.count
        citizens.setdefault(key, set()).add(row.citizen)
    pair_order = list(pairs) if pairs is not None else sorted({pair for pair, _ in sums})
    month_order = list(months) if months is not None else sorted({month for _, month in sums})
    rows = []
    for pair in pair_order:
        for month in month_order:
            key = (pair, month)
            seen = len(citizens.get(key, ()))
            found = sums.get(key)
            if found is None or seen < suppress_below:
                rows.append(Agreement(pair=pair, month=month, suppressed=True))
                continue
            rows.append(
                Agreement(
                    pair=pair,
                    month=month,
                    suppressed=False,
                    citizens=seen,
                    compared=found.compared,
                    mean_absolute_difference=found.steps / found.compared,
                    two_step_share=found.two_steps / found.compared,
                )
            )
    return rows


def month_of_week(week: str) -> str:
    """The month ("YYYY-MM") an ISO week "YYYY-Www" belongs to: the one holding its Thursday, as ISO counts weeks."""
    year, number = parse_week(week)
    thursday = dt.date.fromisocalendar(year, number, 4)
    return f"{thursday.year:04d}-{thursday.month:02d}"


def months_between(first: dt.date, last: dt.date) -> list[str]:
    """Every month ("YYYY-MM") from the one holding `first` to the one holding `last`; empty when last is before."""
    found = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def weeks_of_months(first: dt.date, last: dt.date) -> tuple[str, str]:
    """The first and last ISO week that belong to the months from the one holding `first` to the one holding `last`.

    As strings "YYYY-Www", which sort as the weeks do, so that a query can take the weeks between them. When no week
    belongs to the months (last before first) the first week returned lies after the last.
    """
    start = first.replace(day=1)
    end = _last_day(last)
    # A week belongs to the month of its Thursday: the first such Thursday on or after the start, the last on or before
    # the end.
    first_thursday = start + dt.timedelta(days=(3 - start.weekday()) % 7)
    last_thursday = end - dt.timedelta(days=(end.weekday() - 3) % 7)
    return format_week(first_thursday), format_week(last_thursday)


def _last_day(day: dt.date) -> dt.date:
    following = (
        day.replace(year=day.year + 1, month=1, day=1) if day.month == 12 else day.replace(month=day.month + 1, day=1)
    )
    return following - dt.timedelta(days=1)
