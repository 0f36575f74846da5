"""The company contact's and mentor's start page /mine-forloeb."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.identity import Actor
from placement.clock import Clock
from placement.partner import services
from placement.web.render import page


class PartnerPageController(Controller):
    include_in_schema = False

    @get("/mine-forloeb", name="partner:start")
    async def start(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
    ) -> Template:
        placements = await services.my_placements(
            db_session, actor, grace_weeks=request.app.state.settings.log_grace_weeks, today=clock.today()
        )
        return page(request, "partner/start.html", {"placements": placements})
