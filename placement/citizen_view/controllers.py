"""The citizen's pages /mig and /mig/brug-af-data, and GET /api/me/data-use."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.assessments.views import consent_rows
from placement.auth.identity import Actor
from placement.citizen_view import services, views
from placement.citizen_view.schemas import DataUsesOut, data_uses_out
from placement.clock import Clock
from placement.web.render import page, request_language

# Dependencies named explicitly (Litestar 2.23+): the plugin's request session and the signed-in actor.
DbSession = NamedDependency[AsyncSession]
CurrentActor = NamedDependency[Actor]


class CitizenPageController(Controller):
    path = "/mig"
    include_in_schema = False

    @get("/")
    async def overview(
        self, request: Request[Any, Any, Any], db_session: DbSession, actor: CurrentActor, clock: NamedDependency[Clock]
    ) -> Template:
        overviews = await services.citizen_overview(db_session, actor, request.app.state.bank, today=clock.today())
        lang = request_language(request)
        return page(
            request,
            "citizen/overview.html",
            {"placements": [views.placement_page(overview, lang) for overview in overviews]},
        )

    @get("/brug-af-data")
    async def data_use(self, request: Request[Any, Any, Any], db_session: DbSession, actor: CurrentActor) -> Template:
        uses = await services.my_data_uses(db_session, actor)
        lang = request_language(request)
        consents = [
            (state.company, consent_rows(state, lang)) for state in await services.my_consents(db_session, actor)
        ]
        return page(request, "citizen/data_use.html", {"days": views.data_use_days(uses, lang), "consents": consents})


class MeDataUseApiController(Controller):
    path = "/api/me/data-use"
    tags = ["me"]

    @get("/", summary="When the caller's data was used: by which role, what and why, newest first; citizens only")
    async def data_use(self, db_session: DbSession, actor: CurrentActor) -> DataUsesOut:
        uses = await services.my_data_uses(db_session, actor)
        return data_uses_out(uses, await services.my_consents(db_session, actor))
