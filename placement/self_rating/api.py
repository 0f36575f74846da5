"""The citizen's own weekly rating as JSON: PUT and GET under /api/placements/{id}/self-rating."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, put
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body, FromPath
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import relation_of, sees_self_rating_notes
from placement.auth.identity import Actor
from placement.self_rating import services
from placement.self_rating.schemas import SelfRatingIn, SelfRatingOut, self_rating_out

DbSession = NamedDependency[AsyncSession]
CurrentActor = NamedDependency[Actor]


class SelfRatingApiController(Controller):
    path = "/api/placements/{placement_id:uuid}/self-rating"
    tags = ["self-rating"]

    @put(
        "/{week:str}",
        name="self_rating:api-write",
        summary="The citizen rates their own sub-goals for an ISO week: 201 the first time, 200 after",
        responses={201: ResponseSpec(SelfRatingOut, description="The citizen's first rating of the week")},
        description="Only the placement's citizen writes it, kept apart from the observers' weekly log. A PUT "
        "replaces the week's rating as a whole. The weeks that can be rated are the weekly log's: from the "
        "placement's first week to PLACEMENT_LOG_GRACE_WEEKS after its end, never a week that has not begun.",
    )
    async def write(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        placement_id: FromPath[uuid.UUID],
        week: FromPath[str],
        data: Annotated[SelfRatingIn, Body()],
    ) -> Response[SelfRatingOut]:
        row, created = await services.write_self_rating(
            db_session,
            actor,
            placement_id,
            week,
            data.to_input(),
            grace_weeks=request.app.state.settings.log_grace_weeks,
            clock=request.app.state.clock,
        )
        shown = services.ShownSelfRating.of(row, relation_of(actor.role))
        return Response(self_rating_out(shown, with_notes=True), status_code=201 if created else 200)

    @get(
        "/",
        name="self_rating:api-read",
        summary="The citizen's own ratings, newest week first; their notes only for the jobcenter and the citizen",
    )
    async def read(
        self, db_session: DbSession, actor: CurrentActor, placement_id: FromPath[uuid.UUID]
    ) -> list[SelfRatingOut]:
        shown = await services.read_self_ratings(db_session, actor, placement_id)
        notes = sees_self_rating_notes(relation_of(actor.role))
        return [self_rating_out(one, with_notes=notes) for one in shown]
