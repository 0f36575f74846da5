"""GET /health: answers 200 when the database answers, 503 when it does not."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.response import Response
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine


class HealthController(Controller):
    path = "/health"
    tags = ["health"]

    @get("/", opt={"public": True}, summary="Service and database health")
    async def health(self, db_engine: NamedDependency[AsyncEngine]) -> Response[dict[str, str]]:
        try:
            async with db_engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except (SQLAlchemyError, OSError):
            return Response(
                {"status": "unavailable", "database": "unreachable"}, status_code=HTTP_503_SERVICE_UNAVAILABLE
            )
        return Response({"status": "ok", "database": "ok"})
