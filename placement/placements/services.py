"""Planning and following placements: every read and change goes through the scope and leaves an audit row."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from goals.factors import CITIZEN_FACTOR_CODES
from goals.weeks import WeekError, format_week, parse_week
from placement.access.policy import Actor, Permission, Relation, may_write_log, require
from placement.access.scopes import PlacementAccess, parse_id, placement_in_reach, placements_in_reach
from placement.audit.services import record, record_many
from placement.citizens.services import citizen_ids_in_reach
from placement.db.models import (
    Citizen,
    Company,
    ConsultantAssignment,
    Horizon,
    Placement,
    PlacementDecision,
    PlacementStatus,
    PlanWeek,
    SubGoal,
    SubGoalStep,
    User,
)
from placement.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolation
from placement.placements.schemas import PlanWeekIn

MAX_WEEK_HOURS = 80
DECISIONS = ("continue", "adjust", "extend", "end")
_NEXT_STATUS = {PlacementStatus.PLANNED: {PlacementStatus.ACTIVE}, PlacementStatus.ACTIVE: set(), PlacementStatus.ENDED: set()}


@dataclass(frozen=True, slots=True)
class PlacementDetail:
    """A placement with everything its page and API need, loaded up front (relationships never load lazily)."""

    placement: Placement
    relation: Relation
    citizen: Citizen
    company: Company
    consultant: User


def _required(value: str, field: str, limit: int) -> str:
    clean = value.strip()
    if not clean or len(clean) > limit:
        raise InvalidInput(f"{field} must be 1 to {limit} characters", field=field)
    return clean


def _optional(value: str, field: str, limit: int) -> str:
    clean = value.strip()
    if len(clean) > limit:
        raise InvalidInput(f"{field} must be at most {limit} characters", field=field)
    return clean


def validate_plan(plan: Sequence[PlanWeekIn], start: dt.date, end: dt.date) -> list[PlanWeekIn]:
    """The weekly hours plan: real ISO weeks inside the period, each once, hours 0–80; may rise week by week."""
    first, last = parse_week(format_week(start)), parse_week(format_week(end))
    seen: set[str] = set()
    for index, item in enumerate(plan):
        where = f"weekly_plan[{index}]"
        try:
            week = parse_week(item.week)
        except WeekError as error:
            raise InvalidInput(str(error), field=f"{where}.week") from None
        if not first <= week <= last:
            raise InvalidInput(f"week {item.week} lies outside the placement's period", field=f"{where}.week")
        if item.week in seen:
            raise InvalidInput(f"week {item.week} is planned twice", field=f"{where}.week")
        seen.add(item.week)
        for name, value in (("placement_hours", item.placement_hours), ("ordinary_hours_target", item.ordinary_hours_target)):
            if not 0 <= value <= MAX_WEEK_HOURS:
                raise InvalidInput(f"{name} must be between 0 and {MAX_WEEK_HOURS} hours a week", field=f"{where}.{name}")
    return sorted(plan, key=lambda p: p.week)


def _check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise InvalidInput("planned_end_date must not be before start_date", field="planned_end_date")


async def create_placement(db: AsyncSession, actor: Actor, *, citizen_id: str, company_id: str, purpose: str,
                           start_date: dt.date, planned_end_date: dt.date, weekly_plan: Sequence[PlanWeekIn],
                           contact_person: str = "", mentor_name: str = "",
                           follow_up_date: dt.date | None = None) -> Placement:
    require(actor, Permission.CREATE_PLACEMENT)
    _check_period(start_date, planned_end_date)
    plan = validate_plan(weekly_plan, start_date, planned_end_date)
    citizen = await db.scalar(select(Citizen).where(Citizen.id == _body_id(citizen_id, "citizen_id"),
                                                    Citizen.id.in_(citizen_ids_in_reach(actor))))
    if citizen is None:
        raise InvalidInput("citizen_id is not a citizen you can place", field="citizen_id")
    company = await db.get(Company, _body_id(company_id, "company_id"))
    if company is None:
        raise InvalidInput("company_id is not a known company", field="company_id")
    placement = Placement(
        citizen_id=citizen.id, company_id=company.id, consultant_id=actor.user_id,
        purpose=_required(purpose, "purpose", 4000), contact_person=_optional(contact_person, "contact_person", 200),
        mentor_name=_optional(mentor_name, "mentor_name", 200), start_date=start_date,
        planned_end_date=planned_end_date, follow_up_date=follow_up_date, status=PlacementStatus.PLANNED,
    )
    placement.plan_weeks = [PlanWeek(week=p.week, placement_hours=p.placement_hours,
                                     ordinary_hours_target=p.ordinary_hours_target) for p in plan]
    db.add(placement)
    await db.flush()
    db.add(ConsultantAssignment(placement_id=placement.id, consultant_id=actor.user_id, assigned_by_id=actor.user_id))
    await record(db, actor, "create", citizen_id=citizen.id, object_type="placement", object_id=placement.id,
                 purpose="planning")
    return placement


def _body_id(raw: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise InvalidInput(f"{field} is not a valid id", field=field) from None


async def load_detail(db: AsyncSession, access: PlacementAccess) -> PlacementDetail:
    placement = await db.scalar(
        select(Placement).where(Placement.id == access.placement.id)
        .options(selectinload(Placement.plan_weeks), selectinload(Placement.subgoals).selectinload(SubGoal.steps))
        .execution_options(populate_existing=True)
    )
    assert placement is not None
    citizen, company, consultant = (await db.execute(
        select(Citizen, Company, User).select_from(Placement)
        .join(Citizen, Citizen.id == Placement.citizen_id).join(Company, Company.id == Placement.company_id)
        .join(User, User.id == Placement.consultant_id).where(Placement.id == placement.id)
    )).one()
    return PlacementDetail(placement=placement, relation=access.relation, citizen=citizen, company=company,
                           consultant=consultant)


async def get_placement(db: AsyncSession, actor: Actor, placement_id: str) -> PlacementDetail:
    access = await placement_in_reach(db, actor, placement_id)
    await record(db, actor, "read", citizen_id=access.placement.citizen_id, object_type="placement",
                 object_id=access.placement.id)
    return await load_detail(db, access)


async def list_placements(db: AsyncSession, actor: Actor) -> list[tuple[Placement, Citizen, Company]]:
    require(actor, Permission.READ_PLACEMENT)
    rows = (await db.execute(
        placements_in_reach(actor).add_columns(Citizen, Company)
        .join(Citizen, Citizen.id == Placement.citizen_id).join(Company, Company.id == Placement.company_id)
        .order_by(Placement.start_date.desc())
    )).all()
    await record_many(db, actor, "list", citizen_ids=[row[0].citizen_id for row in rows], object_type="placement")
    return [(row[0], row[1], row[2]) for row in rows]


def _check_version(placement: Placement, version: int) -> None:
    if placement.version != version:
        raise Conflict(
            f"the placement was changed by someone else since you opened it (your version {version}, now "
            f"{placement.version}); reload to see their change, then make yours again",
            field="If-Match",
        )


async def update_placement(db: AsyncSession, actor: Actor, placement_id: str, *, version: int,
                           purpose: str | None = None, contact_person: str | None = None,
                           mentor_name: str | None = None, planned_end_date: dt.date | None = None,
                           follow_up_date: dt.date | None = None, status: str | None = None,
                           weekly_plan: Sequence[PlanWeekIn] | None = None) -> PlacementDetail:
    access = await placement_in_reach(db, actor, placement_id, Permission.EDIT_PLACEMENT, for_update=True)
    detail = await load_detail(db, access)
    placement = detail.placement
    _check_version(placement, version)
    if placement.status is PlacementStatus.ENDED:
        raise RuleViolation("an ended placement cannot be changed", field="status")
    if purpose is not None:
        placement.purpose = _required(purpose, "purpose", 4000)
    if contact_person is not None:
        placement.contact_person = _optional(contact_person, "contact_person", 200)
    if mentor_name is not None:
        placement.mentor_name = _optional(mentor_name, "mentor_name", 200)
    if follow_up_date is not None:
        placement.follow_up_date = follow_up_date
    if planned_end_date is not None:
        _check_period(placement.start_date, planned_end_date)
        placement.planned_end_date = planned_end_date
    if status is not None:
        _change_status(placement, status)
    if weekly_plan is not None:
        plan = validate_plan(weekly_plan, placement.start_date, placement.planned_end_date)
        # Old weeks go first: the new rows reuse their (placement, week) keys.
        placement.plan_weeks.clear()
        await db.flush()
        placement.plan_weeks.extend(PlanWeek(week=p.week, placement_hours=p.placement_hours,
                                             ordinary_hours_target=p.ordinary_hours_target) for p in plan)
    elif planned_end_date is not None:
        validate_plan([PlanWeekIn(w.week, w.placement_hours, w.ordinary_hours_target) for w in placement.plan_weeks],
                      placement.start_date, placement.planned_end_date)
    # Touch the row even when only the plan changed, so that the version moves and other editors notice.
    placement.updated_at = dt.datetime.now(dt.UTC)
    await db.flush()
    await record(db, actor, "update", citizen_id=placement.citizen_id, object_type="placement", object_id=placement.id)
    return detail


def _change_status(placement: Placement, status: str) -> None:
    try:
        wanted = PlacementStatus(status)
    except ValueError:
        raise InvalidInput("status must be planned, active or ended", field="status") from None
    if wanted is placement.status:
        return
    if wanted is PlacementStatus.ENDED:
        raise RuleViolation("end a placement by recording the decision: POST …/decisions with decision end",
                            field="status")
    if wanted not in _NEXT_STATUS[placement.status]:
        raise RuleViolation(f"a placement cannot go from {placement.status.value} to {wanted.value}", field="status")
    placement.status = wanted


async def record_decision(db: AsyncSession, actor: Actor, placement_id: str, *, decision: str, reason: str,
                          verdict_shown: str | None = None) -> PlacementDecision:
    """The consultant's decision at a follow-up, with its reason; `end` also ends the placement today."""
    access = await placement_in_reach(db, actor, placement_id, Permission.EDIT_PLACEMENT, for_update=True)
    if decision not in DECISIONS:
        raise InvalidInput(f"decision must be one of {', '.join(DECISIONS)}", field="decision")
    placement = access.placement
    if placement.status is PlacementStatus.ENDED:
        raise RuleViolation("the placement has ended", field="decision")
    row = PlacementDecision(placement_id=placement.id, consultant_id=actor.user_id, decided_on=dt.date.today(),
                            decision=decision, reason=_required(reason, "reason", 4000), verdict_shown=verdict_shown)
    db.add(row)
    if decision == "end":
        placement.status = PlacementStatus.ENDED
        placement.ended_on = dt.date.today()
    await db.flush()
    await record(db, actor, "decide", citizen_id=placement.citizen_id, object_type="placement",
                 object_id=placement.id, purpose=f"decision {decision}")
    return row


