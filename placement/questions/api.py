"""GET /api/questions: the question bank."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get

from placement.questions.schemas import QuestionBankOut
from placement.questions.services import bank_view


class QuestionApiController(Controller):
    path = "/api/questions"
    tags = ["questions"]

    @get(
        "/",
        name="questions:api-list",
        opt={"public": True},
        summary="The question bank for factors A–E, options 5 (most positive) to 1",
    )
    async def list_questions(self, request: Request[Any, Any, Any]) -> QuestionBankOut:
        return bank_view(request.app.state.bank)
