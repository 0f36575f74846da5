"""Sub-goals of a placement and their small steps: every read and change goes through the scope, audited."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from goals.bounds import MAX_NAME_LENGTH, MAX_STEP_LENGTH, MAX_SUBGOAL_STEPS, MAX_SUBGOALS, MAX_TARGET_LENGTH
from goals.factors import CITIZEN_FACTOR_CODES
from goals.library import focus_order
from goals.questions import QuestionBank
from goals.weeks import WeekError, format_week, parse_week
from placement.access.policy import Permission, may_write_log
from placement.access.scopes import PlacementAccess, placement_in_reach
from placement.assessments.services import scored_assessments
from placement.audit.services import record
from placement.auth.identity import Actor
from placement.concurrency import stale_check
from placement.db.models import Horizon, SubGoal, SubGoalStep
from placement.errors import Checks, Forbidden, InvalidInput, NotFound, RuleViolation
from placement.placements.services import changed_purpose, refuse_when_ended, required_text


@dataclass(frozen=True, slots=True)
class FactorFocus:
    """A citizen factor as the sub-goal form proposes it: the latest self-score (None when never answered)."""

    code: str
    score: float | None
    scored_on: dt.date | None
    proposed: bool


def _factor(code: str) -> str:
    if code not in CITIZEN_FACTOR_CODES:
        raise InvalidInput("factor must be one of A, B, C, D, E (F is the consultant's own rating)", field="factor")
    return code


def _horizon(value: str) -> Horizon:
    try:
        return Horizon(value)
    except ValueError:
        raise InvalidInput("horizon must be short or long", field="horizon") from None


def _steps(checks: Checks, steps: Sequence[str]) -> list[SubGoalStep]:
    if len(steps) > MAX_SUBGOAL_STEPS:
        checks.add(InvalidInput(f"at most {MAX_SUBGOAL_STEPS} small steps per sub-goal", field="steps"))
        return []
    texts = [checks.take(required_text, text, f"steps[{i}]", MAX_STEP_LENGTH) for i, text in enumerate(steps)]
    return [SubGoalStep(position=i, text=text or "") for i, text in enumerate(texts)]


async def add_subgoal(
    db: AsyncSession,
    actor: Actor,
    placement_id: uuid.UUID,
    *,
    factor: str,
    title: str,
    target: str,
    horizon: str,
    due_date: dt.date | None,
    steps: Sequence[str],
) -> SubGoal:
    """A sub-goal tied to one citizen factor A–E, with its small steps in order, after the placement's others."""
    access = await placement_in_reach(db, actor, placement_id, Permission.EDIT_PLACEMENT)
    refuse_when_ended(access.placement, "factor")
    checks = Checks()
    goal = SubGoal(
        placement_id=access.placement.id,
        factor=checks.take(_factor, factor),
        title=checks.take(required_text, title, "title", MAX_NAME_LENGTH),
        target=checks.take(required_text, target, "target", MAX_TARGET_LENGTH),
        horizon=checks.take(_horizon, horizon),
        due_date=due_date,
    )
    goal.steps = _steps(checks, steps)
    checks.done()
    count = await db.scalar(
        select(func.count()).select_from(SubGoal).where(SubGoal.placement_id == access.placement.id)
    )
    if (count or 0) >= MAX_SUBGOALS:
        raise RuleViolation(f"a placement has at most {MAX_SUBGOALS} sub-goals", field="title")
    last = await db.scalar(select(func.max(SubGoal.position)).where(SubGoal.placement_id == access.placement.id))
    goal.position = 0 if last is None else last + 1
    db.add(goal)
    await db.flush()
    await record(db, actor, "create", citizen_id=access.placement.citizen_id, object_type="subgoal", object_id=goal.id)
    return goal


async def list_subgoals(db: AsyncSession, actor: Actor, placement_id: uuid.UUID) -> list[SubGoal]:
    """Every party of the placement reads the agreed sub-goals, B's included; audited."""
    access = await placement_in_reach(db, actor, placement_id)
    await record(
        db,
        actor,
        "read",
        citizen_id=access.placement.citizen_id,
        object_type="subgoal",
        purpose="sub-goals of the placement",
    )
    return list(
        await db.scalars(
            select(SubGoal)
            .where(SubGoal.placement_id == access.placement.id)
            .options(selectinload(SubGoal.steps))
            .order_by(SubGoal.position)
        )
    )


async def _subgoal_of(
    db: AsyncSession, access: PlacementAccess, subgoal_id: uuid.UUID, *, for_update: bool = False
) -> SubGoal:
    """A sub-goal of this very placement; one of another placement is a 404 like a missing id."""
    query = (
        select(SubGoal)
        .where(SubGoal.id == subgoal_id, SubGoal.placement_id == access.placement.id)
        .options(selectinload(SubGoal.steps))
    )
    goal = await db.scalar(query.with_for_update() if for_update else query)
    if goal is None:
        raise NotFound()
    return goal


def subgoal_values(goal: SubGoal) -> dict[str, str]:
    return {
        "title": goal.title,
        "target": goal.target,
        "horizon": goal.horizon.value,
        "due_date": goal.due_date.isoformat() if goal.due_date else "",
    }


