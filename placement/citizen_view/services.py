"""The citizen's own view: their placements in plain words, and when and why their data was used."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from goals.progress import HoursPoint, Setback, SmallStep, compute_progress
from goals.progress_input import LogInput, PlanWeekInput, ProgressInput
from goals.questions import QuestionBank
from goals.rhythm import DEFAULT_INTERVAL_DAYS, SelfAssessmentRhythm
from goals.weeks import format_week
from placement.access.policy import Permission, Relation, require, sees_log_entry
from placement.access.scopes import (
    PlacementAccess,
    own_citizen_ids,
    placements_in_reach,
)
from placement.assessments.consent import ConsentState, health_consent_state
from placement.assessments.services import HEALTH_CONSENT_OBJECT, AssessmentHistory, history_for
from placement.audit.services import DataUse, data_uses, record
from placement.auth.identity import Actor
from placement.db.models import Placement, PlanWeek, SubGoal, WeeklyLog
from placement.placements.status import self_assessment_rhythm
from placement.progress.inputs import subgoal_inputs

OWN_OVERVIEW = "own_overview"
DATA_USE = "data_use"
# The page shows the latest small steps; the whole timeline is in the progress report.
RECENT_STEPS = 8


@dataclass(frozen=True, slots=True)
class StepState:
    text: str
    reached_week: str | None


@dataclass(frozen=True, slots=True)
class SubGoalState:
    """A sub-goal of the agreed plan with its small steps; next_step is the first one not reached yet."""

    id: str
    factor: str
    title: str
    target: str
    horizon: str
    due_date: dt.date | None
    steps: list[StepState]

    @property
    def next_step(self) -> str | None:
        return next((step.text for step in self.steps if step.reached_week is None), None)

    @property
    def reached(self) -> int:
        return sum(1 for step in self.steps if step.reached_week is not None)


@dataclass(frozen=True, slots=True)
class PlacementOverview:
    """One of the citizen's placements as they see it; log data comes only from entries shared with them."""

    id: uuid.UUID
    company: str
    purpose: str
    start_date: dt.date
    planned_end_date: dt.date
    ended_on: dt.date | None
    contact_person: str
    mentor_name: str
    subgoals: list[SubGoalState]
    this_week: HoursPoint | None
    small_steps: list[SmallStep]
    setbacks: list[Setback]
    history: AssessmentHistory
    sharing_health: bool
    measurement: SelfAssessmentRhythm | None
    """The next self-assessment of a running placement (PLACEMENT_SELF_ASSESSMENT_INTERVAL_DAYS after the latest)."""
    consent_undecided: bool

    @property
    def measurement_due(self) -> str | None:
        """What the citizen is asked to answer now: "first" (none yet), "again" (the next is due), or None."""
        if self.measurement is None or not self.measurement.due:
            return None
        return "first" if self.measurement.first else "again"


def measurement_rhythm(
    placement: Placement, history: AssessmentHistory, today: dt.date, interval_days: int = DEFAULT_INTERVAL_DAYS
) -> SelfAssessmentRhythm | None:
    """The citizen's next self-assessment: at the start, then interval_days after the latest; none once ended."""
    latest = max((assessment.date for assessment in history.assessments), default=None)
    return self_assessment_rhythm(placement, latest, today, interval_days)


def _subgoal_state(goal: SubGoal) -> SubGoalState:
    return SubGoalState(
        id=str(goal.id),
        factor=goal.factor,
        title=goal.title,
        target=goal.target,
        horizon=goal.horizon.value,
        due_date=goal.due_date,
        steps=[StepState(text=step.text, reached_week=step.reached_week) for step in goal.steps],
    )


async def _progress_inputs(
    db: AsyncSession, actor: Actor, placement: Placement, subgoals: list[SubGoal]
) -> tuple[list[LogInput], list[PlanWeekInput]]:
    logs = await db.scalars(
        select(WeeklyLog).where(WeeklyLog.placement_id == placement.id).options(selectinload(WeeklyLog.ratings))
    )
    known = {goal.id for goal in subgoals}
    shown = [
        LogInput(
            week=log.week,
            author_role=log.author_role.value,
            placement_hours=log.placement_hours,
            ordinary_hours=log.ordinary_hours,
            absence_hours=log.absence_hours,
            small_steps=log.small_steps,
            ratings={str(r.subgoal_id): r.rating for r in log.ratings if r.subgoal_id in known},
        )
        for log in logs
        if sees_log_entry(Relation.CITIZEN, entry_shared=log.shared, own_entry=log.author_id == actor.user_id)
    ]
    plan = await db.scalars(select(PlanWeek).where(PlanWeek.placement_id == placement.id))
    return shown, [
        PlanWeekInput(week=w.week, placement_hours=w.placement_hours, ordinary_hours_target=w.ordinary_hours_target)
        for w in plan
    ]