async def list_decisions(db: AsyncSession, access: PlacementAccess) -> list[PlacementDecision]:
    return list(await db.scalars(select(PlacementDecision).where(PlacementDecision.placement_id == access.placement.id)
                                 .order_by(PlacementDecision.decided_on, PlacementDecision.created_at)))


def _factor(code: str) -> str:
    if code not in CITIZEN_FACTOR_CODES:
        raise InvalidInput("factor must be one of A, B, C, D, E (F is the consultant's own rating)", field="factor")
    return code


def _horizon(value: str) -> Horizon:
    try:
        return Horizon(value)
    except ValueError:
        raise InvalidInput("horizon must be short or long", field="horizon") from None


async def add_subgoal(db: AsyncSession, actor: Actor, placement_id: str, *, factor: str, title: str, target: str,
                      horizon: str, due_date: dt.date | None, steps: Sequence[str]) -> SubGoal:
    access = await placement_in_reach(db, actor, placement_id, Permission.EDIT_PLACEMENT)
    if len(steps) > 10:
        raise InvalidInput("at most 10 small steps per sub-goal", field="steps")
    position = await db.scalar(select(func.count()).select_from(SubGoal).where(SubGoal.placement_id == access.placement.id))
    goal = SubGoal(placement_id=access.placement.id, factor=_factor(factor), title=_required(title, "title", 200),
                   target=_required(target, "target", 2000), horizon=_horizon(horizon), due_date=due_date,
                   position=int(position or 0))
    goal.steps = [SubGoalStep(position=i, text=_required(text, f"steps[{i}]", 300)) for i, text in enumerate(steps)]
    db.add(goal)
    await db.flush()
    await record(db, actor, "create", citizen_id=access.placement.citizen_id, object_type="subgoal", object_id=goal.id)
    return goal


