"""Creating, finding and editing citizens, scoped to the consultant's own caseload and the citizens they created."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from goals.bounds import MAX_CASE_REF_LENGTH, MAX_NAME_LENGTH
from goals.target_groups import TargetGroups
from placement.access.policy import Permission, require
from placement.access.scopes import citizen_ids_in_reach
from placement.audit.services import record, record_denied, record_many
from placement.auth.identity import Actor
from placement.citizens.groups import checked_group
from placement.concurrency import stale_check
from placement.db.models import Citizen
from placement.errors import Checks, Conflict, NotFound
from placement.inputs import check_search, checked_text

CASE_REF_TAKEN = "a citizen with this case reference exists; search for it, or ask the consultant who holds the case"


async def _case_ref_taken(db: AsyncSession, case_ref: str) -> bool:
    return await db.scalar(select(Citizen.id).where(Citizen.case_ref == case_ref)) is not None


def _texts(checks: Checks, groups: TargetGroups, **sent: str | None) -> dict[str, str]:
    """The citizen's fields that were sent, checked; every problem is kept in `checks` (a form shows them all).

    The target group must be a key of the configured list."""
    limits = {"name": MAX_NAME_LENGTH, "case_ref": MAX_CASE_REF_LENGTH}
    texts = {
        name: checks.take(checked_group, value, groups)
        if name == "target_group"
        else checks.take(checked_text, value, name, limits[name])
        for name, value in sent.items()
        if value is not None
    }
    return {name: value for name, value in texts.items() if value is not None}


async def create_citizen(
    db: AsyncSession, actor: Actor, groups: TargetGroups, *, name: str, case_ref: str, target_group: str
) -> Citizen:
    require(actor, Permission.MANAGE_CITIZENS)
    checks = Checks()
    texts = _texts(checks, groups, name=name, case_ref=case_ref, target_group=target_group)
    if texts.get("case_ref") and await _case_ref_taken(db, texts["case_ref"]):
        checks.add(Conflict(CASE_REF_TAKEN, field="case_ref"))
    checks.done()
    citizen = Citizen(**texts, created_by_id=actor.user_id)
    try:
        # A savepoint: two consultants creating the same case reference at once get a 409, not a failed request.
        async with db.begin_nested():
            db.add(citizen)
    except IntegrityError:
        raise Conflict(CASE_REF_TAKEN, field="case_ref") from None
    await record(
        db, actor, "create", citizen_id=citizen.id, object_type="citizen", object_id=citizen.id, purpose="new citizen"
    )
    return citizen


async def list_citizens(
    db: AsyncSession, actor: Actor, query: str = "", limit: int = 100, *, target_group: str | None = None
) -> list[Citizen]:
    """The consultant's citizens by name, optionally searched by name or case reference and of one target group (a
    checked key); each one shown is audited."""
    require(actor, Permission.MANAGE_CITIZENS)
    check_search(query)
    statement = select(Citizen).where(Citizen.id.in_(citizen_ids_in_reach(actor))).order_by(Citizen.name).limit(limit)
    if target_group is not None:
        statement = statement.where(Citizen.target_group == target_group)
    if query.strip():
        pattern = f"%{query.strip()}%"
        statement = statement.where(or_(Citizen.name.ilike(pattern), Citizen.case_ref.ilike(pattern)))
    citizens = list(await db.scalars(statement))
    await record_many(
        db, actor, "search" if query.strip() else "list", citizen_ids=[c.id for c in citizens], object_type="citizen"
    )
    return citizens


async def get_citizen(
    db: AsyncSession, actor: Actor, citizen_id: uuid.UUID, *, audit: bool = True, for_update: bool = False
) -> Citizen:
    """One citizen in reach (audited as read), or NotFound audited as denied."""
    require(actor, Permission.MANAGE_CITIZENS)
    query = select(Citizen).where(Citizen.id == citizen_id, Citizen.id.in_(citizen_ids_in_reach(actor)))
    citizen = await db.scalar(query.with_for_update() if for_update else query)
    if citizen is None:
        record_denied(db, actor, "read", object_type="citizen", object_id=citizen_id)
        raise NotFound()
    if audit:
        await record(db, actor, "read", citizen_id=citizen.id, object_type="citizen", object_id=citizen.id)
    return citizen


def citizen_values(citizen: Citizen) -> dict[str, str]:
    """The editable fields as a form shows them; an edit form sends them back as what the editor started from."""
    return {"name": citizen.name, "case_ref": citizen.case_ref, "target_group": citizen.target_group}


async def update_citizen(
    db: AsyncSession,
    actor: Actor,
    citizen_id: uuid.UUID,
    groups: TargetGroups,
    *,
    version: int,
    name: str | None,
    case_ref: str | None,
    target_group: str | None,
    seen: Mapping[str, str] | None = None,
) -> Citizen:
    citizen = await get_citizen(db, actor, citizen_id, audit=False, for_update=True)
    sent = {
        key: value
        for key, value in (("name", name), ("case_ref", case_ref), ("target_group", target_group))
        if value is not None
    }
    stale_check(
        "citizen", sent=version, current=citizen.version, stored=citizen_values(citizen), sent_values=sent, seen=seen
    )
    checks = Checks()
    texts = _texts(checks, groups, name=name, case_ref=case_ref, target_group=target_group)
    clean = texts.get("case_ref")
    if clean and clean != citizen.case_ref and await _case_ref_taken(db, clean):
        checks.add(Conflict(CASE_REF_TAKEN, field="case_ref"))
    checks.done()
    for field, value in texts.items():
        setattr(citizen, field, value)
    await db.flush()
    await record(db, actor, "update", citizen_id=citizen.id, object_type="citizen", object_id=citizen.id)
    return citizen
