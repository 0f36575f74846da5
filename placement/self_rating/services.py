"""Writing and reading the citizen's own weekly rating; a week written again is replaced as a whole."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from goals.weeks import format_week
from placement.access.policy import Permission, Relation, sees_self_rating_notes
from placement.access.scopes import PlacementAccess, placement_in_reach
from placement.audit.services import record
from placement.auth.identity import Actor
from placement.clock import Clock
from placement.db.models import Placement, SelfRating, SelfSubGoalRating, SubGoal
from placement.errors import Forbidden
from placement.logs.rules import (
    EntryProblem,
    EntryRefused,
    RatingInput,
    check_week,
    pick_week,
    rating_problems,
    text_field_problems,
)

SELF_RATING = "self_rating"
# The weeks the citizen may pick on /mig: this one and the few before it, as on the observers' form.


@dataclass(frozen=True, slots=True)
class SelfRatingInput:
    ratings: Sequence[RatingInput] = ()
    note: str = ""


async def _citizen_access(db: AsyncSession, actor: Actor, placement_id: uuid.UUID) -> PlacementAccess:
    """The placement for its own citizen: 403 for every other role, 404 for a placement outside reach."""
    access = await placement_in_reach(db, actor, placement_id, Permission.WRITE_SELF_RATING)
    if access.relation is not Relation.CITIZEN:
        raise Forbidden(
            "only the placement's citizen writes their own weekly rating",
            action=Permission.WRITE_SELF_RATING.value,
            object_type="placement",
            object_id=access.placement.id,
        )
    return access


async def write_self_rating(
    db: AsyncSession,
    actor: Actor,
    placement_id: uuid.UUID,
    week: str,
    data: SelfRatingInput,
    *,
    grace_weeks: int,
    clock: Clock,
    found: Sequence[EntryProblem] = (),
) -> tuple[SelfRating, bool]:
    """Create or replace the citizen's rating of the week, on the weekly log's week rules; True when created.

    Raises EntryRefused listing every problem (after `found`, what a form could not read), or RuleViolation for a
    week outside the placement; nothing is stored then.
    """
    access = await _citizen_access(db, actor, placement_id)
    check_week(access.placement, week, grace_weeks, clock.today())
    subgoals = set(await db.scalars(select(SubGoal.id).where(SubGoal.placement_id == access.placement.id)))
    problems = [*found, *rating_problems(data.ratings, subgoals), *text_field_problems(data.note, "note")]
    if problems:
        raise EntryRefused(problems)
    now = clock.now()
    values = {"note": data.note.strip(), "author_id": actor.user_id, "updated_at": now}
    # One upsert on the unique (placement, week), as the weekly log does: two first writes at once end as one row.
    upsert_of = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    upsert = (
        upsert_of(SelfRating)
        .values(placement_id=access.placement.id, week=week, version=1, created_at=now, **values)
        .on_conflict_do_update(
            index_elements=["placement_id", "week"], set_={**values, "version": SelfRating.version + 1}
        )
        .returning(SelfRating)
    )
    own = await db.scalar(upsert, execution_options={"populate_existing": True})
    assert own is not None
    created = own.version == 1
    if not created:
        await db.execute(delete(SelfSubGoalRating).where(SelfSubGoalRating.self_rating_id == own.id))
    rows = [
        {"self_rating_id": own.id, "subgoal_id": uuid.UUID(r.subgoal_id), "rating": r.rating, "note": r.note.strip()}
        for r in data.ratings
    ]
    if rows:
        await db.execute(insert(SelfSubGoalRating), rows)
    set_committed_value(own, "ratings", [SelfSubGoalRating(**row) for row in rows])
    await record(
        db,
        actor,
        "write",
        citizen_id=access.placement.citizen_id,
        object_type=SELF_RATING,
        object_id=own.id,
        purpose=f"own weekly rating {week}",
    )
    return own, created


async def self_ratings_of(db: AsyncSession, placement_id: uuid.UUID) -> list[SelfRating]:
    """Every week the citizen rated, newest first, with the ratings loaded; the caller checked access and audits."""
    return list(
        await db.scalars(
            select(SelfRating)
            .where(SelfRating.placement_id == placement_id)
            .options(selectinload(SelfRating.ratings))
            .order_by(SelfRating.week.desc())
        )
    )


@dataclass(frozen=True, slots=True)
class ShownSelfRating:
    """A week of the citizen's own rating as one reader may see it: the notes only where the reader may read them."""

    week: str
    ratings: dict[uuid.UUID, int]
    notes: dict[uuid.UUID, str]
    note: str
    updated_at: dt.datetime

    @classmethod
    def of(cls, row: SelfRating, relation: Relation) -> ShownSelfRating:
        notes = sees_self_rating_notes(relation)
        return cls(
            week=row.week,
            ratings={r.subgoal_id: r.rating for r in row.ratings},
            notes={r.subgoal_id: r.note for r in row.ratings if r.note} if notes else {},
            note=row.note if notes else "",
            updated_at=row.updated_at,
        )


