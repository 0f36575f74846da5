"""Planning and following placements: every read and change goes through the scope and leaves an audit row."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from goals.bounds import (
    MAX_NAME_LENGTH,
    MAX_STEP_LENGTH,
    MAX_SUBGOAL_STEPS,
    MAX_SUBGOALS,
    MAX_TARGET_LENGTH,
    MAX_TEXT_LENGTH,
    MAX_WEEK_HOURS,
    period_problem,
)
from goals.factors import CITIZEN_FACTOR_CODES
from goals.library import focus_order
from goals.questions import QuestionBank
from goals.weeks import WeekError, format_week, parse_week, weeks_between
from placement.access.policy import Permission, Relation, may_write_log, may_write_placement, require
from placement.access.scopes import PlacementAccess, parse_id, placement_in_reach, placements_in_reach
from placement.assessments.services import scored_assessments
from placement.audit.services import record, record_many
from placement.auth.identity import Actor
from placement.citizens.services import citizen_ids_in_reach
from placement.concurrency import stale_check
from placement.db.models import (
    Citizen,
    Company,
    ConsultantAssignment,
    Horizon,
    Placement,
    PlacementDecision,
    PlacementMember,
    PlacementStatus,
    PlanWeek,
    Role,
    SubGoal,
    SubGoalStep,
    User,
)
from placement.errors import Forbidden, InvalidInput, NotFound, RuleViolation
from placement.inputs import checked_text
from placement.placements.schemas import PlanWeekIn

DECISIONS = ("continue", "adjust", "extend", "end")
_NEXT_STATUS = {
    PlacementStatus.PLANNED: {PlacementStatus.ACTIVE},
    PlacementStatus.ACTIVE: set(),
    PlacementStatus.ENDED: set(),
}


@dataclass(frozen=True, slots=True)
class Member:
    """An account tied to the placement as company contact, mentor or citizen."""

    user_id: uuid.UUID
    name: str
    role: str


@dataclass(frozen=True, slots=True)
class PlacementDetail:
    """A placement with its plan, sub-goals and small steps, and its parties, all loaded (nothing loads lazily)."""

    placement: Placement
    relation: Relation
    citizen: Citizen
    company: Company
    consultant: User
    members: list[Member]
    # The consultant's decisions at follow-ups, oldest first; the jobcenter's own notes, so empty for other parties.
    decisions: list[PlacementDecision]


@dataclass(frozen=True, slots=True)
class PlacementRow:
    """One line of a list of placements."""

    placement: Placement
    citizen: Citizen
    company: Company


@dataclass(frozen=True, slots=True)
class FactorFocus:
    """A citizen factor as the sub-goal form proposes it: the latest self-score (None when never answered)."""

    code: str
    score: float | None
    scored_on: dt.date | None
    proposed: bool


def _required(value: str, field: str, limit: int) -> str:
    return checked_text(value, field, limit)


def _optional(value: str, field: str, limit: int) -> str:
    return checked_text(value, field, limit, required=False)


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
        for name, value in (
            ("placement_hours", item.placement_hours),
            ("ordinary_hours_target", item.ordinary_hours_target),
        ):
            if not 0 <= value <= MAX_WEEK_HOURS:
                raise InvalidInput(
                    f"{name} must be between 0 and {MAX_WEEK_HOURS} hours a week", field=f"{where}.{name}"
                )
    return sorted(plan, key=lambda p: p.week)


def linear_plan(
    start: dt.date,
    end: dt.date,
    *,
    hours_from: float,
    hours_to: float,
    ordinary_from: float = 0,
    ordinary_to: float = 0,
) -> list[PlanWeekIn]:
    """A plan for every week of the period that rises evenly from the first to the last week, in half hours."""
    check_period(start, end)
    weeks = weeks_between(start, end)

    def at(index: int, low: float, high: float) -> float:
        share = index / (len(weeks) - 1) if len(weeks) > 1 else 1.0
        return round((low + (high - low) * share) * 2) / 2

    return [
        PlanWeekIn(
            week=week,
            placement_hours=at(n, hours_from, hours_to),
            ordinary_hours_target=at(n, ordinary_from, ordinary_to),
        )
        for n, week in enumerate(weeks)
    ]


def check_period(start: dt.date, end: dt.date) -> None:
    """InvalidInput when a placement cannot run from start to end; cheap, so it runs before any week is counted."""
    if problem := period_problem(start, end):
        raise InvalidInput(problem, field="planned_end_date")


def _body_id(raw: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise InvalidInput(f"{field} is not a valid id", field=field) from None


def _plan_rows(plan: Sequence[PlanWeekIn]) -> list[PlanWeek]:
    return [
        PlanWeek(week=p.week, placement_hours=p.placement_hours, ordinary_hours_target=p.ordinary_hours_target)
        for p in plan
    ]


async def create_placement(
    db: AsyncSession,
    actor: Actor,
    *,
    citizen_id: str,
    company_id: str,
    purpose: str,
    start_date: dt.date,
    planned_end_date: dt.date,
    weekly_plan: Sequence[PlanWeekIn],
    contact_person: str = "",
    mentor_name: str = "",
    follow_up_date: dt.date | None = None,
) -> PlacementDetail:
    """A planned placement with the caller as its consultant; the assignment starts the who-held-the-case history."""
    require(actor, Permission.CREATE_PLACEMENT)
    citizen = await db.scalar(
        select(Citizen).where(
            Citizen.id == _body_id(citizen_id, "citizen_id"), Citizen.id.in_(citizen_ids_in_reach(actor))
        )
    )
    if citizen is None:
        raise InvalidInput("citizen_id is not a citizen you can place: create the citizen first", field="citizen_id")
    company = await db.get(Company, _body_id(company_id, "company_id"))
    if company is None:
        raise InvalidInput("company_id is not a known company: create the company first", field="company_id")
    clean_purpose = _required(purpose, "purpose", MAX_TEXT_LENGTH)
    check_period(start_date, planned_end_date)
    plan = validate_plan(weekly_plan, start_date, planned_end_date)
    placement = Placement(
        citizen_id=citizen.id,
        company_id=company.id,
        consultant_id=actor.user_id,
        purpose=clean_purpose,
        contact_person=_optional(contact_person, "contact_person", MAX_NAME_LENGTH),
        mentor_name=_optional(mentor_name, "mentor_name", MAX_NAME_LENGTH),
        start_date=start_date,
        planned_end_date=planned_end_date,
        follow_up_date=follow_up_date,
        status=PlacementStatus.PLANNED,
    )
    placement.plan_weeks = _plan_rows(plan)
    db.add(placement)
    await db.flush()
    db.add(ConsultantAssignment(placement_id=placement.id, consultant_id=actor.user_id, assigned_by_id=actor.user_id))
    await record(
        db, actor, "create", citizen_id=citizen.id, object_type="placement", object_id=placement.id, purpose="planning"
    )
    return await load_detail(
        db, PlacementAccess(placement=placement, relation=Relation.CONSULTANT, health_consent=False)
    )


async def load_detail(db: AsyncSession, access: PlacementAccess) -> PlacementDetail:
    """The placement of `access` with its plan, sub-goals, steps and parties. Not audited: the caller's read is."""
    placement = await db.scalar(
        select(Placement)
        .where(Placement.id == access.placement.id)
        .options(selectinload(Placement.plan_weeks), selectinload(Placement.subgoals).selectinload(SubGoal.steps))
        .execution_options(populate_existing=True)
    )
    if placement is None:
        raise NotFound()
    citizen, company, consultant = (
        await db.execute(
            select(Citizen, Company, User)
            .select_from(Placement)
            .join(Citizen, Citizen.id == Placement.citizen_id)
            .join(Company, Company.id == Placement.company_id)
            .join(User, User.id == Placement.consultant_id)
            .where(Placement.id == placement.id)
        )
    ).one()
    members = [
        Member(user_id=m.id, name=m.name, role=m.role.value)
        for m in (
            await db.execute(
                select(User.id, User.name, PlacementMember.role)
                .join(PlacementMember, PlacementMember.user_id == User.id)
                .where(PlacementMember.placement_id == placement.id)
                .order_by(PlacementMember.role, User.name)
            )
        ).all()
    ]
    # The citizen's account is tied to the citizen, not to one placement: it is a party of each of their placements.
    if citizen.user_id is not None and (account := await db.get(User, citizen.user_id)) is not None:
        members.insert(0, Member(user_id=account.id, name=account.name, role=Role.CITIZEN.value))
    decisions = await list_decisions(db, access) if may_write_placement(access.relation) else []
    return PlacementDetail(
        placement=placement,
        relation=access.relation,
        citizen=citizen,
        company=company,
        consultant=consultant,
        members=members,
        decisions=decisions,
    )


