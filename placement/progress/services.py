"""Loads a placement's rows into goals' pure progress model, filtered by what the viewer may see."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from goals.progress import Progress, compute_progress
from goals.progress_input import (
    SelfRatingInput,
)
from goals.recommendation import Recommendation, recommend
from goals.thresholds import Thresholds
from placement.access.policy import (
    Permission,
    Relation,
    sees_caseworker_view,
    sees_decisions,
    sees_log_entry,
    sees_self_rating_notes,
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
    PlanWeek,
    SubGoal,
    SubGoalRating,
    User,
    WeeklyLog,
)
from placement.progress.inputs import LogRow, is_ended, log_input, plan_input, progress_input
from placement.self_rating.services import self_ratings_of


class _OfPlacement(Protocol):
    @property
    def placement_id(self) -> uuid.UUID: ...


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
    own_notes: list[tuple[str, str]]
    """The citizen's own words on each week they rated, for the jobcenter and the citizen only (empty for others)."""


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

    # The citizen's own ratings are about sub-goals of the shared plan: every party sees them (their notes stay out).
    own_rows = await self_ratings_of(db, placement.id)
    own = tuple(
        SelfRatingInput(week=row.week, ratings={str(r.subgoal_id): r.rating for r in row.ratings}) for row in own_rows
    )
    progress = compute_progress(
        progress_input(
            placement,
            (plan_input(w) for w in plan_weeks),
            subgoals,
            (log_input(log, {str(r.subgoal_id): r.rating for r in log.ratings}) for log in logs),
            assessments,
            caseworker,
            factors,
            today=today,
            self_ratings=own,
            agreed=agreed,
        )
    )
    verdict = recommend(progress, thresholds, ended=is_ended(placement))
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
        own_notes=[(row.week, row.note) for row in own_rows if row.note] if sees_self_rating_notes(viewer) else [],
    )


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
    logs: defaultdict[uuid.UUID, dict[uuid.UUID, LogRow]] = defaultdict(dict)
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
                progress_input(
                    p,
                    (plan_input(w) for w in plan[p.id]),
                    subgoals[p.id],
                    (log_input(log, ratings[log_id]) for log_id, log in logs[p.id].items()),
                    assessments=(),
                    caseworker=(),
                    factors=frozenset(),
                    today=today,
                )
            ),
            thresholds,
            ended=is_ended(p),
        )
        for p in placements
    }


def _by_placement(rows: Iterable[_Row]) -> defaultdict[uuid.UUID, list[_Row]]:
    grouped: defaultdict[uuid.UUID, list[_Row]] = defaultdict(list)
    for row in rows:
        grouped[row.placement_id].append(row)
    return grouped
