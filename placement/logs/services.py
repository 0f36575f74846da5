"""Writing and reading weekly log entries; writing the same week again updates the entry, never duplicates it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from goals.weeks import format_week
from placement.access.policy import Permission, Relation, may_write_log, sees_log_entry
from placement.access.scopes import PlacementAccess, placement_in_reach
from placement.audit.services import record
from placement.auth.identity import Actor
from placement.clock import Clock
from placement.db.models import Citizen, Company, PlanWeek, SubGoal, SubGoalRating, SubGoalStep, User, WeeklyLog
from placement.errors import Forbidden
from placement.logs.rules import (
    EntryProblem,
    EntryRefused,
    LogInput,
    check_week,
    entry_problems,
    pick_week,
    writable_weeks,
)
from placement.subgoals.services import reach_steps

# The form's week picker: this week and the few before it, which is when people catch up on a missed entry.


@dataclass(frozen=True, slots=True)
class LogEntry:
    """An entry as a reader sees it: the row with its ratings loaded, and the author's name."""

    log: WeeklyLog
    author_name: str


async def _writer_access(db: AsyncSession, actor: Actor, placement_id: uuid.UUID) -> PlacementAccess:
    """The placement for one of its log authors: 403 for a role that never writes the log, 404 outside reach."""
    access = await placement_in_reach(db, actor, placement_id, Permission.WRITE_LOG)
    if not may_write_log(access.relation):
        raise Forbidden(
            "only the consultant, the company contact and the mentor write the weekly log",
            action=Permission.WRITE_LOG.value,
            object_type="placement",
            object_id=access.placement.id,
        )
    return access


async def _subgoal_steps(
    db: AsyncSession, placement_id: uuid.UUID, data: LogInput
) -> tuple[dict[uuid.UUID, set[int]], dict[tuple[uuid.UUID, int], SubGoalStep]]:
    """The placement's sub-goals with their steps' positions, and the steps themselves when the entry ticks any."""
    if data.steps_reached:
        goals = list(
            await db.scalars(
                select(SubGoal).where(SubGoal.placement_id == placement_id).options(selectinload(SubGoal.steps))
            )
        )
        positions = {goal.id: {step.position for step in goal.steps} for goal in goals}
        return positions, {(goal.id, step.position): step for goal in goals for step in goal.steps}
    if data.ratings:
        return {goal_id: set() for goal_id in await _subgoal_ids(db, placement_id)}, {}
    return {}, {}


async def _subgoal_ids(db: AsyncSession, placement_id: uuid.UUID) -> set[uuid.UUID]:
    return set(await db.scalars(select(SubGoal.id).where(SubGoal.placement_id == placement_id)))


