"""The progress page under /forloeb/{id}/fremskridt: progress, the recommendation and the report versions."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import page_audience, report_audiences
from placement.auth.identity import Actor
from placement.clock import Clock
from placement.progress import report, services
from placement.web.render import page, request_language


class ProgressPageController(Controller):
    path = "/forloeb/{placement_id:uuid}"
    include_in_schema = False

    @get("/fremskridt", name="progress:page")
    async def progress_page(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
        placement_id: FromPath[uuid.UUID],
    ) -> Template:
        thresholds = request.app.state.settings.recommendation
        today = clock.today()
        access = await services.progress_for(db_session, actor, placement_id, thresholds)
        view = await services.build_view(db_session, access, access.relation, actor.user_id, thresholds, today=today)
        audience = page_audience(access.relation)
        language = request_language(request)
        data = await report.gather_report_data(db_session, actor, access, view, audience, today=today, lang=language)
        return page(
            request,
            "reports/page.html",
            {
                **report.template_context(
                    data,
                    view.progress,
                    generated=today,
                    gettext=request.app.state.catalogues.get(language).gettext,
                ),
                "placement_id": str(view.placement.id),
                "audiences": sorted(a.value for a in report_audiences(access.relation)),
                "may_decide": access.relation.value == "consultant" and view.placement.status.value != "ended",
            },
        )
