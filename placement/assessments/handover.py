"""After a handover, the new consultant's own F: who held each case when, and whether their F is still owed."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from goals.handover import DEFAULT_OWN_VIEW_DAYS, HolderPeriod, OwnRating, OwnViewDue, own_view_due
from placement.clock import copenhagen_date
from placement.db.models import CaseworkerAssessment, ConsultantAssignment, Placement


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
