"""The progress API: GET /api/placements/{id}/progress in the shape of the public API, and the report as PDF."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, FromQuery
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Audience
from placement.auth.identity import Actor
from placement.clock import Clock
from placement.errors import InvalidInput
from placement.i18n import LANGUAGES
from placement.progress import report, services
from placement.progress.schemas import ProgressOut, progress_out
from placement.web.render import request_language

logger = logging.getLogger(__name__)

DbSession = NamedDependency[AsyncSession]
CurrentActor = NamedDependency[Actor]


class ProgressApiController(Controller):
    path = "/api/placements/{placement_id:uuid}/progress"
    tags = ["progress"]

    @get(
        "/",
        name="progress:api-read",
        summary="Progress: factor scores, sub-goal ratings per observer, hours, small steps, the recommendation",
    )
    async def progress(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        clock: NamedDependency[Clock],
        placement_id: FromPath[uuid.UUID],
    ) -> ProgressOut:
        thresholds = request.app.state.settings.recommendation
        access = await services.progress_for(db_session, actor, placement_id, thresholds)
        view = await services.build_view(
            db_session, access, access.relation, actor.user_id, thresholds, today=clock.today()
        )
        return progress_out(view)


def _audience(raw: str) -> Audience:
    try:
        return Audience(raw)
    except ValueError:
        raise InvalidInput("audience must be citizen, company or jobcenter", field="audience") from None


def _language(raw: str) -> str:
    if raw not in LANGUAGES:
        raise InvalidInput(f"lang must be one of {', '.join(LANGUAGES)}", field="lang")
    return raw


class ReportApiController(Controller):
    path = "/api/placements/{placement_id:uuid}/report.pdf"
    tags = ["report"]

    @get(
        "/",
        name="progress:api-report",
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
        db_session: DbSession,
        actor: CurrentActor,
        clock: NamedDependency[Clock],
        placement_id: FromPath[uuid.UUID],
        audience: FromQuery[str] = "jobcenter",
        lang: FromQuery[str | None] = None,
    ) -> Response[bytes]:
        """The report speaks the reader's language (their language choice, else the browser's; `lang` overrides it,
        for a consultant who prints the English version for a citizen)."""
        language = _language(lang) if lang is not None else request_language(request)
        exported = await report.export_report(
            db_session,
            actor,
            placement_id,
            _audience(audience),
            thresholds=request.app.state.settings.recommendation,
            renderer=request.app.state.pdf_renderer,
            environment=request.app.template_engine.engine,  # type: ignore[union-attr]
            today=clock.today(),
            lang=language,
            translations=request.app.state.catalogues.get(language),
        )
        if exported.pdf is None:
            logger.warning(
                "PDF render failed, serving HTML instead: %s (request %s)",
                exported.failure,
                request.scope["state"].get("request_id", ""),
            )
            return Response(
                exported.html.encode(), status_code=503, media_type="text/html", headers={"Retry-After": "30"}
            )
        return Response(
            exported.pdf,
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="{exported.file_name}"',
                "Content-Language": language,
            },
        )
