"""GET /api/questions and the factor page /faktorer."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.response import Template

from placement.questions.schemas import QuestionBankOut
from placement.questions.services import bank_view
from placement.web.render import page


class QuestionApiController(Controller):
    path = "/api/questions"
    tags = ["questions"]

    @get("/", opt={"public": True}, summary="The question bank for factors A–E, options 5 (most positive) to 1")
    async def list_questions(self, request: Request[Any, Any, Any]) -> QuestionBankOut:
        return bank_view(request.app.state.bank)


class FactorPageController(Controller):
    path = "/faktorer"
    include_in_schema = False

    @get("/", opt={"public": True})
    async def factors_page(self, request: Request[Any, Any, Any]) -> Template:
        return page(
            request, "pages/factors.html", {"bank": bank_view(request.app.state.bank, include_caseworker_factor=True)}
        )
