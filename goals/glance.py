"""How each sub-goal stands at a glance: where it started, where it is now, whether it is reached and who saw it.

A week's level is the middle of the observers' ratings that week (the lower middle for an even count), so one
generous or strict observer does not decide it alone; the ratings of each observer stay visible beside it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from statistics import median_low

from goals.progress import SubGoalSeries
from goals.progress_input import ROLE_RANK

REACHED = 5


@dataclass(frozen=True, slots=True)
class SubGoalStatus:
    subgoal_id: str
    start: int | None
    now: int | None
    first_week: str | None
    latest_week: str | None
    latest: tuple[tuple[str, int], ...]  # (role, rating) in the latest rated week, in role order

    @property
    def reached(self) -> bool:
        return self.now is not None and self.now >= REACHED

    @property
    def moved(self) -> int:
        return (self.now or 0) - (self.start or 0) if self.start is not None else 0


def status_of(series: SubGoalSeries) -> SubGoalStatus:
    by_week: dict[str, dict[str, int]] = defaultdict(dict)
    for point in series.ratings:
        ratings = by_week[point.week]
        ratings[point.author_role] = max(ratings.get(point.author_role, point.rating), point.rating)
    if not by_week:
        return SubGoalStatus(series.id, None, None, None, None, ())
    first, latest = min(by_week), max(by_week)
    ordered = tuple(sorted(by_week[latest].items(), key=lambda item: ROLE_RANK.get(item[0], len(ROLE_RANK))))
    return SubGoalStatus(
        subgoal_id=series.id,
        start=median_low(by_week[first].values()),
        now=median_low(by_week[latest].values()),
        first_week=first,
        latest_week=latest,
        latest=ordered,
    )
