"""Writing audit rows in the request's transaction, and the citizen's view of when their data was used."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from litestar.types import Scope
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from placement.db.models import AuditEvent, AuditOutcome
from placement.db.unit_of_work import keep_through_rollback
from placement.errors import Forbidden


class Actor(Protocol):
    """Who acted, as the audit needs them (the signed-in person of placement.auth satisfies it)."""

    @property
    def user_id(self) -> uuid.UUID: ...
    @property
    def role(self) -> enum.StrEnum: ...
    @property
    def request_id(self) -> str: ...


def _row(
    actor: Actor | None,
    action: str,
    citizen_id: uuid.UUID | None,
    object_type: str,
    object_id: object,
    outcome: AuditOutcome,
    purpose: str,
) -> dict[str, object]:
    return {
        "id": uuid.uuid4(),
        "at": dt.datetime.now(dt.UTC),
        "actor_id": actor.user_id if actor else None,
        "actor_role": actor.role.value if actor else "anonymous",
        "action": action,
        "purpose": purpose,
        "citizen_id": citizen_id,
        "object_type": object_type,
        "object_id": str(object_id) if object_id is not None else None,
        "outcome": outcome,
        "request_id": actor.request_id if actor else "",
    }


async def record(
    db: AsyncSession,
    actor: Actor,
    action: str,
    *,
    citizen_id: uuid.UUID | None,
    object_type: str,
    object_id: object = None,
    purpose: str = "",
) -> None:
    """One allowed read or change, flushed now: if the row cannot be written, the request fails before any data leaves."""
    await db.execute(
        insert(AuditEvent), [_row(actor, action, citizen_id, object_type, object_id, AuditOutcome.ALLOWED, purpose)]
    )


async def record_many(
    db: AsyncSession,
    actor: Actor,
    action: str,
    *,
    citizen_ids: Iterable[uuid.UUID],
    object_type: str,
    purpose: str = "",
) -> None:
    """A list or search: one row for each citizen whose data it shows, in one statement."""
    rows = [
        _row(actor, action, cid, object_type, None, AuditOutcome.ALLOWED, purpose) for cid in dict.fromkeys(citizen_ids)
    ]
    if rows:
        await db.execute(insert(AuditEvent), rows)


def record_denied(db: AsyncSession, actor: Actor, action: str, *, object_type: str, object_id: object) -> None:
    """A refused attempt. Its row outlives the refused request's rollback (placement.db.unit_of_work)."""
    row = _row(actor, action, None, object_type, object_id, AuditOutcome.DENIED, "")
    keep_through_rollback(db, insert(AuditEvent).values(row))


def record_forbidden(db: AsyncSession, exc: Exception, scope: Scope) -> None:
    """The unit of work's refusal hook: a role-level refusal (403) that ends a request gets its denied row."""
    actor = scope.get("user")
    if isinstance(exc, Forbidden) and actor is not None:
        action = exc.action or str(scope.get("method", "")).lower()
        record_denied(db, actor, action, object_type=exc.object_type or "route", object_id=exc.object_id)


@dataclass(frozen=True, slots=True)
class DataUse:
    """One use of a citizen's data as the citizen sees it: when, by which role, what and why; never by whom."""

    at: dt.datetime
    role: str
    action: str
    object_type: str
    purpose: str


async def data_uses(db: AsyncSession, citizen_id: uuid.UUID, *, limit: int = 500) -> list[DataUse]:
    rows = await db.execute(
        select(AuditEvent.at, AuditEvent.actor_role, AuditEvent.action, AuditEvent.object_type, AuditEvent.purpose)
        .where(AuditEvent.citizen_id == citizen_id, AuditEvent.outcome == AuditOutcome.ALLOWED)
        .order_by(AuditEvent.at.desc())
        .limit(limit)
    )
    return [
        DataUse(at=r.at, role=r.actor_role, action=r.action, object_type=r.object_type, purpose=r.purpose) for r in rows
    ]