async def update_subgoal(
    db: AsyncSession,
    actor: Actor,
    placement_id: uuid.UUID,
    subgoal_id: uuid.UUID,
    *,
    version: int,
    title: str | None,
    target: str | None,
    horizon: str | None,
    due_date: dt.date | None,
    seen: Mapping[str, str] | None = None,
) -> SubGoal:
    access = await placement_in_reach(db, actor, placement_id, Permission.EDIT_PLACEMENT)
    goal = await _subgoal_of(db, access, subgoal_id, for_update=True)
    sent = {
        name: value
        for name, value in (
            ("title", title),
            ("target", target),
            ("horizon", horizon),
            ("due_date", due_date.isoformat() if due_date else None),
        )
        if value is not None
    }
    stale_check(
        "sub-goal", sent=version, current=goal.version, stored=subgoal_values(goal), sent_values=sent, seen=seen
    )
    refuse_when_ended(access.placement, "If-Match")
    checks = Checks()
    clean_title = checks.take(required_text, title, "title", MAX_NAME_LENGTH) if title is not None else None
    clean_target = checks.take(required_text, target, "target", MAX_TARGET_LENGTH) if target is not None else None
    clean_horizon = checks.take(_horizon, horizon) if horizon is not None else None
    checks.done()
    if clean_title is not None:
        goal.title = clean_title
    if clean_target is not None:
        goal.target = clean_target
    if clean_horizon is not None:
        goal.horizon = clean_horizon
    if due_date is not None:
        goal.due_date = due_date
    await db.flush()
    await record(
        db,
        actor,
        "update",
        citizen_id=access.placement.citizen_id,
        object_type="subgoal",
        object_id=goal.id,
        purpose=changed_purpose(sent),
    )
    return goal


async def mark_step_reached(
    db: AsyncSession,
    actor: Actor,
    placement_id: uuid.UUID,
    subgoal_id: uuid.UUID,
    position: int,
    *,
    week: str,
    today: dt.date,
) -> SubGoal:
    """A small step seen reached in `week` (from the placement's first week to this one), by the consultant, the
    company contact or the mentor. A step already reached keeps the week and the observer who saw it first."""
    access = await placement_in_reach(db, actor, placement_id)
    if not may_write_log(access.relation):
        raise Forbidden(
            "only the consultant, the company contact and the mentor mark small steps",
            action="mark_small_step",
            object_type="placement",
            object_id=access.placement.id,
        )
    try:
        parsed = parse_week(week)
    except WeekError as error:
        raise InvalidInput(str(error), field="week") from None
    first, current = format_week(access.placement.start_date), format_week(today)
    if not parse_week(first) <= parsed <= parse_week(current):
        raise InvalidInput(
            f"week must lie between the placement's first week {first} and this week {current}", field="week"
        )
    goal = await _subgoal_of(db, access, subgoal_id)
    step = next((s for s in goal.steps if s.position == position), None)
    if step is None:
        raise NotFound()
    await reach_steps(db, actor, access, [step], week=week)
    return goal


async def reach_steps(
    db: AsyncSession, actor: Actor, access: PlacementAccess, steps: Iterable[SubGoalStep], *, week: str
) -> None:
    """Loaded steps of the placement's sub-goals, seen reached in `week` (checked by the caller) by `actor`, whom the
    caller let mark them (policy.may_write_log). A step already reached keeps the week and the observer who saw it
    first; each sub-goal that changed is audited once."""
    pending = [step.id for step in steps if step.reached_week is None]
    if not pending:
        return
    # Only a step nobody has reached yet changes, decided in the database: of two observers ticking the same step at
    # once, the first to commit is kept and the other changes nothing (the session's steps follow the change).
    changed = await db.scalars(
        update(SubGoalStep)
        .where(SubGoalStep.id.in_(pending), SubGoalStep.reached_week.is_(None))
        .values(reached_week=week, reached_by_role=actor.role)
        .returning(SubGoalStep.subgoal_id),
        execution_options={"synchronize_session": "fetch"},
    )
    for subgoal_id in dict.fromkeys(changed):
        await record(
            db,
            actor,
            "update",
            citizen_id=access.placement.citizen_id,
            object_type="subgoal",
            object_id=subgoal_id,
            purpose="small step reached",
        )


async def factor_focus(
    db: AsyncSession, actor: Actor, bank: QuestionBank, placement_id: uuid.UUID, *, proposals: int = 2
) -> list[FactorFocus]:
    """Factors A–E for choosing sub-goals: the citizen's latest self-score of each, lowest first; the lowest
    `proposals` scored factors are marked as proposed. Reading the scores is audited."""
    access = await placement_in_reach(db, actor, placement_id, Permission.EDIT_PLACEMENT)
    latest: dict[str, tuple[float, dt.date]] = {}
    for assessment in await scored_assessments(db, bank, access):
        for code, score in assessment.scores.items():
            latest[code] = (score, assessment.date)
    await record(
        db,
        actor,
        "read",
        citizen_id=access.placement.citizen_id,
        object_type="assessment",
        purpose="choosing sub-goals",
    )
    order = focus_order({code: score for code, (score, _) in latest.items()})
    proposed = set(order[:proposals]) & set(latest)
    return [
        FactorFocus(
            code=code,
            score=latest[code][0] if code in latest else None,
            scored_on=latest[code][1] if code in latest else None,
            proposed=code in proposed,
        )
        for code in order
    ]
