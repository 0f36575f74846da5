"""Progress of one placement from plain inputs: factor scores, sub-goal ratings, hours, small steps, disagreements."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from itertools import combinations, pairwise

from goals.factors import CITIZEN_FACTOR_CODES
from goals.progress_input import (
    ROLE_RANK,
    ROLES,
    AssessmentInput,
    CaseworkerInput,
    LogInput,
    PlanWeekInput,
    ProgressInput,
    SelfRatingInput,
    StepInput,
    SubGoalInput,
)
from goals.weeks import format_week, week_monday, weeks_between

# The inputs are part of this module's public face: callers build a ProgressInput and hand it to compute_progress.
__all__ = [
    "CITIZEN_ROLE",
    "DISAGREEMENT_GAP",
    "HOURS_PREFERENCE",
    "ROLES",
    "AssessmentInput",
    "CaseworkerInput",
    "Disagreement",
    "HoursPoint",
    "LogInput",
    "PlanWeekInput",
    "Progress",
    "ProgressInput",
    "RatingPoint",
    "ScorePoint",
    "SelfRatingInput",
    "Setback",
    "SmallStep",
    "StepInput",
    "StepKind",
    "SubGoalInput",
    "SubGoalSeries",
    "attendance",
    "compute_progress",
]

# The company contact sees attendance first-hand, the consultant and the mentor mostly hear of it. The citizen's own
# entry carries ratings and words; the hours of record come from the observers.
HOURS_PREFERENCE = ("company_contact", "consultant", "mentor")
DISAGREEMENT_GAP = 2
# The citizen's own weekly rating is their own line beside the observers': compared with each of them for
# disagreements, never counted as a small step, a setback or a signal of the recommendation (those read the observers).
CITIZEN_ROLE = "citizen"


class StepKind(StrEnum):
    """What kind of small step a timeline entry shows."""

    STEP_REACHED = "step_reached"
    RATING_ROSE = "rating_rose"
    ORDINARY_HOURS_ROSE = "ordinary_hours_rose"
    OBSERVED = "observed"


_KIND_RANK = {kind: rank for rank, kind in enumerate(StepKind)}


@dataclass(frozen=True, slots=True)
class ScorePoint:
    """A score at a date; `agreed` is the score citizen and consultant agreed on in the conversation, if any."""

    date: date
    score: float
    agreed: int | None = None


@dataclass(frozen=True, slots=True)
class RatingPoint:
    """One author's rating of a sub-goal in one week."""

    week: str
    author_role: str
    rating: int


@dataclass(frozen=True, slots=True)
class SubGoalSeries:
    """A sub-goal with every observer's rating, by week and then role, and the citizen's own ratings by week."""

    id: str
    factor: str
    title: str
    ratings: list[RatingPoint]
    own_ratings: list[RatingPoint] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class HoursPoint:
    """Planned and logged hours of one week; None where nothing was planned or logged, never a made-up 0.

    hours_from names the role whose entry gave the logged hours (see HOURS_PREFERENCE).
    """

    week: str
    planned: float | None
    placement_hours: float | None
    ordinary_hours: float | None
    ordinary_target: float | None
    absence_hours: float | None
    hours_from: str | None


@dataclass(frozen=True, slots=True)
class SmallStep:
    """One entry of the small-steps timeline; before and after hold the numbers of a rise, text says it in short."""

    week: str
    kind: StepKind
    subgoal_id: str | None
    text: str
    seen_by: str | None
    before: float | None = None
    after: float | None = None


