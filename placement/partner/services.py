"""The company contact's and mentor's placements with their own weekly logs, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from goals.weeks import add_weeks, format_week, parse_week
from placement.access.policy import Permission, require
from placement.access.scopes import placement_ids_in_reach, placements_in_reach
from placement.audit.services import record
from placement.auth.identity import Actor
from placement.clock import copenhagen_date
from placement.db.models import Assessment, Citizen, Company, Placement, PlacementMember, SubGoal, WeeklyLog
from placement.logs.rules import writable_weeks

PARTNER_START = "partner_start"


@dataclass(frozen=True, slots=True)
class StepLine:
    text: str
    reached_week: str | None


@dataclass(frozen=True, slots=True)
class GoalLine:
    factor: str
    title: str
    target: str
    steps: list[StepLine]


@dataclass(frozen=True, slots=True)
class PartnerPlacement:
    """One placement as its company contact or mentor starts from it; weeks are this person's own entries.

    `this_week` is the week to log now, None when the logging window does not hold it (`not_started`, or closed);
    `missing` are the earlier weeks of the window this person has not logged since they joined, oldest first.
    """

    id: uuid.UUID
    citizen: str
    company: str
    status: str
    start_date: dt.date
    planned_end_date: dt.date
    first_week: str
    last_week: str
    this_week: str | None
    this_week_logged: bool
    not_started: bool
    missing: list[str]
    goals: list[GoalLine]
    assessments: list[tuple[uuid.UUID, dt.date]]


def _window_weeks(first: str, last: str, today: dt.date) -> list[str]:
    """The weeks of the logging window that have begun, oldest first."""
    newest = min(parse_week(format_week(today)), parse_week(last))
    weeks, week = [], first
    while parse_week(week) <= newest:
        weeks.append(week)
        week = add_weeks(week, 1)
    return weeks


async def my_placements(db: AsyncSession, actor: Actor, *, grace_weeks: int, today: dt.date) -> list[PartnerPlacement]:
    """The placements the person is a party of, newest first, each read audited; another party's are out of reach."""
    require(actor, Permission.READ_OWN_PLACEMENTS)
    rows = (
        await db.execute(
            placements_in_reach(actor)
            .add_columns(Citizen.name, Company.name)
            .join(Citizen, Citizen.id == Placement.citizen_id)
            .join(Company, Company.id == Placement.company_id)
            .order_by(Placement.start_date.desc())
        )
    ).all()
    mine = placement_ids_in_reach(actor)
    logged: dict[uuid.UUID, set[str]] = defaultdict(set)
    for placement_id, week in await db.execute(
        select(WeeklyLog.placement_id, WeeklyLog.week).where(
            WeeklyLog.placement_id.in_(mine), WeeklyLog.author_id == actor.user_id
        )
    ):
        logged[placement_id].add(week)
    # Weeks before the person joined the placement are not theirs to log: a mentor invited in week 8 owes no week 1.
    joined = {
        placement_id: format_week(copenhagen_date(created_at))
        for placement_id, created_at in await db.execute(
            select(PlacementMember.placement_id, PlacementMember.created_at).where(
                PlacementMember.user_id == actor.user_id
            )
        )
    }
    goals: dict[uuid.UUID, list[GoalLine]] = defaultdict(list)
    for goal in await db.scalars(
        select(SubGoal)
        .where(SubGoal.placement_id.in_(mine))
        .options(selectinload(SubGoal.steps))
        .order_by(SubGoal.position, SubGoal.created_at)
    ):
        steps = [StepLine(step.text, step.reached_week) for step in sorted(goal.steps, key=lambda s: s.position)]
        goals[goal.placement_id].append(GoalLine(goal.factor, goal.title, goal.target, steps))
    assessments: dict[uuid.UUID, list[tuple[uuid.UUID, dt.date]]] = defaultdict(list)
    for assessment_id, placement_id, on in await db.execute(
        select(Assessment.id, Assessment.placement_id, Assessment.assessed_on)
        .where(Assessment.placement_id.in_(mine))
        .order_by(Assessment.assessed_on.desc())
    ):
        assessments[placement_id].append((assessment_id, on))
    this_week = format_week(today)
    result = []
    for placement, citizen, company in rows:
        first, last = writable_weeks(placement, grace_weeks)
        window = _window_weeks(first, last, today)
        current = this_week if this_week in window else None
        done = logged[placement.id]
        result.append(
            PartnerPlacement(
                id=placement.id,
                citizen=citizen,
                company=company,
                status=placement.status.value,
                start_date=placement.start_date,
                planned_end_date=placement.planned_end_date,
                first_week=first,
                last_week=last,
                this_week=current,
                this_week_logged=current in done,
                not_started=parse_week(this_week) < parse_week(first),
                missing=[
                    week
                    for week in window
                    if week != current
                    and week not in done
                    and parse_week(week) >= parse_week(joined.get(placement.id, week))
                ],
                goals=goals[placement.id],
                assessments=assessments[placement.id],
            )
        )
        await record(
            db, actor, "read", citizen_id=placement.citizen_id, object_type=PARTNER_START, object_id=placement.id
        )
    return result
