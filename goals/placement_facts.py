"""One placement's facts for management information, computed from its progress (goals.progress); the definitions.

- A sub-goal is *reached* when the best rating of the latest week it was rated in is 5 (the scale's "reached"): a
  later setback undoes it.
- A placement *reached ordinary hours* when some logged week has ordinary hours above 0 and at least that week's
  planned ordinary-hours target (a week without a target asks only for some ordinary hours). Its *hours at the end*
  are the ordinary hours of its last logged week.
- A factor's *change* is the latest score minus the first (A–E the citizen's self-assessment, F the consultant's own
  rating, kept apart); one score or none is no change, never 0.
- *Weeks logged*: the distinct weeks of the placement's period with an entry; *weeks due*: its weeks up to today's.
- Evidence bands are fixed thirds of the possible change (−4 to +4): fell (below −4/3), about the same, rose (above
  +4/3). Fixed bands say the same in every period and scope, and no band edge is itself one citizen's value, as a
  tertile of a small group would be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from goals.bounds import RATING_MAX
from goals.factors import CITIZEN_FACTOR_CODES
from goals.progress import HoursPoint, Progress, ScorePoint, SubGoalSeries, attendance
from goals.weeks import format_week, week_index

CASEWORKER_FACTOR_CODE = "F"
ALL_FACTOR_CODES = (*CITIZEN_FACTOR_CODES, CASEWORKER_FACTOR_CODE)
# Placement length bands in weeks: (key, last week); the last band has no end.
LENGTH_BANDS: tuple[tuple[str, int | None], ...] = (("1-4", 4), ("5-8", 8), ("9-13", 13), ("14-26", 26), ("27+", None))
EVIDENCE_BANDS = ("low", "middle", "high")
# The edges of the evidence bands: a third of the possible change (−4 to +4) on either side of no change.
EVIDENCE_EDGE = 4 / 3


def length_weeks(start: dt.date, end: dt.date) -> int:
    """A placement's length in whole weeks, counting a begun week (13 weeks from a Wednesday are 13, not 14)."""
    return max(1, -(-((end - start).days + 1) // 7))


def length_band(start: dt.date, end: dt.date) -> str:
    """The band of a placement from start to end by its length in weeks."""
    weeks = length_weeks(start, end)
    for key, last in LENGTH_BANDS:
        if last is None or weeks <= last:
            return key
    raise AssertionError("the last band is open")  # pragma: no cover


def evidence_band(change: float) -> str:
    if change < -EVIDENCE_EDGE:
        return "low"
    if change > EVIDENCE_EDGE:
        return "high"
    return "middle"


def factor_change(points: Sequence[ScorePoint]) -> float | None:
    """Latest minus first score (the points sorted by date, as goals.progress gives them); None below two scores."""
    if len(points) < 2:
        return None
    return round(points[-1].score - points[0].score, 2)


def subgoal_reached(series: SubGoalSeries) -> bool:
    if not series.ratings:
        return False
    latest = max(point.week for point in series.ratings)
    return max(point.rating for point in series.ratings if point.week == latest) >= RATING_MAX


def ordinary_hours_reached(hours: Iterable[HoursPoint]) -> bool:
    return any(
        row.ordinary_hours is not None and row.ordinary_hours > 0 and row.ordinary_hours >= (row.ordinary_target or 0)
        for row in hours
    )


def last_ordinary_hours(hours: Sequence[HoursPoint]) -> float | None:
    logged = [row.ordinary_hours for row in hours if row.ordinary_hours is not None]
    return logged[-1] if logged else None


def week_number(day: dt.date) -> int:
    """A running number of the week that holds `day` (Mondays since year 1): a placement's weeks due are
    min(end, today) − start + 1 of these, none before it starts (placement.insights.queries sums them)."""
    return (day.toordinal() - day.weekday() - 1) // 7


@dataclass(frozen=True, slots=True)
class WeekFacts:
    """One week of a placement, numbered from 1 (the week it starts in); None where nothing was planned or logged."""

    index: int
    planned_ordinary_hours: float | None
    ordinary_hours: float | None
    placement_hours: float | None


@dataclass(frozen=True, slots=True)
class PlacementFacts:
    """What management information needs of one placement's course."""

    subgoal_factors: frozenset[str]
    subgoals: int
    subgoals_reached: int
    changes: Mapping[str, float | None]
    ordinary_reached: bool
    last_ordinary_hours: float | None
    hours_attended: float
    hours_planned: float
    weeks_logged: int
    weeks: tuple[WeekFacts, ...]


def placement_facts(progress: Progress, *, end: dt.date) -> PlacementFacts:
    """The facts of one placement; `end` is the day it ended, or is planned to end."""
    attended, planned = attendance(progress.hours)
    changes = {code: factor_change(progress.factors.get(code, [])) for code in CITIZEN_FACTOR_CODES}
    changes[CASEWORKER_FACTOR_CODE] = factor_change(progress.caseworker)
    first, last = format_week(progress.start_date), format_week(end)
    weeks = tuple(
        WeekFacts(
            index=week_index(row.week, progress.start_date) + 1,
            planned_ordinary_hours=row.ordinary_target,
            ordinary_hours=row.ordinary_hours,
            placement_hours=row.placement_hours,
        )
        for row in progress.hours
        if first <= row.week <= last and (row.ordinary_hours is not None or row.ordinary_target is not None)
    )
    return PlacementFacts(
        subgoal_factors=frozenset(series.factor for series in progress.subgoals),
        subgoals=len(progress.subgoals),
        subgoals_reached=sum(subgoal_reached(series) for series in progress.subgoals),
        changes=changes,
        ordinary_reached=ordinary_hours_reached(progress.hours),
        last_ordinary_hours=last_ordinary_hours(progress.hours),
        hours_attended=attended,
        hours_planned=planned,
        weeks_logged=sum(1 for week in progress.logged_weeks if first <= week <= last),
        weeks=weeks,
    )
