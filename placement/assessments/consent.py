"""The citizen's health consent: given for one placement's company contact and mentor, by the citizen, or recorded."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Permission, Relation, consent_methods, may_withdraw_consent
from placement.access.scopes import HEALTH_CONSENT, placement_in_reach
from placement.assessments.services import DAYS_BEFORE_START, HEALTH_CONSENT_OBJECT
from placement.audit.services import record
from placement.auth.identity import Actor
from placement.clock import Clock
from placement.db.models import Company, Consent, ConsentMethod, Placement, Role, User
from placement.errors import Forbidden, InvalidInput


@dataclass(frozen=True, slots=True)
class ConsentPeriod:
    """One period of consent: when it took effect, the day and way the citizen gave it, who recorded it."""

    given_at: dt.datetime
    given_on: dt.date
    method: str
    given_by_role: str
    withdrawn_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class ConsentState:
    """The citizen's consent to share their factor-B answers with one placement's parties, every period newest first."""

    placement_id: uuid.UUID
    company: str
    sharing: bool
    history: list[ConsentPeriod]

    @property
    def since(self) -> dt.datetime | None:
        return self.history[0].given_at if self.sharing else None


async def health_consent_state(db: AsyncSession, placement: Placement) -> ConsentState:
    """Whether the citizen shares their factor-B answers with the parties of this placement (one the scope gave) now,
    and every period of it.

    The latest row decides, as in placement.access.scopes.has_health_consent, which every read of B goes through.
    Not audited.
    """
    placement_id = placement.id
    company = await db.scalar(select(Company.name).where(Company.id == placement.company_id))
    rows = (
        await db.execute(
            select(Consent.given_at, Consent.given_on, Consent.method, Consent.withdrawn_at, User.role)
            .join(User, User.id == Consent.recorded_by_id)
            .where(Consent.placement_id == placement_id, Consent.kind == HEALTH_CONSENT)
            .order_by(Consent.given_at.desc())
        )
    ).all()
    history = [
        ConsentPeriod(
            given_at=row.given_at,
            given_on=row.given_on,
            method=row.method.value,
            given_by_role=Role(row.role).value,
            withdrawn_at=row.withdrawn_at,
        )
        for row in rows
    ]
    return ConsentState(
        placement_id=placement_id,
        company=company or "",
        sharing=bool(history) and history[0].withdrawn_at is None,
        history=history,
    )


async def read_health_consent(db: AsyncSession, actor: Actor, placement_id: uuid.UUID) -> ConsentState:
    """The consent state and its history, for the citizen and the consultant; the read is audited."""
    access = await placement_in_reach(db, actor, placement_id, Permission.RECORD_CONSENT)
    state = await health_consent_state(db, access.placement)
    await record(
        db,
        actor,
        "read",
        citizen_id=access.placement.citizen_id,
        object_type=HEALTH_CONSENT_OBJECT,
        object_id=access.placement.id,
    )
    return state


def _consent_given_on(
    relation: Relation, method: ConsentMethod | None, given_on: dt.date | None, start_date: dt.date, today: dt.date
) -> tuple[ConsentMethod, dt.date]:
    """How and when the citizen gave their consent: in the service today, or as the consultant records it."""
    allowed = consent_methods(relation)
    if method is None and ConsentMethod.SERVICE in allowed:
        method = ConsentMethod.SERVICE
    if method not in allowed:
        if relation is Relation.CONSULTANT:
            raise InvalidInput(
                "method must be paper or in_person: record how the citizen gave their consent", field="method"
            )
        raise InvalidInput("leave out method: a consent given here is given now, in the service", field="method")
    if method is ConsentMethod.SERVICE:
        return method, today
    if given_on is None:
        raise InvalidInput("given_on is required: the date the citizen gave their consent", field="given_on")
    earliest = start_date - dt.timedelta(days=DAYS_BEFORE_START)
    if not earliest <= given_on <= today:
        raise InvalidInput(
            f"given_on must lie between {earliest.isoformat()} and today ({today.isoformat()})", field="given_on"
        )
    return method, given_on


async def set_health_consent(
    db: AsyncSession,
    actor: Actor,
    placement_id: uuid.UUID,
    *,
    share: bool,
    method: str | None = None,
    given_on: dt.date | None = None,
    clock: Clock,
) -> ConsentState:
    """Give or withdraw the citizen's consent for this placement's company contact and mentor.

    The citizen gives and withdraws it; the consultant only records a consent the citizen gave on paper or in person,
    with its date and how. Asking for the state that holds already changes nothing.
    """
    # The lock serialises two changes of the same placement, so that two open consents cannot both be added.
    access = await placement_in_reach(db, actor, placement_id, Permission.RECORD_CONSENT, for_update=True)
    placement = access.placement
    if not share and not may_withdraw_consent(access.relation):
        raise Forbidden(
            "only the citizen withdraws their consent",
            action="withdraw",
            object_type=HEALTH_CONSENT_OBJECT,
            object_id=placement.id,
        )
    try:
        how = ConsentMethod(method) if method is not None else None
    except ValueError:
        raise InvalidInput("method must be paper or in_person", field="method") from None
    latest = await db.scalar(
        select(Consent)
        .where(Consent.placement_id == placement.id, Consent.kind == HEALTH_CONSENT)
        .order_by(Consent.given_at.desc())
        .limit(1)
    )
    now = clock.now()
    if share:
        how, on = _consent_given_on(access.relation, how, given_on, placement.start_date, clock.today())
        if latest is None or latest.withdrawn_at is not None:
            given = Consent(
                placement_id=placement.id,
                kind=HEALTH_CONSENT,
                given_at=now,
                given_on=on,
                method=how,
                recorded_by_id=actor.user_id,
            )
            db.add(given)
            await db.flush()
            await record(
                db,
                actor,
                "give",
                citizen_id=placement.citizen_id,
                object_type=HEALTH_CONSENT_OBJECT,
                object_id=given.id,
                purpose=f"given {how.value} on {on.isoformat()}",
            )
    elif latest is not None and latest.withdrawn_at is None:
        latest.withdrawn_at = now
        await db.flush()
        await record(
            db,
            actor,
            "withdraw",
            citizen_id=placement.citizen_id,
            object_type=HEALTH_CONSENT_OBJECT,
            object_id=latest.id,
        )
    return await health_consent_state(db, placement)