async def read_self_ratings(db: AsyncSession, actor: Actor, placement_id: uuid.UUID) -> list[ShownSelfRating]:
    """The citizen's own ratings as this party of the placement may see them, newest week first, audited."""
    access = await placement_in_reach(db, actor, placement_id)
    await record(
        db,
        actor,
        "read",
        citizen_id=access.placement.citizen_id,
        object_type=SELF_RATING,
        object_id=access.placement.id,
        purpose="the citizen's own weekly ratings",
    )
    return [ShownSelfRating.of(row, access.relation) for row in await self_ratings_of(db, access.placement.id)]


@dataclass(frozen=True, slots=True)
class WeekChoice:
    week: str
    rated: bool


@dataclass(frozen=True, slots=True)
class GoalLine:
    id: uuid.UUID
    factor: str
    title: str
    target: str


@dataclass(frozen=True, slots=True)
class SelfRatingForm:
    """What /mig shows of one placement's own weekly rating; `week` is None when no week can be rated now.

    A week asked for that cannot be rated is `refused_week`, with its reason in `refused_kind`.
    """

    placement_id: uuid.UUID
    this_week: str
    week: str | None
    choices: list[WeekChoice]
    goals: list[GoalLine]
    saved: ShownSelfRating | None
    previous: ShownSelfRating | None
    refused_week: str | None
    refused_kind: str | None


async def self_rating_form(
    db: AsyncSession, actor: Actor, placement: Placement, week: str | None, *, grace_weeks: int, today: dt.date
) -> SelfRatingForm:
    """The citizen's form for `week` (default: the latest week that can be rated), audited as a read.

    The caller got the placement through the citizen's scope (placement.citizen_view) or _citizen_access.
    """
    this_week = format_week(today)
    pick = pick_week(placement, week, grace_weeks, today)
    recent, chosen, refused_kind = pick.recent, pick.chosen, pick.refused_kind
    rows = await self_ratings_of(db, placement.id)
    await record(
        db,
        actor,
        "read",
        citizen_id=placement.citizen_id,
        object_type=SELF_RATING,
        object_id=placement.id,
        purpose=f"own weekly rating form {chosen or ''}".strip(),
    )
    goals = [
        GoalLine(id=g.id, factor=g.factor, title=g.title, target=g.target)
        for g in await db.scalars(
            select(SubGoal).where(SubGoal.placement_id == placement.id).order_by(SubGoal.position, SubGoal.created_at)
        )
    ]
    rated = {row.week for row in rows}
    saved = next((ShownSelfRating.of(r, Relation.CITIZEN) for r in rows if r.week == chosen), None)
    previous = next(
        (ShownSelfRating.of(r, Relation.CITIZEN) for r in rows if chosen is not None and r.week < chosen), None
    )
    return SelfRatingForm(
        placement_id=placement.id,
        this_week=this_week,
        week=chosen,
        choices=[WeekChoice(week=w, rated=w in rated) for w in sorted(recent, reverse=True)],
        goals=goals,
        saved=saved,
        previous=previous,
        refused_week=week if refused_kind else None,
        refused_kind=refused_kind,
    )


async def citizen_form(
    db: AsyncSession, actor: Actor, placement_id: uuid.UUID, week: str | None, *, grace_weeks: int, today: dt.date
) -> SelfRatingForm:
    """The form of one placement for its citizen (the page shown again after a refused save)."""
    access = await _citizen_access(db, actor, placement_id)
    return await self_rating_form(db, actor, access.placement, week, grace_weeks=grace_weeks, today=today)
