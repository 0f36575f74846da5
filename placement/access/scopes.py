"""Scoped queries: the placements and citizens a person may reach, and loading a placement or a 404 like a missing id."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, Select, exists, false, select, true, union
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Permission, Relation, may, relation_of, require
from placement.audit.services import record_denied
from placement.auth.identity import Actor
from placement.db.models import Citizen, Consent, Placement, PlacementFact, PlacementMember, PlacementStatus, Role
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


def own_citizen_ids(actor: Actor) -> Select[uuid.UUID]:
    """The citizen record a citizen account is tied to (at most one); none for any other role."""
    if actor.role is not Role.CITIZEN:
        return select(Citizen.id).where(false())
    return select(Citizen.id).where(Citizen.user_id == actor.user_id)


def placement_ids_in_reach(actor: Actor) -> Select[uuid.UUID]:
    """The ids of the placements this person may read: a consultant's caseload, a citizen's own placements (through
    the citizen record the account is tied to), a company contact's or mentor's memberships, else none."""
    if actor.role is Role.CONSULTANT:
        return select(Placement.id).where(Placement.consultant_id == actor.user_id)
    if actor.role is Role.CITIZEN:
        return select(Placement.id).where(Placement.citizen_id.in_(own_citizen_ids(actor)))
    if actor.role in (Role.COMPANY_CONTACT, Role.MENTOR):
        return select(PlacementMember.placement_id).where(
            PlacementMember.user_id == actor.user_id, PlacementMember.role == actor.role
        )
    return select(Placement.id).where(false())


def citizen_ids_in_reach(actor: Actor) -> Select[uuid.UUID]:
    """The citizens a consultant manages: those with a placement in their caseload, and those they created that have
    none yet. Once a citizen has a placement, the caseload alone decides, so that a handover moves the citizen too."""
    in_caseload = select(Placement.citizen_id).where(Placement.consultant_id == actor.user_id)
    created_unplaced = select(Citizen.id).where(
        Citizen.created_by_id == actor.user_id, ~exists().where(Placement.citizen_id == Citizen.id)
    )
    return select(union(in_caseload, created_unplaced).subquery().c[0])


def insight_facts_in_reach(actor: Actor) -> ColumnElement[bool]:
    """Which placement facts management information may sum for the actor (403 for a role that reads none): the
    leader's every placement, a consultant's caseload, a company contact's every placement of the companies they
    are a contact at. Only sums leave the service (placement.insights), never a placement."""
    require(actor, Permission.READ_INSIGHTS, object_type="insights")
    if may(actor.role, Permission.READ_AGGREGATES):
        return true()
    if actor.role is Role.CONSULTANT:
        return PlacementFact.consultant_id == actor.user_id
    if actor.role is Role.COMPANY_CONTACT:
        companies = select(Placement.company_id).where(Placement.id.in_(placement_ids_in_reach(actor)))
        return PlacementFact.company_id.in_(companies)
    return false()


def placements_in_reach(actor: Actor) -> Select[Placement]:
    return select(Placement).where(Placement.id.in_(placement_ids_in_reach(actor)))


def open_placement_ids_in_reach(actor: Actor) -> Select[uuid.UUID]:
    """The placements in reach that have not ended: a consultant's caseload as the overview shows it."""
    return select(Placement.id).where(
        Placement.id.in_(placement_ids_in_reach(actor)), Placement.status != PlacementStatus.ENDED
    )


def placement_ids_being_logged(today: dt.date) -> Select[uuid.UUID]:
    """Every placement that has started by `today` and has not ended, whoever holds it: the weekly reminders' reach.

    Run by the service itself (no person's request); its callers read no case data beyond a company's name and first
    names, and check the logging window (placement.logs.rules.writable_weeks) on what this gives.
    """
    return select(Placement.id).where(Placement.status != PlacementStatus.ENDED, Placement.start_date <= today)


def _health_consent_given(placement_id: Any) -> ScalarSelect[bool]:
    """True when the latest factor-B consent for this placement is given and not withdrawn; None when there is none.

    Consent covers one placement (its company contact and mentor): another placement of the citizen starts without.
    """
    return (
        select(Consent.withdrawn_at.is_(None))
        .where(Consent.placement_id == placement_id, Consent.kind == HEALTH_CONSENT)
        .order_by(Consent.given_at.desc())
        .limit(1)
        .scalar_subquery()
    )


async def has_health_consent(db: AsyncSession, placement_id: uuid.UUID) -> bool:
    return bool(await db.scalar(select(_health_consent_given(placement_id))))


async def placement_in_reach(
    db: AsyncSession,
    actor: Actor,
    placement_id: str | uuid.UUID,
    permission: Permission = Permission.READ_PLACEMENT,
    *,
    for_update: bool = False,
) -> PlacementAccess:
    """The placement, or NotFound (audited as denied) when it does not exist or lies outside the actor's reach.

    One query: the placement and its citizen's consent come back together.
    """
    try:
        pid: uuid.UUID | None = parse_id(placement_id)
    except NotFound:
        pid = None
    # The role comes first: a role that may never do this gets its 403 (audited with the id) whatever the id.
    require(actor, permission, object_type="placement", object_id=pid)
    if pid is None:
        raise NotFound()
    query = select(Placement, _health_consent_given(Placement.id)).where(
        Placement.id == pid, Placement.id.in_(placement_ids_in_reach(actor))
    )
    if for_update:
        query = query.with_for_update(of=Placement)
    row = (await db.execute(query)).first()
    if row is None:
        record_denied(db, actor, permission.value, object_type="placement", object_id=pid)
        raise NotFound()
    placement, consent = row
    return PlacementAccess(placement=placement, relation=relation_of(actor.role), health_consent=bool(consent))


def placement_ids_in_aggregates(actor: Actor) -> Select[uuid.UUID]:
    """The placements whose sums a leader's management information counts: every one. Their sums only, never one
    placement: callers aggregate over groups and suppress small ones. Any other role gets 403 (READ_AGGREGATES)."""
    require(actor, Permission.READ_AGGREGATES, object_type="insights")
    return select(Placement.id)
