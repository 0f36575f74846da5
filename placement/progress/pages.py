"""The progress page under /forloeb/{id}/fremskridt, and the consultant's decision form on it."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import page_audience, report_audiences
from placement.auth.identity import Actor
from placement.db.unit_of_work import attempt
from placement.errors import ServiceError
from placement.placements.services import record_decision
from placement.progress import report, services
from placement.web.render import page


class DecisionForm(msgspec.Struct):
    decision: str = ""
    reason: str = ""
    verdict_shown: str = ""


class ProgressPageController(Controller):
    path = "/forloeb/{placement_id:uuid}"
    include_in_schema = False

    async def _render(
        self,
        request: Request[Any, Any, Any],
        db: AsyncSession,
        actor: Actor,
        placement_id: uuid.UUID,
        *,
        form: DecisionForm | None = None,
        error: ServiceError | None = None,
        status_code: int = 200,
    ) -> Template:
        thresholds = request.app.state.settings.recommendation
        access = await services.progress_for(db, actor, placement_id, thresholds)
        view = await services.build_view(db, access, access.relation, actor.user_id, thresholds)
        data = report.report_data(view, page_audience(access.relation))
        return page(
            request,
            "reports/page.html",
            {
                **report.template_context(data, view.progress),
                "placement_id": str(view.placement.id),
                "audiences": sorted(a.value for a in report_audiences(access.relation)),
                "may_decide": access.relation.value == "consultant" and view.placement.status.value != "ended",
                "form": form or DecisionForm(verdict_shown=data["verdict"]),
                "error": error,
            },
            status_code=status_code,
        )

    @get("/fremskridt", name="progress:page")
    async def progress_page(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
    ) -> Template:
        return await self._render(request, db_session, actor, placement_id)

    @post("/beslutning", status_code=303)
    async def decide(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
        data: URLEncodedBody[DecisionForm],
    ) -> Template | Redirect:
        try:
            async with attempt(db_session):
                await record_decision(
                    db_session,
                    actor,
                    str(placement_id),
                    decision=data.decision,
                    reason=data.reason,
                    verdict_shown=data.verdict_shown or None,
                )
        except ServiceError as error:
            if error.status_code in (403, 404):
                raise
            return await self._render(
                request, db_session, actor, placement_id, form=data, error=error, status_code=error.status_code
            )
        return Redirect(f"/forloeb/{placement_id}/fremskridt", status_code=303)
