"""The factor page /faktorer: the factors and their questions."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.response import Template

from placement.questions.services import bank_view
from placement.web.render import page


class FactorPageController(Controller):
    path = "/faktorer"
    include_in_schema = False

    @get("/", name="questions:factors", opt={"public": True})
    async def factors_page(self, request: Request[Any, Any, Any]) -> Template:
        return page(
            request, "pages/factors.html", {"bank": bank_view(request.app.state.bank, include_caseworker_factor=True)}
        )
