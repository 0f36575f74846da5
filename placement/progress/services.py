"""Loads a placement's rows into goals' pure progress model, filtered by what the viewer may see."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from goals.progress import Progress, compute_progress
from goals.progress_input import (
    AssessmentInput,
    CaseworkerInput,
    LogInput,
    PlanWeekInput,
    ProgressInput,
    StepInput,
    SubGoalInput,
)
from goals.recommendation import Recommendation, recommend
from goals.scoring import factor_means
from goals.thresholds import Thresholds
from placement.access.policy import (
    Permission,
    Relation,
    sees_caseworker_view,
    sees_decisions,
    sees_log_entry,
    visible_citizen_factors,
)
from placement.access.scopes import PlacementAccess, placement_in_reach
from placement.assessments.talk import agreed_scores_of
from placement.audit.services import record
from placement.auth.identity import Actor
from placement.db.models import (
    Assessment,
    CaseworkerAssessment,
    Citizen,
    Company,
    Placement,
    PlacementDecision,
    PlacementStatus,
    PlanWeek,
    Role,
    SubGoal,
    SubGoalRating,
    User,
    WeeklyLog,
)


class _OfPlacement(Protocol):
    @property
    def placement_id(self) -> uuid.UUID: ...


class _LogRow(Protocol):
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


class _PlanRow(Protocol):
    @property
    def week(self) -> str: ...
    @property
    def placement_hours(self) -> float: ...
    @property
    def ordinary_hours_target(self) -> float: ...


_Row = TypeVar("_Row", bound=_OfPlacement)


@dataclass(frozen=True, slots=True)
class ProgressView:
    """Progress as one party may see it, with the placement facts a page or report shows around it."""

    placement: Placement
    citizen_name: str
    company_name: str
    consultant_name: str
    relation: Relation
    visible_factors: frozenset[str]
    shows_caseworker: bool
    subgoals: list[SubGoal]
    progress: Progress
    recommendation: Recommendation
    decisions: list[PlacementDecision]


async def progress_for(
    db: AsyncSession,
    actor: Actor,
    placement_id: uuid.UUID,
    thresholds: Thresholds,
    *,
    permission: Permission = Permission.READ_PROGRESS,
    action: str = "read",
) -> PlacementAccess:
    """The access check and the audit row for reading a placement's progress (page, API or report)."""
    access = await placement_in_reach(db, actor, placement_id, permission)
    await record(
        db,
        actor,
        action,
        citizen_id=access.placement.citizen_id,
        object_type="progress",
        object_id=access.placement.id,
        purpose="progress and recommendation",
    )
    return access


async def build_view(
    db: AsyncSession,
    access: PlacementAccess,
    viewer: Relation,
    viewer_id: uuid.UUID | None,
    thresholds: Thresholds,
    *,
    today: dt.date,
) -> ProgressView:
    """Everything the viewer may see, computed by goals; a fixed number of queries whatever the placement's size."""
    # The placement came through the scope; what the view adds to it is read by its id.
    placement = access.placement
    plan_weeks = list(
        await db.scalars(select(PlanWeek).where(PlanWeek.placement_id == placement.id).order_by(PlanWeek.week))
    )
    subgoals = list(
        await db.scalars(
            select(SubGoal)
            .where(SubGoal.placement_id == placement.id)
            .options(selectinload(SubGoal.steps))
            .order_by(SubGoal.position)
        )
    )
    citizen_name, company_name, consultant_name = (
        await db.execute(
            select(
                select(Citizen.name).where(Citizen.id == placement.citizen_id).scalar_subquery(),
                select(Company.name).where(Company.id == placement.company_id).scalar_subquery(),
                select(User.name).where(User.id == placement.consultant_id).scalar_subquery(),
            )
        )
    ).one()
    factors = visible_citizen_factors(viewer, health_consent=access.health_consent)
    shows_caseworker = sees_caseworker_view(viewer)

    logs = [
        log
        for log in await db.scalars(
            select(WeeklyLog).where(WeeklyLog.placement_id == placement.id).options(selectinload(WeeklyLog.ratings))
        )
        if sees_log_entry(viewer, entry_shared=log.shared, own_entry=log.author_id == viewer_id)
    ]
    assessments = list(
        await db.scalars(
            select(Assessment).where(Assessment.placement_id == placement.id).options(selectinload(Assessment.answers))
        )
    )
    agreed = await agreed_scores_of(db, (a.id for a in assessments))
    caseworker = (
        list(await db.scalars(select(CaseworkerAssessment).where(CaseworkerAssessment.placement_id == placement.id)))
        if shows_caseworker
        else []
    )
    # Decision reasons are the jobcenter's notes: whoever builds a view for company or mentor gets none of them.
    decisions = (
        list(
            await db.scalars(
                select(PlacementDecision)
                .where(PlacementDecision.placement_id == placement.id)
                .order_by(PlacementDecision.decided_on, PlacementDecision.created_at)
            )
        )
        if sees_decisions(viewer)
        else []
    )

    progress = compute_progress(
        _progress_input(
            placement,
            (_plan_input(w) for w in plan_weeks),
            subgoals,
            (_log_input(log, {str(r.subgoal_id): r.rating for r in log.ratings}) for log in logs),
            assessments,
            caseworker,
            factors,
            today=today,
            agreed=agreed,
        )
    )
    verdict = recommend(progress, thresholds, ended=_ended(placement))
    # The verdict itself never depends on factor scores; only a reason about a hidden factor would reveal it.
    shown = Recommendation(
        verdict=verdict.verdict,
        reasons=tuple(r for r in verdict.reasons if r.factor is None or r.factor in factors),
        decision_due=verdict.decision_due,
    )
    return ProgressView(
        placement=placement,
        citizen_name=citizen_name,
        company_name=company_name,
        consultant_name=consultant_name,
        relation=viewer,
        visible_factors=factors,
        shows_caseworker=shows_caseworker,
        subgoals=subgoals,
        progress=progress,
        recommendation=shown,
        decisions=decisions,
    )


