"""The consultant's start page /oversigt: the caseload with what needs attention first."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.identity import Actor
from placement.clock import Clock
from placement.outcomes import services as outcome_services
from placement.overview import services
from placement.web.render import page


class OverviewPageController(Controller):
    include_in_schema = False

    @get("/oversigt", name="overview:index")
    async def overview_page(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
    ) -> Template:
        settings = request.app.state.settings
        rows = await services.caseload(
            db_session,
            actor,
            settings.recommendation,
            today=clock.today(),
            interval_days=settings.self_assessment_interval_days,
        )
        follow_ups = await outcome_services.due_follow_ups(db_session, actor, today=clock.today())
        return page(request, "overview/index.html", {"rows": rows, "follow_ups": follow_ups})
