"""The outcomes API: the consultant records what became of the citizen at each checkpoint, and reads them back."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, put
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body, FromPath
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.identity import Actor
from placement.clock import Clock
from placement.concurrency import if_match_version
from placement.db.models import Outcome
from placement.outcomes import services
from placement.outcomes.schemas import CheckpointOut, OutcomeIn, OutcomeOut


def outcome_out(row: Outcome) -> OutcomeOut:
    return OutcomeOut(
        checkpoint=row.checkpoint.value,
        date=row.observed_on,
        status=row.status.value,
        ordinary_hours_per_week=row.ordinary_hours_per_week,
        note=row.note,
        recorded_by=str(row.recorded_by_id),
        version=row.version,
    )


class OutcomeApiController(Controller):
    path = "/api/placements/{placement_id:uuid}/outcomes"
    tags = ["outcomes"]

    @put(
        "/{checkpoint:str}",
        name="outcomes:api-write",
        summary="Record what became of the citizen at end, 3m or 6m: 201 the first time, 200 after",
        responses={201: ResponseSpec(OutcomeOut, description="The first outcome recorded at this checkpoint")},
        description="Only the placement's consultant. From the placement's end (the day it was ended, else its "
        "planned end); 3m and 6m from 14 days before they fall due. ordinary_hours_per_week (0-80) goes with "
        "ordinary_job and flex_job only. If-Match is optional: with it, a stale version is a 409 (If-Match: 0 when "
        "none should be recorded yet).",
    )
    async def write(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
        placement_id: FromPath[uuid.UUID],
        checkpoint: FromPath[str],
        data: Annotated[OutcomeIn, Body()],
    ) -> Response[OutcomeOut]:
        row, created = await services.record_outcome(
            db_session,
            actor,
            placement_id,
            checkpoint,
            status=data.status,
            observed_on=data.date,
            hours=data.ordinary_hours_per_week,
            note=data.note,
            version=if_match_version(request) if "if-match" in request.headers else None,
            today=clock.today(),
        )
        return Response(outcome_out(row), status_code=201 if created else 200)

    @get("/", name="outcomes:api-list", summary="The checkpoints end, 3m and 6m with their outcomes (consultant)")
    async def read(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
        placement_id: FromPath[uuid.UUID],
    ) -> list[CheckpointOut]:
        found = await services.read_outcomes(db_session, actor, placement_id, today=clock.today())
        return [
            CheckpointOut(
                checkpoint=c.checkpoint,
                due_on=c.due_on,
                earliest_on=c.earliest_on,
                outcome=outcome_out(c.outcome) if c.outcome else None,
            )
            for c in found.checkpoints
        ]