async def get_placement(
    db: AsyncSession, actor: Actor, placement_id: str, permission: Permission = Permission.READ_PLACEMENT
) -> PlacementDetail:
    """One placement in the actor's reach with everything under it; the read is audited, a miss is a 404."""
    access = await placement_in_reach(db, actor, placement_id, permission)
    await record(
        db,
        actor,
        "read",
        citizen_id=access.placement.citizen_id,
        object_type="placement",
        object_id=access.placement.id,
    )
    return await load_detail(db, access)


async def list_placements(db: AsyncSession, actor: Actor, *, citizen_id: uuid.UUID | None = None) -> list[PlacementRow]:
    """The placements the actor may see, newest start first; one audit row per citizen shown."""
    require(actor, Permission.READ_PLACEMENT)
    query = (
        placements_in_reach(actor)
        .add_columns(Citizen, Company)
        .join(Citizen, Citizen.id == Placement.citizen_id)
        .join(Company, Company.id == Placement.company_id)
        .order_by(Placement.start_date.desc(), Placement.created_at.desc())
    )
    if citizen_id is not None:
        query = query.where(Placement.citizen_id == citizen_id)
    rows = [PlacementRow(placement=p, citizen=c, company=co) for p, c, co in (await db.execute(query)).all()]
    await record_many(db, actor, "list", citizen_ids=[row.citizen.id for row in rows], object_type="placement")
    return rows


