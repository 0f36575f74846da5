"""Planning and following placements: every read and change goes through the scope and leaves an audit row."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from goals.bounds import MAX_NAME_LENGTH, MAX_TEXT_LENGTH
from placement.access.policy import Permission, Relation, may_write_placement, require
from placement.access.scopes import PlacementAccess, placement_in_reach, placements_in_reach
from placement.audit.services import record, record_many
from placement.auth.identity import Actor
from placement.citizens.services import citizen_ids_in_reach
from placement.concurrency import stale_check
from placement.db.models import (
    Citizen,
    Company,
    ConsultantAssignment,
    Placement,
    PlacementDecision,
    PlacementMember,
    PlacementStatus,
    Role,
    SubGoal,
    User,
)
from placement.errors import Checks, InvalidInput, NotFound, RuleViolation
from placement.inputs import checked_text
from placement.placements.plans import apply_plan, check_period, check_plan_fits, plan_rows, plan_text, validate_plan
from placement.placements.schemas import PlanWeekIn
from placement.placements.status import change_status, start_problems


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


def required_text(value: str, field: str, limit: int) -> str:
    return checked_text(value, field, limit)


def optional_text(value: str, field: str, limit: int) -> str:
    return checked_text(value, field, limit, required=False)


# A placement's texts: (field, required, longest); the agreement's tasks and the citizen's wishes are free text.
TEXT_FIELDS = (
    ("purpose", True, MAX_TEXT_LENGTH),
    ("contact_person", False, MAX_NAME_LENGTH),
    ("mentor_name", False, MAX_NAME_LENGTH),
    ("tasks", False, MAX_TEXT_LENGTH),
    ("citizen_wishes", False, MAX_TEXT_LENGTH),
)


def placement_texts(checks: Checks, **texts: str | None) -> dict[str, str]:
    """The texts sent (None: not sent) checked, each problem kept in `checks` (a form shows them all at once)."""
    return {
        name: checks.take(required_text if required else optional_text, value, name, limit) or ""
        for name, required, limit in TEXT_FIELDS
        if (value := texts.get(name)) is not None
    }


def _body_id(raw: str, field: str) -> uuid.UUID:
    try:
        return uuid.UUID(raw)
    except ValueError:
        raise InvalidInput(f"{field} is not a valid id", field=field) from None


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
    tasks: str = "",
    citizen_wishes: str = "",
) -> PlacementDetail:
    """A planned placement with the caller as its consultant; the assignment starts the who-held-the-case history."""
    require(actor, Permission.CREATE_PLACEMENT)
    checks = Checks()
    citizen, company = None, None
    if (citizen_uuid := checks.take(_body_id, citizen_id, "citizen_id")) is not None:
        citizen = await db.scalar(
            select(Citizen).where(Citizen.id == citizen_uuid, Citizen.id.in_(citizen_ids_in_reach(actor)))
        )
        if citizen is None:
            checks.add(
                InvalidInput("citizen_id is not a citizen you can place: create the citizen first", field="citizen_id")
            )
    if (company_uuid := checks.take(_body_id, company_id, "company_id")) is not None:
        company = await db.get(Company, company_uuid)
        if company is None:
            checks.add(InvalidInput("company_id is not a known company: create the company first", field="company_id"))
    texts = placement_texts(
        checks,
        purpose=purpose,
        contact_person=contact_person,
        mentor_name=mentor_name,
        tasks=tasks,
        citizen_wishes=citizen_wishes,
    )
    plan = (
        checks.take(validate_plan, weekly_plan, start_date, planned_end_date)
        if checks.passes(check_period, start_date, planned_end_date)
        else None
    )
    checks.done()
    assert citizen is not None and company is not None and plan is not None  # checks.done() refused otherwise
    placement = Placement(
        citizen_id=citizen.id,
        company_id=company.id,
        consultant_id=actor.user_id,
        **texts,
        start_date=start_date,
        planned_end_date=planned_end_date,
        follow_up_date=follow_up_date,
        status=PlacementStatus.PLANNED,
    )
    placement.plan_weeks = plan_rows(plan)
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
    db: AsyncSession, actor: Actor, placement_id: uuid.UUID, permission: Permission = Permission.READ_PLACEMENT
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


async def list_placements(
    db: AsyncSession, actor: Actor, *, citizen_id: uuid.UUID | None = None, target_group: str | None = None
) -> list[PlacementRow]:
    """The placements the actor may see, newest start first, of one citizen or one target group (a checked key) if
    given; one audit row per citizen shown."""
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
    if target_group is not None:
        query = query.where(Citizen.target_group == target_group)
    rows = [PlacementRow(placement=p, citizen=c, company=co) for p, c, co in (await db.execute(query)).all()]
    await record_many(db, actor, "list", citizen_ids=[row.citizen.id for row in rows], object_type="placement")
    return rows


def placement_values(placement: Placement) -> dict[str, str]:
    """The editable fields as a form shows them; an edit form sends them back as what the editor started from.

    The plan weeks must be loaded (load_detail does)."""
    return {
        "purpose": placement.purpose,
        "contact_person": placement.contact_person,
        "mentor_name": placement.mentor_name,
        "tasks": placement.tasks,
        "citizen_wishes": placement.citizen_wishes,
        "planned_end_date": placement.planned_end_date.isoformat(),
        "follow_up_date": placement.follow_up_date.isoformat() if placement.follow_up_date else "",
        "status": placement.status.value,
        "weekly_plan": plan_text(placement.plan_weeks),
    }


def refuse_when_ended(placement: Placement, field: str) -> None:
    if placement.status is PlacementStatus.ENDED:
        raise RuleViolation("the placement has ended and can no longer be changed", field=field)


async def update_placement(
    db: AsyncSession,
    actor: Actor,
    placement_id: uuid.UUID,
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
    tasks: str | None = None,
    citizen_wishes: str | None = None,
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
            ("tasks", tasks),
            ("citizen_wishes", citizen_wishes),
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
    refuse_when_ended(placement, "status")
    # Every field checked before anything changes, so that a form shows all its problems at once.
    checks = Checks()
    sent_texts = {
        "purpose": purpose,
        "contact_person": contact_person,
        "mentor_name": mentor_name,
        "tasks": tasks,
        "citizen_wishes": citizen_wishes,
    }
    texts = placement_texts(checks, **sent_texts)
    # A start needs the agreement whole, as it stands after this request's own changes.
    for problem in start_problems(placement, status, sent_texts):
        checks.add(problem)
    end = planned_end_date or placement.planned_end_date
    period_fits = planned_end_date is None or checks.passes(check_period, placement.start_date, planned_end_date)
    plan = None
    if weekly_plan is not None and period_fits:
        plan = checks.take(validate_plan, weekly_plan, placement.start_date, end)
    checks.done()
    for name, value in texts.items():
        setattr(placement, name, value)
    if follow_up_date is not None:
        placement.follow_up_date = follow_up_date
    placement.planned_end_date = end
    if status is not None:
        change_status(placement, status)
    if plan is not None:
        apply_plan(placement, plan)
    elif planned_end_date is not None:
        check_plan_fits(placement)
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
        purpose=changed_purpose(sent),
    )
    return detail


def changed_purpose(sent: Mapping[str, str]) -> str:
    # Field names only, never values: the audit says what kind of change, the record itself holds the data.
    return ("changed " + ", ".join(sent))[:80]


async def list_decisions(db: AsyncSession, access: PlacementAccess) -> list[PlacementDecision]:
    """The decisions of a placement in `access`, oldest first. Not audited: the caller's read of the placement is."""
    return list(
        await db.scalars(
            select(PlacementDecision)
            .where(PlacementDecision.placement_id == access.placement.id)
            .order_by(PlacementDecision.decided_on, PlacementDecision.created_at)
        )
    )
