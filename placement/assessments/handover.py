"""After a handover, the new consultant's own F: who held each case when, and whether their F is still owed."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from goals.handover import DEFAULT_OWN_VIEW_DAYS, HolderPeriod, OwnRating, OwnViewDue, own_view_due
from placement.clock import copenhagen_date
from placement.db.models import CaseworkerAssessment, ConsultantAssignment, Placement, User


@dataclass(frozen=True, slots=True)
class CaseHolder:
    """One period in which one consultant held the case; `number` is the same for every period of that consultant."""

    number: int
    start: dt.date
    until: dt.date | None
    name: str | None


async def case_holders(db: AsyncSession, placement: Placement) -> tuple[list[CaseHolder], dict[uuid.UUID, int]]:
    """Who held the case when (consecutive periods of one consultant merged), and each consultant's number."""
    rows = (
        await db.execute(
            select(ConsultantAssignment.consultant_id, ConsultantAssignment.assigned_at, User.name)
            .join(User, User.id == ConsultantAssignment.consultant_id)
            .where(ConsultantAssignment.placement_id == placement.id)
            .order_by(ConsultantAssignment.assigned_at)
        )
    ).all()
    periods = [(row.consultant_id, copenhagen_date(row.assigned_at), row.name) for row in rows]
    if not periods:
        # A placement without an assignment record has had one consultant: the one it has now.
        name = await db.scalar(select(User.name).where(User.id == placement.consultant_id))
        periods = [(placement.consultant_id, placement.start_date, name or "")]
    numbers: dict[uuid.UUID, int] = {}
    holders: list[CaseHolder] = []
    previous: uuid.UUID | None = None
    for consultant_id, start, name in periods:
        if consultant_id == previous:
            continue
        number = numbers.setdefault(consultant_id, len(numbers) + 1)
        if holders:
            holders[-1] = replace(holders[-1], until=start)
        holders.append(CaseHolder(number=number, start=start, until=None, name=name))
        previous = consultant_id
    return holders, numbers


async def own_views_due(
    db: AsyncSession,
    placements: Sequence[Placement],
    *,
    today: dt.date,
    days: int = DEFAULT_OWN_VIEW_DAYS,
) -> dict[uuid.UUID, OwnViewDue]:
    """The placements among these whose consultant took the case over and has not yet given their own F.

    Two queries whatever the number of placements; the callers have already checked that the actor reaches them.
    """
    ids = [p.id for p in placements]
    if not ids:
        return {}
    periods: dict[uuid.UUID, list[HolderPeriod]] = defaultdict(list)
    for placement_id, consultant_id, assigned_at in await db.execute(
        select(ConsultantAssignment.placement_id, ConsultantAssignment.consultant_id, ConsultantAssignment.assigned_at)
        .where(ConsultantAssignment.placement_id.in_(ids))
        .order_by(ConsultantAssignment.assigned_at)
    ):
        periods[placement_id].append(HolderPeriod(holder=consultant_id, since=copenhagen_date(assigned_at)))
    ratings: dict[uuid.UUID, list[OwnRating]] = defaultdict(list)
    for placement_id, consultant_id, created_at in await db.execute(
        select(
            CaseworkerAssessment.placement_id, CaseworkerAssessment.consultant_id, CaseworkerAssessment.created_at
        ).where(CaseworkerAssessment.placement_id.in_(ids))
    ):
        ratings[placement_id].append(OwnRating(by=consultant_id, recorded_on=copenhagen_date(created_at)))
    found: dict[uuid.UUID, OwnViewDue] = {}
    for placement in placements:
        due = own_view_due(
            periods.get(placement.id, []),
            ratings.get(placement.id, []),
            today=today,
            days=days,
            ended=placement.ended_on is not None,
        )
        # The flag is for the consultant who holds the case now; the assignment record must agree with the holder.
        if due is not None and periods[placement.id][-1].holder == placement.consultant_id:
            found[placement.id] = due
    return found
