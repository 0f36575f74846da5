"""GET /api/insights/calibration: how well the observer roles agree on the scale steps, per pair and month."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.identity import Actor
from placement.clock import Clock
from placement.insights import calibration as services
from placement.insights.schemas import Calibration


class CalibrationApiController(Controller):
    path = "/api/insights/calibration"
    tags = ["insights"]

    @get(
        "/",
        name="insights:api-calibration",
        summary="Calibration: agreement between observer roles per role pair and month (the leader's)",
        description="`from` and `to` are months (YYYY-MM), the last twelve months by default, at most ten years, "
        "none in the future. A pair and month with fewer citizens than the suppression threshold has no figures.",
    )
    async def calibration(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
        period_from: Annotated[str | None, QueryParameter(name="from", description="The first month, YYYY-MM")] = None,
        period_to: Annotated[str | None, QueryParameter(name="to", description="The last month, YYYY-MM")] = None,
    ) -> Calibration:
        # The query is read whole, so that an unknown or repeated parameter is refused by its name too.
        return await services.calibration_asked(
            db_session,
            actor,
            request.query_params.dict(),
            today=clock.today(),
            suppress_below=request.app.state.settings.insights_suppress_below,
        )
