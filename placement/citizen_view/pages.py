"""The citizen's pages: /mig (their placements) and /mig/brug-af-data (when their data was used)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.assessments.views import consent_rows
from placement.auth.identity import Actor
from placement.citizen_view import services, views
from placement.clock import Clock
from placement.self_rating import services as self_rating
from placement.self_rating.views import form_view
from placement.web.render import page, request_language


class CitizenPageController(Controller):
    path = "/mig"
    include_in_schema = False

    @get("/", name="citizen_view:overview")
    async def overview(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
        week: FromQuery[str | None] = None,
        saved: FromQuery[str | None] = None,
    ) -> Template:
        overviews = await services.citizen_overview(
            db_session,
            actor,
            request.app.state.bank,
            today=clock.today(),
            interval_days=request.app.state.settings.self_assessment_interval_days,
        )
        lang = request_language(request)
        # The citizen's own rating of the week, per placement: `week` picks an earlier week, `saved` thanks for one.
        own = {
            str(overview.id): form_view(
                await self_rating.citizen_form(
                    db_session,
                    actor,
                    overview.id,
                    week,
                    grace_weeks=request.app.state.settings.log_grace_weeks,
                    today=clock.today(),
                )
            )
            for overview in overviews
        }
        return page(
            request,
            "citizen_view/overview.html",
            {
                "placements": [views.placement_page(overview, lang) for overview in overviews],
                "self_forms": own,
                "just_saved": saved is not None,
            },
        )

    @get("/brug-af-data", name="citizen_view:data-use")
    async def data_use(
        self, request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor]
    ) -> Template:
        uses = await services.my_data_uses(db_session, actor)
        lang = request_language(request)
        consents = [
            (state.company, consent_rows(state, lang)) for state in await services.my_consents(db_session, actor)
        ]
        return page(
            request, "citizen_view/data_use.html", {"days": views.data_use_days(uses, lang), "consents": consents}
        )