async def citizen_overview(
    db: AsyncSession,
    actor: Actor,
    bank: QuestionBank,
    *,
    today: dt.date,
    interval_days: int = DEFAULT_INTERVAL_DAYS,
) -> list[PlacementOverview]:
    """The citizen's placements, newest first, each read audited; nothing of any other citizen can be in reach."""
    require(actor, Permission.READ_OWN_OVERVIEW)
    placements = await db.scalars(
        placements_in_reach(actor)
        .options(selectinload(Placement.company), selectinload(Placement.subgoals).selectinload(SubGoal.steps))
        .order_by(Placement.start_date.desc())
    )
    overviews = []
    for placement in placements:
        consent_state = await health_consent_state(db, placement)
        consent = consent_state.sharing
        access = PlacementAccess(placement=placement, relation=Relation.CITIZEN, health_consent=consent)
        history = await history_for(db, bank, access)
        logs, plan = await _progress_inputs(db, actor, placement, placement.subgoals)
        progress = compute_progress(
            ProgressInput(
                start_date=placement.start_date,
                planned_end_date=placement.planned_end_date,
                today=today,
                subgoals=subgoal_inputs(placement.subgoals),
                logs=tuple(logs),
                plan=tuple(plan),
            )
        )
        week = format_week(today)
        overviews.append(
            PlacementOverview(
                id=placement.id,
                company=placement.company.name,
                purpose=placement.purpose,
                start_date=placement.start_date,
                planned_end_date=placement.planned_end_date,
                ended_on=placement.ended_on,
                contact_person=placement.contact_person,
                mentor_name=placement.mentor_name,
                subgoals=[_subgoal_state(goal) for goal in placement.subgoals],
                this_week=next((row for row in progress.hours if row.week == week), None),
                small_steps=list(reversed(progress.small_steps))[:RECENT_STEPS],
                setbacks=list(reversed(progress.setbacks))[:RECENT_STEPS],
                history=history,
                sharing_health=consent,
                measurement=measurement_rhythm(placement, history, today, interval_days),
                # Sharing is voluntary, and the service keeps no "no": the choice is offered until consent was once
                # given (a withdrawal ends the offer too).
                consent_undecided=not consent_state.history and placement.ended_on is None,
            )
        )
        await record(
            db, actor, "read", citizen_id=placement.citizen_id, object_type=OWN_OVERVIEW, object_id=placement.id
        )
    return overviews


async def my_data_uses(db: AsyncSession, actor: Actor, *, limit: int = 500) -> list[DataUse]:
    """When the citizen's data was used, newest first: by which role, what and why, never by whom by name."""
    require(actor, Permission.READ_OWN_AUDIT)
    citizen_ids = list(await db.scalars(own_citizen_ids(actor)))
    uses = [use for citizen_id in citizen_ids for use in await data_uses(db, citizen_id, limit=limit)]
    for citizen_id in citizen_ids:
        await record(db, actor, "read", citizen_id=citizen_id, object_type=DATA_USE)
    return sorted(uses, key=lambda use: use.at, reverse=True)[:limit]


async def my_consents(db: AsyncSession, actor: Actor) -> list[ConsentState]:
    """The citizen's health consent for each of their placements, newest placement first; each read is audited."""
    require(actor, Permission.READ_OWN_AUDIT)
    placements = list(await db.scalars(placements_in_reach(actor).order_by(Placement.start_date.desc())))
    states = []
    for placement in placements:
        states.append(await health_consent_state(db, placement))
        await record(
            db,
            actor,
            "read",
            citizen_id=placement.citizen_id,
            object_type=HEALTH_CONSENT_OBJECT,
            object_id=placement.id,
            purpose=DATA_USE,
        )
    return states
