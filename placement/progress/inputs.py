"""A placement's rows as goals' progress model reads them: the sub-goals, logs, plan, assessments and F."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from typing import Protocol

from goals.progress_input import (
    AssessmentInput,
    CaseworkerInput,
    LogInput,
    PlanWeekInput,
    ProgressInput,
    SelfRatingInput,
    StepInput,
    SubGoalInput,
)
from goals.scoring import factor_means
from placement.db.models import Assessment, CaseworkerAssessment, Placement, PlacementStatus, Role, SubGoal


class LogRow(Protocol):
    """A weekly log entry, or a row of its columns: what goals' model reads of it."""

    @property
    def week(self) -> str: ...
    @property
    def author_role(self) -> Role: ...
    @property
    def placement_hours(self) -> float: ...
    @property
    def ordinary_hours(self) -> float: ...
    @property
    def absence_hours(self) -> float: ...
    @property
    def small_steps(self) -> str: ...


class PlanRow(Protocol):
    @property
    def week(self) -> str: ...
    @property
    def placement_hours(self) -> float: ...
    @property
    def ordinary_hours_target(self) -> float: ...


def progress_input(
    placement: Placement,
    plan: Iterable[PlanWeekInput],
    subgoals: Iterable[SubGoal],
    logs: Iterable[LogInput],
    assessments: Iterable[Assessment],
    caseworker: Iterable[CaseworkerAssessment],
    factors: frozenset[str],
    *,
    today: dt.date,
    self_ratings: tuple[SelfRatingInput, ...] = (),
    agreed: Mapping[uuid.UUID, Mapping[str, int]] | None = None,
) -> ProgressInput:
    """One placement's rows (already filtered for the viewer) as goals' progress model reads them."""
    return ProgressInput(
        start_date=placement.start_date,
        planned_end_date=placement.planned_end_date,
        today=today,
        subgoals=subgoal_inputs(subgoals),
        assessments=tuple(
            scored
            for a in assessments
            if (scored := assessment_input(a, factors, (agreed or {}).get(a.id))) is not None
        ),
        caseworker_assessments=tuple(
            CaseworkerInput(date=c.assessed_on, score=c.score, reason=c.reason) for c in caseworker
        ),
        logs=tuple(logs),
        plan=tuple(plan),
        self_ratings=self_ratings,
    )


def log_input(log: LogRow, ratings: dict[str, int]) -> LogInput:
    return LogInput(
        week=log.week,
        author_role=log.author_role.value,
        placement_hours=log.placement_hours,
        ordinary_hours=log.ordinary_hours,
        absence_hours=log.absence_hours,
        ratings=ratings,
        small_steps=log.small_steps,
    )


def plan_input(week: PlanRow) -> PlanWeekInput:
    return PlanWeekInput(
        week=week.week, placement_hours=week.placement_hours, ordinary_hours_target=week.ordinary_hours_target
    )


def is_ended(placement: Placement) -> bool:
    return placement.ended_on is not None or placement.status is PlacementStatus.ENDED


def assessment_input(
    assessment: Assessment, factors: frozenset[str], agreed: Mapping[str, int] | None = None
) -> AssessmentInput | None:
    """Scores per factor from the stored factor codes: the mean of the answered items, missing factors left out;
    the agreed score beside it where the conversation agreed one, of the factors this viewer sees only."""
    scores = factor_means((a.factor, a.value) for a in assessment.answers if a.factor in factors)
    shown = {code: value for code, value in (agreed or {}).items() if code in scores}
    return AssessmentInput(date=assessment.assessed_on, scores=scores, agreed=shown) if scores else None


def subgoal_inputs(subgoals: Iterable[SubGoal]) -> tuple[SubGoalInput, ...]:
    """The sub-goals and their small steps as goals' progress model reads them."""
    return tuple(
        SubGoalInput(
            id=str(goal.id),
            factor=goal.factor,
            title=goal.title,
            steps=tuple(
                StepInput(
                    text=step.text,
                    position=step.position,
                    reached_week=step.reached_week,
                    reached_by_role=step.reached_by_role.value if step.reached_by_role else None,
                )
                for step in goal.steps
            ),
        )
        for goal in subgoals
    )
