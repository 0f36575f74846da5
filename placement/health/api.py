"""GET /health: answers 200 when the database answers, 503 when it does not."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.response import Response
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE
from sqlalchemy.ext.asyncio import AsyncEngine

from placement.health.services import database_answers


class HealthController(Controller):
    path = "/health"
    tags = ["health"]

    @get("/", name="health:check", opt={"public": True}, summary="Service and database health")
    async def health(self, db_engine: NamedDependency[AsyncEngine]) -> Response[dict[str, str]]:
        if not await database_answers(db_engine):
            return Response(
                {"status": "unavailable", "database": "unreachable"}, status_code=HTTP_503_SERVICE_UNAVAILABLE
            )
        return Response({"status": "ok", "database": "ok"})
