"""Scoped queries: the placements a person may reach, and loading one of them or a 404 that looks like a missing id."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Select, false, select
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Actor, Permission, Relation, relation_of, require
from placement.audit.services import record_denied
from placement.db.models import Consent, Placement, PlacementMember, Role
from placement.errors import NotFound

HEALTH_CONSENT = "share_health_b"


@dataclass(frozen=True, slots=True)
class PlacementAccess:
    """A placement within the actor's reach, the actor's relation to it, and whether B may be shown to company/mentor."""

    placement: Placement
    relation: Relation
    health_consent: bool


def parse_id(raw: str | uuid.UUID) -> uuid.UUID:
    """An id from a URL or body; anything malformed is simply not found."""
    if isinstance(raw, uuid.UUID):
        return raw
    try:
        return uuid.UUID(raw)
    except (ValueError, AttributeError, TypeError):
        raise NotFound() from None


def placement_ids_in_reach(actor: Actor) -> Select[tuple[uuid.UUID]]:
    """The ids of the placements this person may read: a consultant's caseload, a member's own placements, else none."""
    if actor.role is Role.CONSULTANT:
        return select(Placement.id).where(Placement.consultant_id == actor.user_id)
    if actor.role in (Role.COMPANY_CONTACT, Role.MENTOR, Role.CITIZEN):
        return select(PlacementMember.placement_id).where(
            PlacementMember.user_id == actor.user_id, PlacementMember.role == actor.role
        )
    return select(Placement.id).where(false())


def placements_in_reach(actor: Actor) -> Select[tuple[Placement]]:
    return select(Placement).where(Placement.id.in_(placement_ids_in_reach(actor)))


async def has_health_consent(db: AsyncSession, citizen_id: uuid.UUID) -> bool:
    latest = await db.scalar(
        select(Consent.withdrawn_at.is_(None))
        .where(Consent.citizen_id == citizen_id, Consent.kind == HEALTH_CONSENT)
        .order_by(Consent.given_at.desc())
        .limit(1)
    )
    return bool(latest)


async def placement_in_reach(db: AsyncSession, actor: Actor, placement_id: str | uuid.UUID,
                             permission: Permission = Permission.READ_PLACEMENT, *,
                             for_update: bool = False) -> PlacementAccess:
    """The placement, or NotFound (audited as denied) when it does not exist or lies outside the actor's reach."""
    require(actor, permission)
    pid = parse_id(placement_id)
    query = placements_in_reach(actor).where(Placement.id == pid)
    if for_update:
        query = query.with_for_update()
    placement = await db.scalar(query)
    if placement is None:
        await record_denied(db, actor, permission.value, object_type="placement", object_id=pid)
        raise NotFound()
    return PlacementAccess(
        placement=placement,
        relation=relation_of(actor.role),
        health_consent=await has_health_consent(db, placement.citizen_id),
    )
