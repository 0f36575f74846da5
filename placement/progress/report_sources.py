"""What the report reads beyond the progress view: the outcomes and who held the case when, in the jobcenter's
version only, each read audited or covered by the report's audited read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Audience, relation_for_audience, sees_caseworker_view, sees_outcomes
from placement.access.scopes import PlacementAccess
from placement.assessments.services import caseworker_view
from placement.audit.services import record
from placement.auth.identity import Actor
from placement.outcomes import services as outcome_services


async def report_case_holders(db: AsyncSession, access: PlacementAccess, audience: Audience) -> dict[str, Any]:
    """Who held the case when, and whose view each F is: in the jobcenter's version only, beside F.

    A change of caseworker matters for the citizen's chance of a job (003), so the reader sees whose view each F is.
    The consultants' names follow the policy of the F page; the read is part of the report's audited read.
    """
    if audience is not Audience.JOBCENTER or not sees_caseworker_view(access.relation):
        return {}
    found = await caseworker_view(db, access)
    scores: dict[int, list[dict[str, Any]]] = {index: [] for index in range(len(found.case_holders))}
    for entry in found.entries:
        own = [i for i, h in enumerate(found.case_holders) if h.number == entry.case_holder]
        # The period of that consultant the F is dated in; one dated before it (allowed shortly before a start)
        # belongs to their first period. A consultant missing from the assignment record is left out of the table.
        within = [
            i for i in own if found.case_holders[i].start <= entry.date < (found.case_holders[i].until or dt.date.max)
        ]
        if own:
            scores[(within or own)[0]].append({"on": entry.date.isoformat(), "score": entry.score})
    return {
        "periods": [
            {
                "number": holder.number,
                "name": holder.name,
                "start": holder.start.isoformat(),
                "until": holder.until.isoformat() if holder.until else None,
                "scores": scores[index],
            }
            for index, holder in enumerate(found.case_holders)
        ],
    }


async def report_outcomes(
    db: AsyncSession, actor: Actor, access: PlacementAccess, audience: Audience, *, today: dt.date
) -> list[dict[str, Any]]:
    """The recorded outcomes for the jobcenter's version (none for the others), their read audited."""
    if not sees_outcomes(relation_for_audience(audience)):
        return []
    found = await outcome_services.outcomes_of(db, access.placement, today=today)
    rows = [
        {
            "checkpoint": c.checkpoint,
            "status": c.outcome.status.value,
            "hours": c.outcome.ordinary_hours_per_week,
            "on": c.outcome.observed_on.isoformat(),
            "note": c.outcome.note,
        }
        for c in found.checkpoints
        if c.outcome is not None
    ]
    if rows:
        await record(
            db,
            actor,
            "read",
            citizen_id=access.placement.citizen_id,
            object_type="outcome",
            object_id=access.placement.id,
            purpose="outcomes in the jobcenter's report",
        )
    return rows