async def list_subgoals(db: AsyncSession, actor: Actor, placement_id: str) -> list[SubGoal]:
    access = await placement_in_reach(db, actor, placement_id)
    await record(db, actor, "read", citizen_id=access.placement.citizen_id, object_type="subgoal",
                 purpose="sub-goals of the placement")
    return list(await db.scalars(select(SubGoal).where(SubGoal.placement_id == access.placement.id)
                                 .options(selectinload(SubGoal.steps)).order_by(SubGoal.position)))


async def _subgoal_of(db: AsyncSession, access: PlacementAccess, subgoal_id: str) -> SubGoal:
    goal = await db.scalar(select(SubGoal).where(SubGoal.id == parse_id(subgoal_id),
                                                 SubGoal.placement_id == access.placement.id)
                           .options(selectinload(SubGoal.steps)))
    if goal is None:
        raise NotFound()
    return goal


async def update_subgoal(db: AsyncSession, actor: Actor, placement_id: str, subgoal_id: str, *, version: int,
                         title: str | None, target: str | None, horizon: str | None,
                         due_date: dt.date | None) -> SubGoal:
    access = await placement_in_reach(db, actor, placement_id, Permission.EDIT_PLACEMENT)
    goal = await _subgoal_of(db, access, subgoal_id)
    if goal.version != version:
        raise Conflict(f"the sub-goal was changed by someone else (now version {goal.version}); reload and retry",
                       field="If-Match")
    if title is not None:
        goal.title = _required(title, "title", 200)
    if target is not None:
        goal.target = _required(target, "target", 2000)
    if horizon is not None:
        goal.horizon = _horizon(horizon)
    if due_date is not None:
        goal.due_date = due_date
    await db.flush()
    await record(db, actor, "update", citizen_id=access.placement.citizen_id, object_type="subgoal", object_id=goal.id)
    return goal


async def mark_step_reached(db: AsyncSession, actor: Actor, placement_id: str, subgoal_id: str, position: int, *,
                            week: str) -> SubGoal:
    """A small step seen reached in `week`, by the consultant, the company contact or the mentor."""
    access = await placement_in_reach(db, actor, placement_id)
    if not may_write_log(access.relation):
        raise Forbidden("only the consultant, the company contact and the mentor mark small steps")
    try:
        parse_week(week)
    except WeekError as error:
        raise InvalidInput(str(error), field="week") from None
    goal = await _subgoal_of(db, access, subgoal_id)
    step = next((s for s in goal.steps if s.position == position), None)
    if step is None:
        raise NotFound()
    step.reached_week = week
    step.reached_by_role = actor.role
    await db.flush()
    await record(db, actor, "update", citizen_id=access.placement.citizen_id, object_type="subgoal_step",
                 object_id=goal.id, purpose="small step reached")
    return goal