@dataclass(frozen=True, slots=True)
class Setback:
    """A sub-goal rating that fell from one logged week to the next for one observer (fremgang eller tilbageskridt):
    part of the story, never counted as a small step."""

    week: str
    subgoal_id: str
    seen_by: str
    before: int
    after: int


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Two authors who rated the same sub-goal in the same week at least DISAGREEMENT_GAP steps apart; one of them may
    be the citizen (their own rating), who then comes second."""

    week: str
    subgoal_id: str
    roles: tuple[str, str]
    ratings: tuple[int, int]
    gap: int


@dataclass(frozen=True, slots=True)
class Progress:
    """The placement's progress; F (caseworker) stays apart from the citizen's own factors A–E."""

    factors: dict[str, list[ScorePoint]]
    caseworker: list[ScorePoint]
    subgoals: list[SubGoalSeries]
    hours: list[HoursPoint]
    small_steps: list[SmallStep]
    setbacks: list[Setback]
    disagreements: list[Disagreement]
    weeks_used: int
    weeks_planned: int
    attendance_rate: float | None
    start_date: date
    logged_weeks: list[str]


def _mean(values: list[float]) -> float | None:
    # fsum is exactly rounded, so the result does not depend on the order the entries arrived in.
    return math.fsum(values) / len(values) if values else None


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


def attendance(hours: Iterable[HoursPoint]) -> tuple[float, float]:
    """Return (attended, planned) placement hours summed over the weeks that have both a plan and a logged figure."""
    pairs = [(row.placement_hours, row.planned) for row in hours if row.placement_hours is not None]
    rows = [(attended, planned) for attended, planned in pairs if planned is not None]
    return math.fsum(attended for attended, _ in rows), math.fsum(planned for _, planned in rows)


def _factor_series(assessments: Iterable[AssessmentInput]) -> dict[str, list[ScorePoint]]:
    series: dict[str, list[ScorePoint]] = {code: [] for code in CITIZEN_FACTOR_CODES}
    for assessment in assessments:
        for code, score in assessment.scores.items():
            series[code].append(ScorePoint(assessment.date, score, assessment.agreed.get(code)))
    return {code: sorted(points, key=lambda p: (p.date, p.score)) for code, points in series.items()}


def _subgoal_series(inp: ProgressInput) -> list[SubGoalSeries]:
    points: dict[str, list[RatingPoint]] = {subgoal.id: [] for subgoal in inp.subgoals}
    for log in inp.logs:
        for subgoal_id, rating in log.ratings.items():
            # A rating of a sub-goal that is no longer in the plan has no series to join.
            if subgoal_id in points:
                points[subgoal_id].append(RatingPoint(log.week, log.author_role, rating))
    own: dict[str, list[RatingPoint]] = {subgoal.id: [] for subgoal in inp.subgoals}
    for entry in inp.self_ratings:
        for subgoal_id, rating in entry.ratings.items():
            if subgoal_id in own:
                own[subgoal_id].append(RatingPoint(entry.week, CITIZEN_ROLE, rating))
    return [
        SubGoalSeries(
            id=subgoal.id,
            factor=subgoal.factor,
            title=subgoal.title,
            ratings=sorted(points[subgoal.id], key=lambda p: (p.week, ROLE_RANK[p.author_role], p.rating)),
            own_ratings=sorted(own[subgoal.id], key=lambda p: p.week),
        )
        for subgoal in inp.subgoals
    ]


def _hours(inp: ProgressInput) -> list[HoursPoint]:
    plan = {week.week: week for week in inp.plan}
    entries: dict[tuple[str, str], list[LogInput]] = defaultdict(list)
    for log in inp.logs:
        entries[log.week, log.author_role].append(log)
    edges = [format_week(inp.start_date), format_week(inp.planned_end_date), *plan]
    logged = [log.week for log in inp.logs]
    # Up to the current week, but never hide a week someone logged.
    last = max([min(max(edges), format_week(inp.today)), *logged])
    first = min(edges + logged)
    rows = []
    for week in weeks_between(week_monday(first), week_monday(last)):
        planned = plan.get(week)
        role = next((role for role in HOURS_PREFERENCE if entries.get((week, role))), None)
        chosen = entries[week, role] if role else []
        rows.append(
            HoursPoint(
                week=week,
                planned=planned.placement_hours if planned else None,
                placement_hours=_mean([log.placement_hours for log in chosen]),
                ordinary_hours=_mean([log.ordinary_hours for log in chosen]),
                ordinary_target=planned.ordinary_hours_target if planned else None,
                absence_hours=_mean([log.absence_hours for log in chosen]),
                hours_from=role,
            )
        )
    return rows


def _best_by_role(series: SubGoalSeries) -> dict[str, dict[str, int]]:
    # Several authors of one role in a week (two mentors, say) count as that role's best rating of the week.
    best: dict[str, dict[str, int]] = defaultdict(dict)
    for point in series.ratings:
        weekly = best[point.author_role]
        weekly[point.week] = max(weekly.get(point.week, point.rating), point.rating)
    return best


def _rating_falls(series: SubGoalSeries) -> list[Setback]:
    falls = []
    for role, weekly in _best_by_role(series).items():
        for previous, week in pairwise(sorted(weekly)):
            if weekly[week] < weekly[previous]:
                falls.append(Setback(week, series.id, role, weekly[previous], weekly[week]))
    return falls


def _rating_rises(series: SubGoalSeries) -> list[SmallStep]:
    best = _best_by_role(series)
    steps = []
    for role, weekly in best.items():
        weeks = sorted(weekly)
        for previous, week in pairwise(weeks):
            before, after = weekly[previous], weekly[week]
            if after > before:
                text = f"{before} → {after}"
                steps.append(SmallStep(week, StepKind.RATING_ROSE, series.id, text, role, before, after))
    return steps


def _small_steps(inp: ProgressInput, series: list[SubGoalSeries], hours: list[HoursPoint]) -> list[SmallStep]:
    steps = [step for one in series for step in _rating_rises(one)]
    for subgoal in inp.subgoals:
        for step in sorted(subgoal.steps, key=lambda s: s.position):
            if step.reached_week is not None:
                steps.append(
                    SmallStep(step.reached_week, StepKind.STEP_REACHED, subgoal.id, step.text, step.reached_by_role)
                )
    logged = [(row, row.ordinary_hours) for row in hours if row.ordinary_hours is not None]
    for (_, before), (row, after) in pairwise(logged):
        if after > before:
            text = f"{_number(before)} → {_number(after)}"
            steps.append(SmallStep(row.week, StepKind.ORDINARY_HOURS_ROSE, None, text, row.hours_from, before, after))
    for log in inp.logs:
        if log.small_steps.strip():
            steps.append(SmallStep(log.week, StepKind.OBSERVED, None, log.small_steps.strip(), log.author_role))
    subgoal_rank = {subgoal.id: rank for rank, subgoal in enumerate(inp.subgoals)}
    return sorted(
        steps,
        key=lambda s: (
            s.week,
            _KIND_RANK[s.kind],
            subgoal_rank.get(s.subgoal_id or "", len(subgoal_rank)),
            ROLE_RANK.get(s.seen_by or "", len(ROLES)),
            s.text,
        ),
    )


def _disagreements(series: list[SubGoalSeries]) -> list[Disagreement]:
    found = []
    for one in series:
        by_week: dict[str, list[RatingPoint]] = defaultdict(list)
        for point in one.ratings:
            by_week[point.week].append(point)
        pairs = [pair for points in by_week.values() for pair in combinations(points, 2)]
        # The citizen's own view against each observer of the same week: flagged like any disagreement.
        pairs += [(observer, own) for own in one.own_ratings for observer in by_week.get(own.week, ())]
        for a, b in pairs:
            gap = abs(a.rating - b.rating)
            if gap >= DISAGREEMENT_GAP:
                found.append(Disagreement(a.week, one.id, (a.author_role, b.author_role), (a.rating, b.rating), gap))
    rank = {one.id: index for index, one in enumerate(series)}
    return sorted(found, key=lambda d: (d.week, rank[d.subgoal_id], [ROLE_RANK[r] for r in d.roles], d.ratings))


def compute_progress(inp: ProgressInput) -> Progress:
    """Return the progress of one placement; the same input always gives the same output, whatever its order."""
    series = _subgoal_series(inp)
    hours = _hours(inp)
    attended, planned = attendance(hours)
    subgoal_rank = {one.id: rank for rank, one in enumerate(series)}
    return Progress(
        factors=_factor_series(inp.assessments),
        caseworker=sorted(
            (ScorePoint(one.date, one.score) for one in inp.caseworker_assessments), key=lambda p: (p.date, p.score)
        ),
        subgoals=series,
        hours=hours,
        small_steps=_small_steps(inp, series, hours),
        setbacks=sorted(
            (fall for one in series for fall in _rating_falls(one)),
            key=lambda f: (f.week, subgoal_rank[f.subgoal_id], ROLE_RANK.get(f.seen_by, len(ROLES))),
        ),
        disagreements=_disagreements(series),
        weeks_used=len(weeks_between(inp.start_date, min(inp.today, inp.planned_end_date))),
        weeks_planned=len(weeks_between(inp.start_date, inp.planned_end_date)),
        attendance_rate=attended / planned if planned > 0 else None,
        start_date=inp.start_date,
        logged_weeks=sorted({log.week for log in inp.logs}),
    )
