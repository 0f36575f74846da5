"""Writing and reading weekly log entries; writing the same week again updates the entry, never duplicates it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from goals.weeks import WeekError, add_weeks, format_week, parse_week
from placement.access.policy import Actor, Permission, Relation, may_write_log, sees_log_entry
from placement.access.scopes import PlacementAccess, placement_in_reach
from placement.audit.services import record
from placement.db.models import SubGoal, SubGoalRating, User, WeeklyLog
from placement.errors import Forbidden, InvalidInput, RuleViolation

MAX_WEEK_HOURS = 80


@dataclass(frozen=True, slots=True)
class RatingInput:
    subgoal_id: str
    rating: int
    note: str = ""


@dataclass(frozen=True, slots=True)
class LogInput:
    placement_hours: float
    ordinary_hours: float
    absence_hours: float = 0
    ratings: Sequence[RatingInput] = ()
    small_steps: str = ""
    note: str = ""
    shared: bool = True


@dataclass(frozen=True, slots=True)
class LogEntry:
    """An entry as a reader sees it."""

    log: WeeklyLog
    author_name: str


def current_week(today: dt.date | None = None) -> str:
    return format_week(today or dt.date.today())


def check_week(access: PlacementAccess, week: str, grace_weeks: int, today: dt.date | None = None) -> None:
    """A week of the placement: from its first week to its last plus the grace period, and never in the future."""
    try:
        parsed = parse_week(week)
    except WeekError as error:
        raise InvalidInput(str(error), field="week") from None
    placement = access.placement
    first = parse_week(format_week(placement.start_date))
    end = placement.ended_on or placement.planned_end_date
    last = parse_week(add_weeks(format_week(end), grace_weeks))
    if parsed > parse_week(current_week(today)):
        raise RuleViolation(f"week {week} has not happened yet", field="week")
    if parsed < first:
        raise RuleViolation(f"week {week} is before the placement started", field="week")
    if parsed > last:
        raise RuleViolation(f"week {week} is more than {grace_weeks} weeks after the placement's end", field="week")


def _check_hours(data: LogInput) -> None:
    for name in ("placement_hours", "ordinary_hours", "absence_hours"):
        value = getattr(data, name)
        if not 0 <= value <= MAX_WEEK_HOURS:
            raise InvalidInput(f"{name} must be between 0 and {MAX_WEEK_HOURS} hours a week", field=name)
    if data.placement_hours + data.absence_hours > MAX_WEEK_HOURS:
        raise InvalidInput(f"placement and absence hours together exceed {MAX_WEEK_HOURS} a week",
                           field="absence_hours")


async def _check_ratings(db: AsyncSession, access: PlacementAccess, ratings: Sequence[RatingInput]) -> list[tuple[uuid.UUID, RatingInput]]:
    ids = set(await db.scalars(select(SubGoal.id).where(SubGoal.placement_id == access.placement.id)))
    checked: list[tuple[uuid.UUID, RatingInput]] = []
    seen: set[uuid.UUID] = set()
    for index, item in enumerate(ratings):
        where = f"ratings[{index}]"
        try:
            subgoal_id = uuid.UUID(item.subgoal_id)
        except ValueError:
            subgoal_id = None
        if subgoal_id is None or subgoal_id not in ids:
            raise InvalidInput("not a sub-goal of this placement", field=f"{where}.subgoal_id")
        if subgoal_id in seen:
            raise InvalidInput("this sub-goal is rated twice in one entry", field=f"{where}.subgoal_id")
        if isinstance(item.rating, bool) or not 1 <= item.rating <= 5:
            raise InvalidInput("rating must be 1 (not started) to 5 (reached)", field=f"{where}.rating")
        if len(item.note) > 500:
            raise InvalidInput("a note is at most 500 characters", field=f"{where}.note")
        seen.add(subgoal_id)
        checked.append((subgoal_id, item))
    return checked


async def write_log(db: AsyncSession, actor: Actor, placement_id: str, week: str, data: LogInput, *,
                    grace_weeks: int, today: dt.date | None = None) -> tuple[WeeklyLog, bool]:
    """Create or update this author's entry for the week; True when it was created."""
    access = await placement_in_reach(db, actor, placement_id, Permission.WRITE_LOG)
    if not may_write_log(access.relation):
        raise Forbidden("only the consultant, the company contact and the mentor write the weekly log")
    check_week(access, week, grace_weeks, today)
    _check_hours(data)
    ratings = await _check_ratings(db, access, data.ratings)
    if not data.shared and access.relation is not Relation.CONSULTANT:
        raise InvalidInput("only the consultant keeps an entry to the jobcenter", field="shared")
    if len(data.small_steps) > 4000 or len(data.note) > 4000:
        raise InvalidInput("small_steps and note are at most 4000 characters", field="small_steps")

    entry = await _own_entry(db, access.placement.id, week, actor.user_id)
    created = entry is None
    if entry is None:
        try:
            # A savepoint: a concurrent first write by the same author wins the unique key, and this one updates it.
            async with db.begin_nested():
                entry = WeeklyLog(placement_id=access.placement.id, week=week, author_id=actor.user_id,
                                  author_role=actor.role, placement_hours=data.placement_hours,
                                  ordinary_hours=data.ordinary_hours, absence_hours=data.absence_hours,
                                  small_steps=data.small_steps.strip(), note=data.note.strip(), shared=data.shared)
                db.add(entry)
                await db.flush()
        except IntegrityError:
            entry = await _own_entry(db, access.placement.id, week, actor.user_id)
            created = False
            assert entry is not None
    if not created:
        entry.placement_hours, entry.ordinary_hours = data.placement_hours, data.ordinary_hours
        entry.absence_hours, entry.shared = data.absence_hours, data.shared
        entry.small_steps, entry.note = data.small_steps.strip(), data.note.strip()
        entry.updated_at = dt.datetime.now(dt.UTC)
        await db.execute(delete(SubGoalRating).where(SubGoalRating.log_id == entry.id))
    db.add_all(SubGoalRating(log_id=entry.id, subgoal_id=sid, rating=item.rating, note=item.note.strip())
               for sid, item in ratings)
    await db.flush()
    await record(db, actor, "write", citizen_id=access.placement.citizen_id, object_type="weekly_log",
                 object_id=entry.id, purpose=f"weekly log {week}")
    return await _reload(db, entry.id), created


