"""The signals the recommendation reads off progress: data enough, the rise of ratings and hours, attendance, time."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from goals.bounds import RATING_MIN
from goals.progress import Progress
from goals.weeks import week_index


def _elapsed(progress: Progress, week: str) -> int:
    # A week's log describes its end, so the start week counts as one week in. A log dated before the start counts
    # as the first week: every point must lie after the anchor for the slope to grow with every value.
    return max(1, week_index(week, progress.start_date) + 1)


def _anchored_slope(points: Iterable[tuple[int, float]]) -> float | None:
    """Least-squares slope of a line through (0, 0), the start at its baseline.

    A free least-squares slope falls when an early value rises, so a citizen who started well would look worse.
    Through the anchor every value adds with a positive weight, so a better value never lowers the slope.
    """
    pairs = list(points)
    if not pairs:
        return None
    return math.fsum(x * y for x, y in pairs) / math.fsum(x * x for x, _ in pairs)


@dataclass(frozen=True, slots=True)
class Signals:
    logged_weeks: int
    rating_points: int
    rating_means: dict[str, float]
    """The mean sub-goal rating of each rated week, in week order."""
    rating_slope: float | None
    ordinary_slope: float | None
    attendance_rate: float | None
    period_share: float


def _weekly_rating_means(progress: Progress) -> dict[str, float]:
    ratings: dict[str, list[int]] = defaultdict(list)
    for series in progress.subgoals:
        for point in series.ratings:
            ratings[point.week].append(point.rating)
    return {week: math.fsum(values) / len(values) for week, values in sorted(ratings.items())}


def read_signals(progress: Progress) -> Signals:
    """The numbers the rule reads off progress."""
    means = _weekly_rating_means(progress)
    ordinary = [(row.week, row.ordinary_hours) for row in progress.hours if row.ordinary_hours is not None]
    return Signals(
        logged_weeks=len(progress.logged_weeks),
        rating_means=means,
        rating_points=sum(len(series.ratings) for series in progress.subgoals),
        rating_slope=_anchored_slope((_elapsed(progress, week), mean - RATING_MIN) for week, mean in means.items()),
        ordinary_slope=_anchored_slope((_elapsed(progress, week), hours) for week, hours in ordinary),
        attendance_rate=progress.attendance_rate,
        period_share=progress.weeks_used / progress.weeks_planned,
    )
