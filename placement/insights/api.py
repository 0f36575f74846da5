"""GET /api/insights (JSON), /api/insights.csv and /api/insights/evidence: sums only, never a placement."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.identity import Actor
from placement.clock import Clock
from placement.insights import services
from placement.insights.csv import insights_csv
from placement.insights.schemas import Evidence, Insights
from placement.web.render import request_language

_PARAMETERS = (
    "Parameters: from, to (YYYY-MM; default this month), group_by (factor, company, target_group, purpose, "
    "length), target_group, company_id, purpose. A group of fewer citizens than the threshold is suppressed."
)


def _params(request: Request[Any, Any, Any]) -> dict[str, str]:
    return {name: request.query_params[name] for name in request.query_params}


class InsightsApiController(Controller):
    path = "/api"
    tags = ["insights"]

    @get("/insights", name="insights:api", summary="Management information for a period", description=_PARAMETERS)
    async def insights(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
    ) -> Insights:
        return await self._insights(request, db_session, actor, clock)

    @get(
        "/insights.csv",
        name="insights:api-csv",
        summary="Management information as CSV for Excel (UTF-8 with BOM, ';', decimal comma)",
        description=_PARAMETERS,
        media_type="text/csv",
    )
    async def insights_csv(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
    ) -> Response[bytes]:
        result = await self._insights(request, db_session, actor, clock)
        filename = f"indsigt-{result.period_from}-{result.period_to}.csv"
        return Response(
            insights_csv(result, lang=request_language(request)),
            media_type="text/csv",
            headers={"content-disposition": f'attachment; filename="{filename}"'},
        )

    @get(
        "/insights/evidence",
        name="insights:api-evidence",
        summary="Share in job or education six months on, by each factor's change and by ordinary hours reached",
        description="Association in the jobcenter's own data, not cause. " + _PARAMETERS,
    )
    async def evidence(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
    ) -> Evidence:
        services.require_insights(actor)
        today = clock.today()
        query = services.parse_query(_params(request), today=today)
        return await services.evidence(
            db_session, actor, query, suppress_below=request.app.state.settings.insights_suppress_below, today=today
        )

    @staticmethod
    async def _insights(request: Request[Any, Any, Any], db: AsyncSession, actor: Actor, clock: Clock) -> Insights:
        services.require_insights(actor)
        today = clock.today()
        query = services.parse_query(_params(request), today=today)
        return await services.insights(
            db,
            actor,
            query,
            suppress_below=request.app.state.settings.insights_suppress_below,
            today=today,
            target_groups=request.app.state.target_groups,
        )
