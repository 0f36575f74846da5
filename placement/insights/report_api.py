"""GET /api/insights/report.pdf?month=YYYY-MM: the monthly report of management information as PDF."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromQuery
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.identity import Actor
from placement.clock import Clock
from placement.db.unit_of_work import outside_transaction
from placement.insights import report
from placement.progress.rendering import RenderFailed

logger = logging.getLogger(__name__)


class InsightsReportApiController(Controller):
    path = "/api/insights/report.pdf"
    tags = ["insights"]

    @get(
        "/",
        name="insights:api-report",
        summary="The monthly report of management information as PDF: the month's figures, charts and local evidence",
        media_type="application/pdf",
        responses={
            503: ResponseSpec(
                str,
                media_type="text/html",
                generate_examples=False,
                description="Rendering failed: the printable HTML instead; Retry-After says when to try again",
            )
        },
    )
    async def report_pdf(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
        month: FromQuery[str] = "",
        group_by: FromQuery[str] = "",
        target_group: FromQuery[str] = "",
        company_id: FromQuery[str] = "",
        purpose: FromQuery[str] = "",
    ) -> Response[bytes]:
        made = await report.monthly(
            db_session,
            actor,
            month,
            {"group_by": group_by, "target_group": target_group, "company_id": company_id, "purpose": purpose},
            suppress_below=request.app.state.settings.insights_suppress_below,
            today=clock.today(),
            environment=request.app.template_engine.engine,  # type: ignore[union-attr]
            target_groups=request.app.state.target_groups,
        )
        # The audit row of this read is committed before the render: no transaction stays open for its second.
        try:
            async with outside_transaction(db_session):
                pdf = await request.app.state.pdf_renderer.render(made.html)
        except RenderFailed as failure:
            logger.warning(
                "PDF render failed, serving HTML instead: %s (request %s)",
                failure,
                request.scope["state"].get("request_id", ""),
            )
            return Response(made.html.encode(), status_code=503, media_type="text/html", headers={"Retry-After": "30"})
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="indsigt-{made.month}.pdf"'},
        )