def plan_text(weeks: Sequence[PlanWeek] | Sequence[PlanWeekIn]) -> str:
    """The weekly plan as one comparable line, e.g. "2026-W45 10/0, 2026-W46 12/0"."""
    return ", ".join(f"{w.week} {w.placement_hours:g}/{w.ordinary_hours_target:g}" for w in weeks)


def placement_values(placement: Placement) -> dict[str, str]:
    """The editable fields as a form shows them; an edit form sends them back as what the editor started from.

    The plan weeks must be loaded (load_detail does)."""
    return {
        "purpose": placement.purpose,
        "contact_person": placement.contact_person,
        "mentor_name": placement.mentor_name,
        "planned_end_date": placement.planned_end_date.isoformat(),
        "follow_up_date": placement.follow_up_date.isoformat() if placement.follow_up_date else "",
        "status": placement.status.value,
        "weekly_plan": plan_text(placement.plan_weeks),
    }


def _refuse_when_ended(placement: Placement, field: str) -> None:
    if placement.status is PlacementStatus.ENDED:
        raise RuleViolation("the placement has ended and can no longer be changed", field=field)


async def update_placement(
    db: AsyncSession,
    actor: Actor,
    placement_id: str,
    *,
    version: int,
    purpose: str | None = None,
    contact_person: str | None = None,
    mentor_name: str | None = None,
    planned_end_date: dt.date | None = None,
    follow_up_date: dt.date | None = None,
    status: str | None = None,
    weekly_plan: Sequence[PlanWeekIn] | None = None,
    seen: Mapping[str, str] | None = None,
) -> PlacementDetail:
    """Edit the plan of a placement at `version`; StaleEdit (409) says what someone else changed meanwhile."""
    access = await placement_in_reach(db, actor, placement_id, Permission.EDIT_PLACEMENT, for_update=True)
    detail = await load_detail(db, access)
    placement = detail.placement
    sent = {
        name: value
        for name, value in (
            ("purpose", purpose),
            ("contact_person", contact_person),
            ("mentor_name", mentor_name),
            ("planned_end_date", planned_end_date.isoformat() if planned_end_date else None),
            ("follow_up_date", follow_up_date.isoformat() if follow_up_date else None),
            ("status", status),
            ("weekly_plan", plan_text(weekly_plan) if weekly_plan is not None else None),
        )
        if value is not None
    }
    stale_check(
        "placement",
        sent=version,
        current=placement.version,
        stored=placement_values(placement),
        sent_values=sent,
        seen=seen,
    )
    _refuse_when_ended(placement, "status")
    if purpose is not None:
        placement.purpose = _required(purpose, "purpose", MAX_TEXT_LENGTH)
    if contact_person is not None:
        placement.contact_person = _optional(contact_person, "contact_person", MAX_NAME_LENGTH)
    if mentor_name is not None:
        placement.mentor_name = _optional(mentor_name, "mentor_name", MAX_NAME_LENGTH)
    if follow_up_date is not None:
        placement.follow_up_date = follow_up_date
    if planned_end_date is not None:
        check_period(placement.start_date, planned_end_date)
        placement.planned_end_date = planned_end_date
    if status is not None:
        _change_status(placement, status)
    if weekly_plan is not None:
        _apply_plan(placement, validate_plan(weekly_plan, placement.start_date, placement.planned_end_date))
    elif planned_end_date is not None:
        _check_plan_fits(placement)
    # Touch the row even when only the plan changed, so that the version moves and other editors notice.
    placement.updated_at = dt.datetime.now(dt.UTC)
    await db.flush()
    await record(
        db,
        actor,
        "update",
        citizen_id=placement.citizen_id,
        object_type="placement",
        object_id=placement.id,
        purpose=_changed_purpose(sent),
    )
    return detail


