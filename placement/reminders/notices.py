"""What else the consultant's weekly digest names beside missing logs: a citizen's self-assessment that is late, and
the consultant's own F that is owed after a handover. The same rules as the overview's flags (goals/rhythm.py,
goals/handover.py), for every open placement, whoever holds it: the service's own weekly pass, not a request."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from goals.handover import DEFAULT_OWN_VIEW_DAYS
from goals.rhythm import DEFAULT_INTERVAL_DAYS
from placement.access.scopes import placement_ids_being_logged
from placement.assessments.handover import own_views_due
from placement.db.models import Assessment, Citizen, Company, Placement, User
from placement.placements.status import self_assessment_rhythm

SELF_ASSESSMENT_LATE = "self_assessment_late"
OWN_VIEW_DUE = "own_view_due"


@dataclass(frozen=True, slots=True)
class Notice:
    """One thing the consultant of a placement should do, and the day it is or was due."""

    placement_id: uuid.UUID
    company: str
    citizen_id: uuid.UUID
    citizen: str
    consultant: User
    kind: str
    due_on: dt.date


async def consultant_notices(
    db: AsyncSession,
    *,
    today: dt.date,
    interval_days: int = DEFAULT_INTERVAL_DAYS,
    own_view_days: int = DEFAULT_OWN_VIEW_DAYS,
) -> list[Notice]:
    """The late self-assessments and owed own F of every open, started placement whose consultant is active."""
    rows = (
        await db.execute(
            select(Placement, Company.name, Citizen.name, User)
            .join(Company, Company.id == Placement.company_id)
            .join(Citizen, Citizen.id == Placement.citizen_id)
            .join(User, User.id == Placement.consultant_id)
            .where(Placement.id.in_(placement_ids_being_logged(today)), User.is_active.is_(True))
            .order_by(Company.name, Placement.id)
        )
    ).all()
    if not rows:
        return []
    ids = [placement.id for placement, _, _, _ in rows]
    latest = dict(
        (
            await db.execute(
                select(Assessment.placement_id, func.max(Assessment.assessed_on))
                .where(Assessment.placement_id.in_(ids))
                .group_by(Assessment.placement_id)
            )
        ).all()
    )
    owed = await own_views_due(db, [placement for placement, _, _, _ in rows], today=today, days=own_view_days)
    notices = []
    for placement, company, citizen, consultant in rows:
        rhythm = self_assessment_rhythm(placement, latest.get(placement.id), today, interval_days)
        found = []
        if rhythm is not None and rhythm.late:
            found.append((SELF_ASSESSMENT_LATE, rhythm.due_on))
        if placement.id in owed:
            found.append((OWN_VIEW_DUE, owed[placement.id].due_on))
        notices += [
            Notice(placement.id, company, placement.citizen_id, citizen, consultant, kind, due_on)
            for kind, due_on in found
        ]
    return notices
