"""The weekly log's JSON API: PUT and GET per the public API under /api/placements/{id}/log."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, put
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body, FromPath
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.identity import Actor
from placement.logs import services
from placement.logs.schemas import LogIn, LogOut, log_out

DbSession = NamedDependency[AsyncSession]
CurrentActor = NamedDependency[Actor]


def grace_weeks(request: Request[Any, Any, Any]) -> int:
    return request.app.state.settings.log_grace_weeks


class LogApiController(Controller):
    path = "/api/placements/{placement_id:uuid}/log"
    tags = ["weekly log"]

    @put(
        "/{week:str}",
        name="logs:api-write",
        summary="Write this observer's entry for an ISO week: 201 the first time, 200 after",
        responses={201: ResponseSpec(LogOut, description="The first entry of this author for the week")},
        description="One entry per placement, ISO week and author; writing again updates it and replaces its "
        "ratings. Weeks from the placement's first week to PLACEMENT_LOG_GRACE_WEEKS (default 2) "
        "weeks after its end can be written, never a week that has not begun (422 otherwise).",
    )
    async def write(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        placement_id: FromPath[uuid.UUID],
        week: FromPath[str],
        data: Annotated[LogIn, Body()],
    ) -> Response[LogOut]:
        log, created = await services.write_log(
            db_session,
            actor,
            placement_id,
            week,
            data.to_input(),
            grace_weeks=grace_weeks(request),
            clock=request.app.state.clock,
        )
        # The author is the signed-in person, whose name the session already brought.
        return Response(log_out(log, actor.name), status_code=201 if created else 200)

    @get("/", name="logs:api-read", summary="The entries the caller may see, newest week first")
    async def read(self, db_session: DbSession, actor: CurrentActor, placement_id: FromPath[uuid.UUID]) -> list[LogOut]:
        return [log_out(e.log, e.author_name) for e in await services.read_log(db_session, actor, placement_id)]