async def _own_entry(db: AsyncSession, placement_id: uuid.UUID, week: str, author_id: uuid.UUID) -> WeeklyLog | None:
    return await db.scalar(select(WeeklyLog).where(WeeklyLog.placement_id == placement_id, WeeklyLog.week == week,
                                                   WeeklyLog.author_id == author_id))


async def _reload(db: AsyncSession, log_id: uuid.UUID) -> WeeklyLog:
    entry = await db.scalar(select(WeeklyLog).where(WeeklyLog.id == log_id).options(selectinload(WeeklyLog.ratings))
                            .execution_options(populate_existing=True))
    assert entry is not None
    return entry


async def visible_entries(db: AsyncSession, actor: Actor, access: PlacementAccess) -> list[LogEntry]:
    """The entries this reader may see, newest week first, with their ratings and author names."""
    rows = (await db.execute(
        select(WeeklyLog, User.name).join(User, User.id == WeeklyLog.author_id)
        .where(WeeklyLog.placement_id == access.placement.id)
        .options(selectinload(WeeklyLog.ratings))
        .order_by(WeeklyLog.week.desc(), WeeklyLog.author_role)
    )).all()
    return [LogEntry(log=log, author_name=name) for log, name in rows
            if sees_log_entry(access.relation, entry_shared=log.shared, own_entry=log.author_id == actor.user_id)]


async def read_log(db: AsyncSession, actor: Actor, placement_id: str) -> list[LogEntry]:
    access = await placement_in_reach(db, actor, placement_id)
    await record(db, actor, "read", citizen_id=access.placement.citizen_id, object_type="weekly_log",
                 purpose="weekly log of the placement")
    return await visible_entries(db, actor, access)