def _changed_purpose(sent: Mapping[str, str]) -> str:
    # Field names only, never values: the audit says what kind of change, the record itself holds the data.
    return ("changed " + ", ".join(sent))[:80]


def _apply_plan(placement: Placement, plan: Sequence[PlanWeekIn]) -> None:
    """Make the stored weeks equal `plan` in place: a kept week is updated rather than deleted and inserted again,
    so that one flush does it without tripping over the (placement, week) key, and the version moves by one."""
    wanted = {p.week: p for p in plan}
    for row in [w for w in placement.plan_weeks if w.week not in wanted]:
        placement.plan_weeks.remove(row)
    existing = {w.week: w for w in placement.plan_weeks}
    for item in plan:
        row = existing.get(item.week)
        if row is None:
            placement.plan_weeks.append(
                PlanWeek(
                    week=item.week,
                    placement_hours=item.placement_hours,
                    ordinary_hours_target=item.ordinary_hours_target,
                )
            )
        else:
            row.placement_hours, row.ordinary_hours_target = item.placement_hours, item.ordinary_hours_target
    placement.plan_weeks.sort(key=lambda w: w.week)


def _check_plan_fits(placement: Placement) -> None:
    """A shorter period must not leave planned weeks behind outside it."""
    last = format_week(placement.planned_end_date)
    outside = [w.week for w in placement.plan_weeks if w.week > last]
    if outside:
        raise InvalidInput(
            f"planned_end_date leaves planned weeks outside the period ({', '.join(outside)}); "
            "send a weekly_plan without them",
            field="planned_end_date",
        )


def _change_status(placement: Placement, status: str) -> None:
    try:
        wanted = PlacementStatus(status)
    except ValueError:
        raise InvalidInput("status must be planned, active or ended", field="status") from None
    if wanted is placement.status:
        return
    if wanted is PlacementStatus.ENDED:
        raise RuleViolation(
            "end a placement by recording the decision: POST …/decisions with decision end", field="status"
        )
    if wanted not in _NEXT_STATUS[placement.status]:
        raise RuleViolation(f"a placement cannot go from {placement.status.value} to {wanted.value}", field="status")
    placement.status = wanted


async def record_decision(
    db: AsyncSession,
    actor: Actor,
    placement_id: str,
    *,
    decision: str,
    reason: str,
    verdict_shown: str | None = None,
    planned_end_date: dt.date | None = None,
    follow_up_date: dt.date | None = None,
    today: dt.date,
) -> PlacementDecision:
    """The consultant's decision at a follow-up, with its reason and optionally the next follow-up date.

    `extend` needs a later planned_end_date and adds the new weeks to the plan at the hours of the last planned week;
    `end` ends the placement today.
    """
    access = await placement_in_reach(db, actor, placement_id, Permission.EDIT_PLACEMENT, for_update=True)
    if decision not in DECISIONS:
        raise InvalidInput(f"decision must be one of {', '.join(DECISIONS)}", field="decision")
    clean_reason = _required(reason, "reason", MAX_TEXT_LENGTH)
    placement = access.placement
    _refuse_when_ended(placement, "decision")
    if decision == "extend":
        if planned_end_date is None or planned_end_date <= placement.planned_end_date:
            raise InvalidInput(
                f"to extend, give a planned_end_date after {placement.planned_end_date.isoformat()}",
                field="planned_end_date",
            )
        check_period(placement.start_date, planned_end_date)
        await _extend(db, placement, planned_end_date)
    elif planned_end_date is not None:
        raise InvalidInput("planned_end_date belongs to an extension (decision extend)", field="planned_end_date")
    if follow_up_date is not None:
        if follow_up_date < today:
            raise InvalidInput("follow_up_date must not lie in the past", field="follow_up_date")
        placement.follow_up_date = follow_up_date
    if decision == "end":
        placement.status = PlacementStatus.ENDED
        placement.ended_on = today
    row = PlacementDecision(
        placement_id=placement.id,
        consultant_id=actor.user_id,
        decided_on=today,
        decision=decision,
        reason=clean_reason,
        verdict_shown=verdict_shown,
    )
    db.add(row)
    await db.flush()
    await record(
        db,
        actor,
        "decide",
        citizen_id=placement.citizen_id,
        object_type="placement",
        object_id=placement.id,
        purpose=f"decision {decision}",
    )
    return row


