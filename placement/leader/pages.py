"""The leader's start page /ledelse: a plain page until management information comes."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.response import Template

from placement.auth.identity import Actor
from placement.leader import services
from placement.web.render import page


class LeaderPageController(Controller):
    include_in_schema = False

    @get("/ledelse", name="leader:start")
    async def start(self, request: Request[Any, Any, Any], actor: NamedDependency[Actor]) -> Template:
        services.leader_start(actor)
        return page(request, "leader/start.html")