async def write_log(
    db: AsyncSession,
    actor: Actor,
    placement_id: uuid.UUID,
    week: str,
    data: LogInput,
    *,
    grace_weeks: int,
    clock: Clock,
    found: Sequence[EntryProblem] = (),
) -> tuple[WeeklyLog, bool]:
    """Create or update this author's entry for the week and replace its ratings; True when it was created.

    The small steps it ticks are marked reached in the week, in the same transaction (a step already reached keeps
    its first week). The entry comes back with its ratings loaded. Raises EntryRefused listing every problem of the
    body, after `found` (what the caller could not even read, such as a form's hours that are no number), or
    RuleViolation for a week outside the placement.
    """
    access = await _writer_access(db, actor, placement_id)
    check_week(access.placement, week, grace_weeks, clock.today())
    positions, steps = await _subgoal_steps(db, access.placement.id, data)
    problems = [*found, *entry_problems(data, positions, access.relation)]
    if problems:
        raise EntryRefused(problems)
    now = clock.now()
    values = {
        "placement_hours": data.placement_hours,
        "ordinary_hours": data.ordinary_hours,
        "absence_hours": data.absence_hours,
        "small_steps": data.small_steps.strip(),
        "note": data.note.strip(),
        "shared": data.shared,
        "updated_at": now,
    }
    # One upsert on the unique (placement, week, author): two first writes at once end as one row on either engine,
    # the later one updating the earlier, with no read-then-write gap in between. Version 1 means it was created.
    insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    upsert = (
        insert(WeeklyLog)
        .values(
            placement_id=access.placement.id,
            week=week,
            author_id=actor.user_id,
            author_role=actor.role,
            version=1,
            created_at=now,
            **values,
        )
        .on_conflict_do_update(
            index_elements=["placement_id", "week", "author_id"],
            set_={**values, "version": WeeklyLog.version + 1},
        )
        .returning(WeeklyLog)
    )
    log = await db.scalar(upsert, execution_options={"populate_existing": True})
    assert log is not None
    created = log.version == 1
    if not created:
        await db.execute(delete(SubGoalRating).where(SubGoalRating.log_id == log.id))
    ratings = [
        SubGoalRating(log_id=log.id, subgoal_id=uuid.UUID(item.subgoal_id), rating=item.rating, note=item.note.strip())
        for item in data.ratings
    ]
    if ratings:
        # One plain multi-row insert (ids from the column's default): the unit of work would add nothing here but
        # time under the write lock.
        await db.execute(
            insert(SubGoalRating),
            [{"log_id": r.log_id, "subgoal_id": r.subgoal_id, "rating": r.rating, "note": r.note} for r in ratings],
        )
    # The ratings just written are the entry's ratings: hand them over instead of reading them back.
    set_committed_value(log, "ratings", ratings)
    reached = [steps[uuid.UUID(step.subgoal_id), step.position] for step in data.steps_reached]
    await reach_steps(db, actor, access, reached, week=week)
    await record(
        db,
        actor,
        "write",
        citizen_id=access.placement.citizen_id,
        object_type="weekly_log",
        object_id=log.id,
        purpose=f"weekly log {week}",
    )
    return log, created


async def visible_entries(db: AsyncSession, actor: Actor, access: PlacementAccess) -> list[LogEntry]:
    """The entries this reader may see, newest week first, with their ratings and author names; not audited here."""
    rows = (
        await db.execute(
            select(WeeklyLog, User.name)
            .join(User, User.id == WeeklyLog.author_id)
            .where(WeeklyLog.placement_id == access.placement.id)
            .options(selectinload(WeeklyLog.ratings))
            .order_by(WeeklyLog.week.desc(), WeeklyLog.author_role)
        )
    ).all()
    return [
        LogEntry(log=log, author_name=name)
        for log, name in rows
        if sees_log_entry(access.relation, entry_shared=log.shared, own_entry=log.author_id == actor.user_id)
    ]


async def read_log(db: AsyncSession, actor: Actor, placement_id: uuid.UUID) -> list[LogEntry]:
    """The placement's log as this reader may see it, audited."""
    access = await placement_in_reach(db, actor, placement_id)
    await record(
        db,
        actor,
        "read",
        citizen_id=access.placement.citizen_id,
        object_type="weekly_log",
        purpose="weekly log of the placement",
    )
    return await visible_entries(db, actor, access)


# The form: what one author needs to write a week's entry in about a minute.


@dataclass(frozen=True, slots=True)
class StepLine:
    position: int
    text: str
    reached_week: str | None


@dataclass(frozen=True, slots=True)
class SubGoalLine:
    id: uuid.UUID
    factor: str
    title: str
    target: str
    steps: tuple[StepLine, ...]


@dataclass(frozen=True, slots=True)
class OwnEntry:
    """The author's own entry for one week, as plain values; ratings and notes by sub-goal id."""

    week: str
    placement_hours: float
    ordinary_hours: float
    absence_hours: float
    small_steps: str
    note: str
    shared: bool
    ratings: dict[uuid.UUID, int]
    notes: dict[uuid.UUID, str]
    updated_at: dt.datetime

    @classmethod
    def of(cls, log: WeeklyLog) -> OwnEntry:
        return cls(
            week=log.week,
            placement_hours=log.placement_hours,
            ordinary_hours=log.ordinary_hours,
            absence_hours=log.absence_hours,
            small_steps=log.small_steps,
            note=log.note,
            shared=log.shared,
            ratings={r.subgoal_id: r.rating for r in log.ratings},
            notes={r.subgoal_id: r.note for r in log.ratings if r.note},
            updated_at=log.updated_at,
        )


