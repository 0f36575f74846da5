"""The caseload with its alerts and each placement's recommendation, in a fixed number of queries whatever its size."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from goals.agreement import missing_to_start
from goals.handover import DEFAULT_OWN_VIEW_DAYS
from goals.rhythm import DEFAULT_INTERVAL_DAYS
from goals.thresholds import Thresholds
from goals.weeks import add_weeks, format_week, weeks_between
from placement.access.policy import Permission, require
from placement.access.scopes import open_placement_ids_in_reach, placements_in_reach
from placement.assessments.handover import own_views_due
from placement.audit.services import record_many
from placement.auth.identity import Actor
from placement.db.models import (
    Assessment,
    Citizen,
    Company,
    Placement,
    PlacementStatus,
    Role,
    SubGoalRating,
    WeeklyLog,
)
from placement.placements.status import self_assessment_rhythm
from placement.progress.services import jobcenter_recommendations

NEAR_END_DAYS = 14
STALL_WEEKS = 3
LOGGING_ROLES = (Role.COMPANY_CONTACT, Role.MENTOR, Role.CONSULTANT)


@dataclass
class CaseRow:
    """One placement of the caseload and what needs attention."""

    placement_id: uuid.UUID
    citizen: str
    company: str
    status: str
    week_no: int
    weeks_total: int
    planned_end: dt.date
    verdict: str
    this_week: str
    missing_logs: list[str] = field(default_factory=list)
    stalled: bool = False
    near_end: bool = False
    no_follow_up: bool = False
    decision_due: bool = False
    """The planned period is used up: the decision on extending or ending is due."""
    self_assessment_due_on: dt.date | None = None
    """When the citizen's next self-assessment is due at the latest; None when none is asked for."""
    self_assessment_late: bool = False
    # What the agreement lacks of what a start needs (purpose, tasks, contact_person): the law asks for them.
    agreement_missing: list[str] = field(default_factory=list)
    # After a handover: the day by which the consultant who took the case over gives their own F, while not given.
    own_view_due_on: dt.date | None = None
    own_view_late: bool = False

    @property
    def logged_by_me(self) -> bool:
        """The consultant's own entry for this week is written (only a running placement asks for one)."""
        return self.status == PlacementStatus.ACTIVE.value and Role.CONSULTANT.value not in self.missing_logs

    @property
    def attention(self) -> int:
        return (
            len(self.missing_logs)
            + 2 * self.stalled
            + 2 * self.near_end
            + self.no_follow_up
            + 2 * self.decision_due
            + self.self_assessment_late
            + bool(self.agreement_missing)
            + (self.own_view_due_on is not None)
            + self.own_view_late
        )


async def caseload(
    db: AsyncSession,
    actor: Actor,
    thresholds: Thresholds,
    *,
    today: dt.date,
    interval_days: int = DEFAULT_INTERVAL_DAYS,
    own_view_days: int = DEFAULT_OWN_VIEW_DAYS,
    target_group: str | None = None,
) -> list[CaseRow]:
    """The open placements of the caseload, of one target group (a checked key) if given; in the same queries."""
    require(actor, Permission.READ_CASELOAD)
    this_week = format_week(today)
    stall_from = add_weeks(this_week, -(STALL_WEEKS - 1))
    mine = open_placement_ids_in_reach(actor)
    statement = (
        placements_in_reach(actor)
        .where(Placement.status != PlacementStatus.ENDED)
        .add_columns(Citizen.name, Company.name)
        .join(Citizen, Citizen.id == Placement.citizen_id)
        .join(Company, Company.id == Placement.company_id)
    )
    if target_group is not None:
        statement = statement.where(Citizen.target_group == target_group)
    rows = (await db.execute(statement)).all()
    logged = defaultdict(set)
    for placement_id, role in await db.execute(
        select(WeeklyLog.placement_id, WeeklyLog.author_role).where(
            WeeklyLog.placement_id.in_(mine), WeeklyLog.week == this_week
        )
    ):
        logged[placement_id].add(role)
    movement: dict[uuid.UUID, tuple[int, bool]] = {}
    for placement_id, weeks, moved in await db.execute(
        select(
            WeeklyLog.placement_id,
            func.count(func.distinct(WeeklyLog.week)),
            func.max(SubGoalRating.rating) - func.min(SubGoalRating.rating),
        )
        .join(SubGoalRating, SubGoalRating.log_id == WeeklyLog.id)
        .where(WeeklyLog.placement_id.in_(mine), WeeklyLog.week >= stall_from, WeeklyLog.week <= this_week)
        .group_by(WeeklyLog.placement_id, SubGoalRating.subgoal_id, WeeklyLog.author_role)
    ):
        seen_weeks, any_move = movement.get(placement_id, (0, False))
        movement[placement_id] = (max(seen_weeks, int(weeks)), any_move or bool(moved))
    # The date of each placement's latest self-assessment: one query, whatever the caseload's size.
    latest_self_assessment: dict[uuid.UUID, dt.date] = {
        row.placement_id: row.latest
        for row in await db.execute(
            select(Assessment.placement_id, func.max(Assessment.assessed_on).label("latest"))
            .where(Assessment.placement_id.in_(mine))
            .group_by(Assessment.placement_id)
        )
    }
    recommendations = await jobcenter_recommendations(
        db, [placement for placement, _, _ in rows], thresholds, today=today
    )
    owed = await own_views_due(db, [placement for placement, _, _ in rows], today=today, days=own_view_days)
    result = []
    for placement, citizen, company in rows:
        total = len(weeks_between(placement.start_date, placement.planned_end_date))
        current = len(weeks_between(placement.start_date, today)) if today >= placement.start_date else 0
        weeks_seen, moved = movement.get(placement.id, (0, False))
        active = placement.status is PlacementStatus.ACTIVE
        recommendation = recommendations[placement.id]
        rhythm = self_assessment_rhythm(placement, latest_self_assessment.get(placement.id), today, interval_days)
        result.append(
            CaseRow(
                placement_id=placement.id,
                citizen=citizen,
                company=company,
                status=placement.status.value,
                week_no=min(current, total),
                weeks_total=total,
                planned_end=placement.planned_end_date,
                verdict=recommendation.verdict.value,
                this_week=this_week,
                missing_logs=[r.value for r in LOGGING_ROLES if r not in logged[placement.id]] if active else [],
                stalled=active and weeks_seen >= STALL_WEEKS and not moved,
                near_end=0 <= (placement.planned_end_date - today).days <= NEAR_END_DAYS,
                no_follow_up=placement.follow_up_date is None or placement.follow_up_date < today,
                decision_due=recommendation.decision_due,
                self_assessment_due_on=rhythm.due_on if rhythm else None,
                self_assessment_late=rhythm is not None and rhythm.late,
                agreement_missing=missing_to_start(
                    purpose=placement.purpose, tasks=placement.tasks, contact_person=placement.contact_person
                ),
                own_view_due_on=owed[placement.id].due_on if placement.id in owed else None,
                own_view_late=placement.id in owed and owed[placement.id].late,
            )
        )
    await record_many(
        db,
        actor,
        "list",
        citizen_ids=[p.citizen_id for p, _, _ in rows],
        object_type="caseload",
        purpose="the consultant's overview",
    )
    return sorted(result, key=lambda row: (-row.attention, row.planned_end))
