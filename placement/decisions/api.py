"""The decisions API: record the decision at a follow-up, and read the decisions taken so far."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import Body, FromPath
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.identity import Actor
from placement.clock import Clock
from placement.db.models import PlacementDecision
from placement.decisions import services
from placement.decisions.schemas import DecisionIn, DecisionOut


def decision_out(row: PlacementDecision) -> DecisionOut:
    return DecisionOut(
        id=str(row.id),
        decision=row.decision,
        reason=row.reason,
        decided_on=row.decided_on,
        verdict_shown=row.verdict_shown,
    )


class DecisionApiController(Controller):
    path = "/api/placements/{placement_id:uuid}/decisions"
    tags = ["placements"]

    @post(
        "/",
        summary="Record the decision at a follow-up and why: continue, adjust, extend (new end) or end",
        name="decisions:api-create",
    )
    async def decide(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
        placement_id: FromPath[uuid.UUID],
        data: Annotated[DecisionIn, Body()],
    ) -> DecisionOut:
        return decision_out(
            await services.record_decision(
                db_session,
                actor,
                placement_id,
                decision=data.decision,
                reason=data.reason,
                planned_end_date=data.planned_end_date,
                follow_up_date=data.follow_up_date,
                today=clock.today(),
            )
        )

    @get("/", summary="The decisions taken at follow-ups, oldest first (consultant)", name="decisions:api-list")
    async def decisions(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
    ) -> list[DecisionOut]:
        return [decision_out(row) for row in await services.read_decisions(db_session, actor, placement_id)]