def _progress_input(
    placement: Placement,
    plan: Iterable[PlanWeekInput],
    subgoals: Iterable[SubGoal],
    logs: Iterable[LogInput],
    assessments: Iterable[Assessment],
    caseworker: Iterable[CaseworkerAssessment],
    factors: frozenset[str],
    *,
    today: dt.date,
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
            if (scored := _assessment_input(a, factors, (agreed or {}).get(a.id))) is not None
        ),
        caseworker_assessments=tuple(
            CaseworkerInput(date=c.assessed_on, score=c.score, reason=c.reason) for c in caseworker
        ),
        logs=tuple(logs),
        plan=tuple(plan),
    )


def _log_input(log: _LogRow, ratings: dict[str, int]) -> LogInput:
    return LogInput(
        week=log.week,
        author_role=log.author_role.value,
        placement_hours=log.placement_hours,
        ordinary_hours=log.ordinary_hours,
        absence_hours=log.absence_hours,
        ratings=ratings,
        small_steps=log.small_steps,
    )


def _plan_input(week: _PlanRow) -> PlanWeekInput:
    return PlanWeekInput(
        week=week.week, placement_hours=week.placement_hours, ordinary_hours_target=week.ordinary_hours_target
    )


def _ended(placement: Placement) -> bool:
    return placement.ended_on is not None or placement.status is PlacementStatus.ENDED


async def jobcenter_recommendations(
    db: AsyncSession, placements: Sequence[Placement], thresholds: Thresholds, *, today: dt.date
) -> dict[uuid.UUID, Recommendation]:
    """The recommendation's verdict and decision_due for each placement as the jobcenter's progress page gives them,
    in a fixed number of queries however many placements. The caller got the placements from a scope and audits the
    read.

    The verdict reads the sub-goal ratings, the hours and the plan only (goals.recommendation: the citizen's scores
    and F are reasons to talk about, never a change of verdict), so no assessment is loaded for it; the reasons,
    which do name factors, are the progress page's.
    """
    ids = [placement.id for placement in placements]
    plan = _by_placement(
        await db.execute(
            select(PlanWeek.placement_id, PlanWeek.week, PlanWeek.placement_hours, PlanWeek.ordinary_hours_target)
            .where(PlanWeek.placement_id.in_(ids))
            .order_by(PlanWeek.week)
        )
    )
    subgoals = _by_placement(
        await db.scalars(
            select(SubGoal)
            .where(SubGoal.placement_id.in_(ids))
            .options(selectinload(SubGoal.steps))
            .order_by(SubGoal.position)
        )
    )
    # Plain rows, not entities, and each log with its ratings in one query: only these columns reach the model.
    logs: defaultdict[uuid.UUID, dict[uuid.UUID, _LogRow]] = defaultdict(dict)
    ratings: defaultdict[uuid.UUID, dict[str, int]] = defaultdict(dict)
    for row in await db.execute(
        select(
            WeeklyLog.id,
            WeeklyLog.placement_id,
            WeeklyLog.week,
            WeeklyLog.author_role,
            WeeklyLog.placement_hours,
            WeeklyLog.ordinary_hours,
            WeeklyLog.absence_hours,
            WeeklyLog.small_steps,
            SubGoalRating.subgoal_id,
            SubGoalRating.rating,
        )
        .outerjoin(SubGoalRating, SubGoalRating.log_id == WeeklyLog.id)
        .where(WeeklyLog.placement_id.in_(ids))
    ):
        logs[row.placement_id][row.id] = row
        if row.subgoal_id is not None:
            ratings[row.id][str(row.subgoal_id)] = row.rating
    return {
        p.id: recommend(
            compute_progress(
                _progress_input(
                    p,
                    (_plan_input(w) for w in plan[p.id]),
                    subgoals[p.id],
                    (_log_input(log, ratings[log_id]) for log_id, log in logs[p.id].items()),
                    assessments=(),
                    caseworker=(),
                    factors=frozenset(),
                    today=today,
                )
            ),
            thresholds,
            ended=_ended(p),
        )
        for p in placements
    }


def _by_placement(rows: Iterable[_Row]) -> defaultdict[uuid.UUID, list[_Row]]:
    grouped: defaultdict[uuid.UUID, list[_Row]] = defaultdict(list)
    for row in rows:
        grouped[row.placement_id].append(row)
    return grouped


def _assessment_input(
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
