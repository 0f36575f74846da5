"""GET /api/me/data-use: when the calling citizen's data was used, and their consents."""

from __future__ import annotations

from litestar import Controller, get
from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.identity import Actor
from placement.citizen_view import services
from placement.citizen_view.schemas import DataUsesOut, data_uses_out


class MeDataUseApiController(Controller):
    path = "/api/me/data-use"
    tags = ["me"]

    @get(
        "/",
        name="citizen_view:api-data-use",
        summary="When the caller's data was used: by which role, what and why, newest first; citizens only",
    )
    async def data_use(self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor]) -> DataUsesOut:
        uses = await services.my_data_uses(db_session, actor)
        return data_uses_out(uses, await services.my_consents(db_session, actor))
