"""Recording the consultant's decision at a follow-up, reading the decisions, and what the decision page shows."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from goals.bounds import MAX_TEXT_LENGTH
from goals.recommendation import Recommendation, Thresholds
from goals.weeks import weeks_between
from placement.access.policy import Permission
from placement.access.scopes import placement_in_reach
from placement.audit.services import record
from placement.auth.identity import Actor
from placement.db.models import Placement, PlacementDecision, PlacementStatus, PlanWeek
from placement.errors import Checks, InvalidInput
from placement.placements.plans import check_period
from placement.placements.services import list_decisions, refuse_when_ended, required_text
from placement.progress import services as progress

DECISIONS = ("continue", "adjust", "extend", "end")


@dataclass(frozen=True, slots=True)
class DecisionPage:
    """What the consultant decides from: the placement, the rule's current recommendation and earlier decisions."""

    placement: Placement
    citizen_name: str
    company_name: str
    recommendation: Recommendation
    decisions: list[PlacementDecision]


async def decision_page(
    db: AsyncSession, actor: Actor, placement_id: uuid.UUID, thresholds: Thresholds, *, today: dt.date
) -> DecisionPage:
    """The consultant's view for a decision; reading the progress behind the recommendation is audited."""
    access = await progress.progress_for(db, actor, placement_id, thresholds, permission=Permission.EDIT_PLACEMENT)
    view = await progress.build_view(db, access, access.relation, actor.user_id, thresholds, today=today)
    return DecisionPage(
        placement=view.placement,
        citizen_name=view.citizen_name,
        company_name=view.company_name,
        recommendation=view.recommendation,
        decisions=view.decisions,
    )


async def record_decision(
    db: AsyncSession,
    actor: Actor,
    placement_id: uuid.UUID,
    *,
    decision: str,
    reason: str,
    verdict_shown: str | None = None,
    planned_end_date: dt.date | None = None,
    follow_up_date: dt.date | None = None,
    today: dt.date,
) -> PlacementDecision:
    """The consultant's decision at a follow-up, with its reason and optionally the next follow-up date.

    `extend` needs a later planned_end_date and adds the new weeks to the plan at the hours of the last planned week;
    `end` ends the placement today.
    """
    access = await placement_in_reach(db, actor, placement_id, Permission.EDIT_PLACEMENT, for_update=True)
    placement = access.placement
    refuse_when_ended(placement, "decision")
    # Every field checked before anything changes, so that the form shows all its problems at once.
    checks = Checks()
    if decision not in DECISIONS:
        checks.add(InvalidInput(f"decision must be one of {', '.join(DECISIONS)}", field="decision"))
    clean_reason = checks.take(required_text, reason, "reason", MAX_TEXT_LENGTH) or ""
    extends = False
    if decision == "extend":
        if planned_end_date is None or planned_end_date <= placement.planned_end_date:
            checks.add(
                InvalidInput(
                    f"to extend, give a planned_end_date after {placement.planned_end_date.isoformat()}",
                    field="planned_end_date",
                )
            )
        else:
            extends = checks.passes(check_period, placement.start_date, planned_end_date)
    elif planned_end_date is not None:
        checks.add(
            InvalidInput(
                "planned_end_date belongs to an extension (decision extend)",
                field="planned_end_date",
                code="not_extend",
            )
        )
    if follow_up_date is not None and follow_up_date < today:
        checks.add(InvalidInput("follow_up_date must not lie in the past", field="follow_up_date"))
    checks.done()
    if extends and planned_end_date is not None:
        await _extend(db, placement, planned_end_date)
    if follow_up_date is not None:
        placement.follow_up_date = follow_up_date
    if decision == "end":
        placement.status = PlacementStatus.ENDED
        placement.ended_on = today
    row = PlacementDecision(
        placement_id=placement.id,
        consultant_id=actor.user_id,
        decided_on=today,
        decision=decision,
        reason=clean_reason,
        verdict_shown=verdict_shown,
    )
    db.add(row)
    await db.flush()
    await record(
        db,
        actor,
        "decide",
        citizen_id=placement.citizen_id,
        object_type="placement",
        object_id=placement.id,
        purpose=f"decision {decision}",
    )
    return row


async def _extend(db: AsyncSession, placement: Placement, new_end: dt.date) -> None:
    weeks = list(
        await db.scalars(select(PlanWeek).where(PlanWeek.placement_id == placement.id).order_by(PlanWeek.week))
    )
    planned = {w.week for w in weeks}
    last = weeks[-1] if weeks else None
    # Only the weeks after the old period's last week: a week inside it that the plan left out stays out.
    for week in weeks_between(placement.planned_end_date, new_end)[1:]:
        if week not in planned and last is not None:
            db.add(
                PlanWeek(
                    placement_id=placement.id,
                    week=week,
                    placement_hours=last.placement_hours,
                    ordinary_hours_target=last.ordinary_hours_target,
                )
            )
    placement.planned_end_date = new_end


async def read_decisions(db: AsyncSession, actor: Actor, placement_id: uuid.UUID) -> list[PlacementDecision]:
    """The consultant's decisions on a placement, audited; the decisions are the jobcenter's own notes."""
    access = await placement_in_reach(db, actor, placement_id, Permission.EDIT_PLACEMENT)
    await record(
        db,
        actor,
        "read",
        citizen_id=access.placement.citizen_id,
        object_type="placement",
        object_id=access.placement.id,
        purpose="decisions",
    )
    return await list_decisions(db, access)
