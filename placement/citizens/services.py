"""Creating, finding and editing citizens, scoped to the consultant's own caseload and the citizens they created."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, or_, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from goals.identifiers import looks_like_cpr
from placement.access.policy import Actor, Permission, require
from placement.access.scopes import parse_id
from placement.audit.services import record, record_denied, record_many
from placement.db.models import AuditEvent, AuditOutcome, Citizen, Placement
from placement.errors import Conflict, InvalidInput, NotFound

NO_CPR = "no CPR number is stored here; use the case reference of the municipal case system"


def _text(value: str, field: str, limit: int) -> str:
    clean = value.strip()
    if not clean or len(clean) > limit:
        raise InvalidInput(f"{field} must be 1 to {limit} characters", field=field)
    if looks_like_cpr(clean):
        raise InvalidInput(f"{field} looks like a CPR number: {NO_CPR}", field=field)
    return clean


def citizen_ids_in_reach(actor: Actor) -> Select[tuple[uuid.UUID]]:
    """Citizens with a placement in the consultant's caseload, and those the consultant created (the audit says who)."""
    in_caseload = select(Placement.citizen_id).where(Placement.consultant_id == actor.user_id)
    created = select(AuditEvent.citizen_id).where(
        AuditEvent.actor_id == actor.user_id, AuditEvent.action == "create", AuditEvent.object_type == "citizen",
        AuditEvent.outcome == AuditOutcome.ALLOWED,
    )
    return select(union(in_caseload, created).subquery().c[0])


async def create_citizen(db: AsyncSession, actor: Actor, *, name: str, case_ref: str, target_group: str) -> Citizen:
    require(actor, Permission.MANAGE_CITIZENS)
    citizen = Citizen(name=_text(name, "name", 200), case_ref=_text(case_ref, "case_ref", 64),
                      target_group=_text(target_group, "target_group", 100))
    if await db.scalar(select(Citizen.id).where(Citizen.case_ref == citizen.case_ref)) is not None:
        raise Conflict("a citizen with this case reference exists", field="case_ref")
    db.add(citizen)
    await db.flush()
    await record(db, actor, "create", citizen_id=citizen.id, object_type="citizen", object_id=citizen.id,
                 purpose="new citizen")
    return citizen


async def list_citizens(db: AsyncSession, actor: Actor, query: str = "", limit: int = 100) -> list[Citizen]:
    require(actor, Permission.MANAGE_CITIZENS)
    statement = select(Citizen).where(Citizen.id.in_(citizen_ids_in_reach(actor))).order_by(Citizen.name).limit(limit)
    if query.strip():
        pattern = f"%{query.strip()}%"
        statement = statement.where(or_(Citizen.name.ilike(pattern), Citizen.case_ref.ilike(pattern)))
    citizens = list(await db.scalars(statement))
    await record_many(db, actor, "search" if query.strip() else "list", citizen_ids=[c.id for c in citizens],
                      object_type="citizen")
    return citizens


async def get_citizen(db: AsyncSession, actor: Actor, citizen_id: str, *, audit: bool = True) -> Citizen:
    require(actor, Permission.MANAGE_CITIZENS)
    cid = parse_id(citizen_id)
    citizen = await db.scalar(select(Citizen).where(Citizen.id == cid, Citizen.id.in_(citizen_ids_in_reach(actor))))
    if citizen is None:
        await record_denied(db, actor, "read", object_type="citizen", object_id=cid)
        raise NotFound()
    if audit:
        await record(db, actor, "read", citizen_id=citizen.id, object_type="citizen", object_id=citizen.id)
    return citizen


async def update_citizen(db: AsyncSession, actor: Actor, citizen_id: str, *, version: int, name: str | None,
                         case_ref: str | None, target_group: str | None) -> Citizen:
    citizen = await get_citizen(db, actor, citizen_id, audit=False)
    if citizen.version != version:
        raise Conflict(f"the citizen was changed by someone else (now version {citizen.version}); reload and retry",
                       field="If-Match")
    if name is not None:
        citizen.name = _text(name, "name", 200)
    if case_ref is not None:
        citizen.case_ref = _text(case_ref, "case_ref", 64)
    if target_group is not None:
        citizen.target_group = _text(target_group, "target_group", 100)
    await db.flush()
    await record(db, actor, "update", citizen_id=citizen.id, object_type="citizen", object_id=citizen.id)
    return citizen
