"""Staff accounts, disabling them, and moving placements from one consultant to another."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from goals.text import text_problem
from placement.access.policy import Permission, require
from placement.access.scopes import parse_id
from placement.accounts.services import create_user
from placement.audit.services import record_many
from placement.auth.identity import Actor
from placement.auth.services import end_user_sessions
from placement.db.models import Citizen, ConsultantAssignment, MailOutbox, MailStatus, Placement, Role, User
from placement.errors import InvalidInput, NotFound, RuleViolation

STAFF_ROLES = (Role.ADMIN, Role.LEADER, Role.CONSULTANT)
SAME_CONSULTANT = (
    "Vælg en anden konsulent at overdrage til: sagerne kan ikke overdrages til den konsulent, der har dem."
)


@dataclass(frozen=True, slots=True)
class AccountRow:
    """An account as the admin sees it: who, which role, active or not, and for consultants a caseload count."""

    id: uuid.UUID
    email: str
    name: str
    role: Role
    is_active: bool
    caseload: int


@dataclass(frozen=True, slots=True)
class FailedMail:
    """A mail given up after its last try, as the admin sees it: never its body (admins read no case data)."""

    kind: str
    recipient: str
    attempts: int
    last_error_type: str
    created_at: dt.datetime


async def failed_mails(db: AsyncSession, actor: Actor, *, limit: int = 50) -> list[FailedMail]:
    """The latest mails that could not be delivered."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    rows = await db.execute(
        select(
            MailOutbox.kind,
            MailOutbox.recipient,
            MailOutbox.attempts,
            MailOutbox.last_error_type,
            MailOutbox.created_at,
        )
        .where(MailOutbox.status == MailStatus.FAILED)
        .order_by(MailOutbox.created_at.desc())
        .limit(limit)
    )
    return [FailedMail(kind, recipient, attempts, error or "", at) for kind, recipient, attempts, error, at in rows]


async def list_accounts(db: AsyncSession, actor: Actor, query: str = "") -> list[AccountRow]:
    """Every account, or those whose name or email holds `query`; a search is audited as the citizens it matched."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    if problem := text_problem(query, "q"):
        raise InvalidInput(f"q {problem}", field="q")
    caseload = select(Placement.consultant_id, func.count().label("n")).group_by(Placement.consultant_id).subquery()
    statement = (
        select(User, func.coalesce(caseload.c.n, 0))
        .outerjoin(caseload, caseload.c.consultant_id == User.id)
        .order_by(User.role, User.name)
    )
    if query.strip():
        pattern = f"%{query.strip()}%"
        statement = statement.where(or_(User.name.ilike(pattern), User.email.ilike(pattern)))
    accounts = [
        AccountRow(id=u.id, email=u.email, name=u.name, role=u.role, is_active=u.is_active, caseload=int(n))
        for u, n in await db.execute(statement)
    ]
    citizen_accounts = [a.id for a in accounts if a.role is Role.CITIZEN]
    if query.strip() and citizen_accounts:
        matched = await db.scalars(select(Citizen.id).where(Citizen.user_id.in_(citizen_accounts)))
        await record_many(db, actor, "search", citizen_ids=list(matched), object_type="account")
    return accounts


async def create_staff_account(
    db: AsyncSession, actor: Actor, *, email: str, name: str, role: str, password: str
) -> User:
    """Consultants, leaders and admins; the parties of a placement come in through invitations instead."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    if role not in {r.value for r in STAFF_ROLES}:
        raise InvalidInput("role must be admin, leader or consultant; others are invited to a placement", field="role")
    return await create_user(db, email=email, name=name, role=role, password=password)


async def set_active(db: AsyncSession, actor: Actor, user_id: uuid.UUID, *, active: bool) -> User:
    """Disabling ends every session of the account at once."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    user = await db.get(User, user_id)
    if user is None:
        raise NotFound()
    if not active and user.id == actor.user_id:
        raise RuleViolation("you cannot disable your own account")
    user.is_active = active
    if not active:
        await end_user_sessions(db, user.id)
    await db.flush()
    return user


async def hand_over(
    db: AsyncSession, actor: Actor, *, from_consultant: str, to_consultant: str, placement_ids: list[str] | None = None
) -> int:
    """Move placements to another consultant; access follows at once because it is computed from the holder."""
    require(actor, Permission.MANAGE_ACCOUNTS)
    source, target = parse_id(from_consultant), parse_id(to_consultant)
    if source == target:
        raise InvalidInput(SAME_CONSULTANT, field="to_consultant_id")
    consultants = {
        u.id: u
        for u in await db.scalars(select(User).where(User.id.in_([source, target]), User.role == Role.CONSULTANT))
    }
    if source not in consultants:
        raise InvalidInput("from_consultant_id is not a consultant", field="from_consultant_id")
    if target not in consultants or not consultants[target].is_active:
        raise InvalidInput("to_consultant_id is not an active consultant", field="to_consultant_id")
    query = select(Placement.id, Placement.citizen_id).where(Placement.consultant_id == source)
    if placement_ids is not None:
        query = query.where(Placement.id.in_([parse_id(p) for p in placement_ids]))
    moving = (await db.execute(query)).all()
    if placement_ids is not None and len(moving) != len(set(placement_ids)):
        raise InvalidInput("some placement_ids are not held by from_consultant_id", field="placement_ids")
    if not moving:
        return 0
    ids = [row.id for row in moving]
    # The version moves too, so that a consultant's open edit form notices the change of holder.
    await db.execute(
        update(Placement)
        .where(Placement.id.in_(ids))
        .values(consultant_id=target, version=Placement.version + 1)
        .execution_options(synchronize_session=False)
    )
    db.add_all(
        ConsultantAssignment(placement_id=pid, consultant_id=target, assigned_by_id=actor.user_id) for pid in ids
    )
    await record_many(
        db,
        actor,
        "handover",
        citizen_ids=[row.citizen_id for row in moving],
        object_type="placement",
        purpose="caseload handover",
    )
    await db.flush()
    return len(ids)
