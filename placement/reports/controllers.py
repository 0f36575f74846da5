"""The PDF for each audience, and the progress page (which links to the decision page)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, FromQuery
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Audience, Permission, relation_for_audience, report_audiences
from placement.auth.identity import Actor
from placement.clock import Clock
from placement.db.unit_of_work import outside_transaction
from placement.errors import InvalidInput, NotFound
from placement.progress import services as progress
from placement.reports import services
from placement.reports.rendering import PdfRenderer, RenderFailed
from placement.web.render import page

logger = logging.getLogger(__name__)


def _audience(raw: str) -> Audience:
    try:
        return Audience(raw)
    except ValueError:
        raise InvalidInput("audience must be citizen, company or jobcenter", field="audience") from None


def render_report_html(request: Request[Any, Any, Any], context: dict[str, Any]) -> str:
    environment = request.app.template_engine.engine  # type: ignore[union-attr]
    css = request.app.state.pdf_renderer.css
    return environment.get_template("reports/report.html").render(**context, report_css=css)


class ReportApiController(Controller):
    path = "/api/placements/{placement_id:str}/report.pdf"
    tags = ["report"]

    @get(
        "/",
        summary="The shared progress report as PDF, for the citizen, the company or the jobcenter",
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
    async def report(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
        placement_id: FromPath[str],
        audience: FromQuery[str] = "jobcenter",
    ) -> Response[bytes]:
        wanted = _audience(audience)
        thresholds = request.app.state.settings.recommendation
        access = await progress.progress_for(
            db_session, actor, placement_id, thresholds, permission=Permission.READ_REPORT, action="pdf"
        )
        if wanted not in report_audiences(access.relation):
            raise NotFound()
        # Only the jobcenter's own version may carry a consultant's internal entries; others see shared ones only.
        viewer_id = actor.user_id if wanted is Audience.JOBCENTER else None
        today = clock.today()
        key = await services.cache_key(db_session, access, wanted, viewer_id, today=today)
        headers = {"Content-Disposition": f'inline; filename="forloebsrapport-{wanted.value}.pdf"'}
        if (cached := await services.cached_pdf(db_session, key)) is not None:
            return Response(cached, media_type="application/pdf", headers=headers)
        view = await progress.build_view(
            db_session, access, relation_for_audience(wanted), viewer_id, thresholds, today=today
        )
        data = services.report_data(view, wanted)
        html = render_report_html(request, services.template_context(data, view.progress, generated=today))
        renderer: PdfRenderer = request.app.state.pdf_renderer
        # What was read, and the audit row of this export, are committed before the render: no transaction (on
        # SQLite: no write lock, which every other writer would wait for) stays open for the second it takes.
        try:
            async with outside_transaction(db_session):
                pdf = await renderer.render(html)
        except RenderFailed as failure:
            logger.warning(
                "PDF render failed, serving HTML instead: %s (request %s)",
                failure,
                request.scope["state"].get("request_id", ""),
            )
            # The printable HTML says the same; the request still counts as served, so its audit row stays.
            return Response(html, status_code=503, media_type="text/html", headers={"Retry-After": "30"})
        await services.store_pdf(db_session, key=key, placement_id=view.placement.id, audience=wanted, pdf=pdf)
        return Response(pdf, media_type="application/pdf", headers=headers)


class ProgressPageController(Controller):
    path = "/forloeb/{placement_id:str}"
    include_in_schema = False

    async def _render(
        self,
        request: Request[Any, Any, Any],
        db: AsyncSession,
        actor: Actor,
        placement_id: str,
        *,
        today: dt.date,
    ) -> Template:
        thresholds = request.app.state.settings.recommendation
        access = await progress.progress_for(db, actor, placement_id, thresholds)
        view = await progress.build_view(db, access, access.relation, actor.user_id, thresholds, today=today)
        audience = {"consultant": Audience.JOBCENTER, "citizen": Audience.CITIZEN}.get(
            access.relation.value, Audience.COMPANY
        )
        data = services.report_data(view, audience)
        return page(
            request,
            "reports/page.html",
            {
                **services.template_context(data, view.progress, generated=today),
                "placement_id": str(view.placement.id),
                "audiences": sorted(a.value for a in report_audiences(access.relation)),
                "may_decide": access.relation.value == "consultant" and view.placement.status.value != "ended",
            },
        )

    @get("/fremskridt")
    async def progress_page(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
        placement_id: FromPath[str],
    ) -> Template:
        return await self._render(request, db_session, actor, placement_id, today=clock.today())