@dataclass(frozen=True, slots=True)
class WeekChoice:
    week: str
    logged: bool


@dataclass(frozen=True, slots=True)
class LogForm:
    """Everything the form page shows; `week` is None when no week of the placement can be written now.

    A week asked for that cannot be written is `refused_week`, with the reason in `refused_kind` (malformed or a
    WeekRefused kind), and the form falls back to the default week.
    """

    placement_id: uuid.UUID
    citizen_name: str
    company_name: str
    relation: Relation
    this_week: str
    first_week: str
    last_week: str
    week: str | None
    choices: list[WeekChoice]
    subgoals: list[SubGoalLine]
    entry: OwnEntry | None
    previous: OwnEntry | None
    planned_hours: float | None
    planned_ordinary: float | None
    refused_week: str | None
    refused_kind: str | None


async def log_form(
    db: AsyncSession,
    actor: Actor,
    placement_id: uuid.UUID,
    week: str | None,
    *,
    grace_weeks: int,
    today: dt.date,
) -> LogForm:
    """The form for `week` (default: the latest week that can be written, normally this one), audited as a read.

    403 for a role that never writes the log, 404 outside reach; a week that cannot be written is reported, not raised.
    """
    access = await _writer_access(db, actor, placement_id)
    placement = access.placement
    first, last = writable_weeks(placement, grace_weeks)
    this_week = format_week(today)
    pick = pick_week(placement, week, grace_weeks, today)
    recent, chosen, refused_kind = pick.recent, pick.chosen, pick.refused_kind
    # The placement came through the scope; its citizen's and company's names by their ids, in one round trip.
    citizen_name, company_name = (
        await db.execute(
            select(
                select(Citizen.name).where(Citizen.id == placement.citizen_id).scalar_subquery(),
                select(Company.name).where(Company.id == placement.company_id).scalar_subquery(),
            )
        )
    ).one()
    await record(
        db,
        actor,
        "read",
        citizen_id=placement.citizen_id,
        object_type="weekly_log",
        purpose=f"weekly log form {chosen or ''}".strip(),
    )
    subgoals = [
        SubGoalLine(
            id=g.id,
            factor=g.factor,
            title=g.title,
            target=g.target,
            steps=tuple(StepLine(s.position, s.text, s.reached_week) for s in g.steps),
        )
        for g in await db.scalars(
            select(SubGoal)
            .where(SubGoal.placement_id == placement.id)
            .options(selectinload(SubGoal.steps))
            .order_by(SubGoal.position, SubGoal.created_at)
        )
    ]
    own = list(
        await db.scalars(
            select(WeeklyLog)
            .where(WeeklyLog.placement_id == placement.id, WeeklyLog.author_id == actor.user_id)
            .options(selectinload(WeeklyLog.ratings))
            .order_by(WeeklyLog.week.desc())
        )
    )
    logged = {log.week for log in own}
    entry = next((OwnEntry.of(log) for log in own if log.week == chosen), None)
    previous = next((OwnEntry.of(log) for log in own if chosen is not None and log.week < chosen), None)
    plan = await db.scalar(select(PlanWeek).where(PlanWeek.placement_id == placement.id, PlanWeek.week == chosen))
    return LogForm(
        placement_id=placement.id,
        citizen_name=citizen_name,
        company_name=company_name,
        relation=access.relation,
        this_week=this_week,
        first_week=first,
        last_week=last,
        week=chosen,
        choices=[WeekChoice(week=w, logged=w in logged) for w in sorted(recent, reverse=True)],
        subgoals=subgoals,
        entry=entry,
        previous=previous,
        planned_hours=plan.placement_hours if plan else None,
        planned_ordinary=plan.ordinary_hours_target if plan else None,
        refused_week=week if refused_kind else None,
        refused_kind=refused_kind,
    )