async def _extend(db: AsyncSession, placement: Placement, new_end: dt.date) -> None:
    weeks = list(
        await db.scalars(select(PlanWeek).where(PlanWeek.placement_id == placement.id).order_by(PlanWeek.week))
    )
    planned = {w.week for w in weeks}
    last = weeks[-1] if weeks else None
    # Only the weeks after the old period's last week: a week inside it that the plan left out stays out.
    for week in weeks_between(placement.planned_end_date, new_end)[1:]:
        if week not in planned and last is not None:
            db.add(
                PlanWeek(
                    placement_id=placement.id,
                    week=week,
                    placement_hours=last.placement_hours,
                    ordinary_hours_target=last.ordinary_hours_target,
                )
            )
    placement.planned_end_date = new_end


async def list_decisions(db: AsyncSession, access: PlacementAccess) -> list[PlacementDecision]:
    """The decisions of a placement in `access`, oldest first. Not audited: the caller's read of the placement is."""
    return list(
        await db.scalars(
            select(PlacementDecision)
            .where(PlacementDecision.placement_id == access.placement.id)
            .order_by(PlacementDecision.decided_on, PlacementDecision.created_at)
        )
    )


async def read_decisions(db: AsyncSession, actor: Actor, placement_id: str) -> list[PlacementDecision]:
    """The consultant's decisions on a placement, audited; the decisions are the jobcenter's own notes."""
    access = await placement_in_reach(db, actor, placement_id, Permission.EDIT_PLACEMENT)
    await record(
        db,
        actor,
        "read",
        citizen_id=access.placement.citizen_id,
        object_type="placement",
        object_id=access.placement.id,
        purpose="decisions",
    )
    return await list_decisions(db, access)


def _factor(code: str) -> str:
    if code not in CITIZEN_FACTOR_CODES:
        raise InvalidInput("factor must be one of A, B, C, D, E (F is the consultant's own rating)", field="factor")
    return code


def _horizon(value: str) -> Horizon:
    try:
        return Horizon(value)
    except ValueError:
        raise InvalidInput("horizon must be short or long", field="horizon") from None


def _steps(steps: Sequence[str]) -> list[SubGoalStep]:
    if len(steps) > MAX_SUBGOAL_STEPS:
        raise InvalidInput(f"at most {MAX_SUBGOAL_STEPS} small steps per sub-goal", field="steps")
    return [
        SubGoalStep(position=i, text=_required(text, f"steps[{i}]", MAX_STEP_LENGTH)) for i, text in enumerate(steps)
    ]


async def add_subgoal(
    db: AsyncSession,
    actor: Actor,
    placement_id: str,
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
    _refuse_when_ended(access.placement, "factor")
    goal = SubGoal(
        placement_id=access.placement.id,
        factor=_factor(factor),
        title=_required(title, "title", MAX_NAME_LENGTH),
        target=_required(target, "target", MAX_TARGET_LENGTH),
        horizon=_horizon(horizon),
        due_date=due_date,
    )
    goal.steps = _steps(steps)
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


async def list_subgoals(db: AsyncSession, actor: Actor, placement_id: str) -> list[SubGoal]:
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
    db: AsyncSession, access: PlacementAccess, subgoal_id: str, *, for_update: bool = False
) -> SubGoal:
    """A sub-goal of this very placement; one of another placement is a 404 like a missing id."""
    query = (
        select(SubGoal)
        .where(SubGoal.id == parse_id(subgoal_id), SubGoal.placement_id == access.placement.id)
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
    placement_id: str,
    subgoal_id: str,
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
    _refuse_when_ended(access.placement, "If-Match")
    if title is not None:
        goal.title = _required(title, "title", MAX_NAME_LENGTH)
    if target is not None:
        goal.target = _required(target, "target", MAX_TARGET_LENGTH)
    if horizon is not None:
        goal.horizon = _horizon(horizon)
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
        purpose=_changed_purpose(sent),
    )
    return goal


async def mark_step_reached(
    db: AsyncSession, actor: Actor, placement_id: str, subgoal_id: str, position: int, *, week: str, today: dt.date
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
    if step.reached_week is None:
        step.reached_week = week
        step.reached_by_role = actor.role
        await db.flush()
        await record(
            db,
            actor,
            "update",
            citizen_id=access.placement.citizen_id,
            object_type="subgoal",
            object_id=goal.id,
            purpose="small step reached",
        )
    return goal


async def factor_focus(
    db: AsyncSession, actor: Actor, bank: QuestionBank, placement_id: str, *, proposals: int = 2
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
