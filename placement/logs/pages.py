"""The weekly log's pages: the phone form and its receipt under /forloeb/{id}/logbog; the old paths lead there."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_301_MOVED_PERMANENTLY
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.identity import Actor
from placement.db.unit_of_work import attempt
from placement.errors import InvalidInput, RuleViolation
from placement.logs import services, views
from placement.logs.api import grace_weeks
from placement.logs.receipt import receipt_page
from placement.web.render import page, request_language

DbSession = NamedDependency[AsyncSession]
CurrentActor = NamedDependency[Actor]


class LogPageController(Controller):
    path = "/forloeb/{placement_id:uuid}/logbog"
    include_in_schema = False

    @get("/", name="logs:form")
    async def form(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        placement_id: FromPath[uuid.UUID],
        week: FromQuery[str | None] = None,
    ) -> Template:
        form = await services.log_form(
            db_session,
            actor,
            placement_id,
            week,
            grace_weeks=grace_weeks(request),
            today=request.app.state.clock.today(),
        )
        return page(request, "logs/form.html", {"form": views.form_page(form, request_language(request))})

    @post("/", name="logs:save", status_code=303)
    async def save(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        placement_id: FromPath[uuid.UUID],
        data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Template | Redirect:
        posted = views.read_form(data)
        if data.get(views.PREVIOUS_HOURS):
            return await self._with_previous_hours(request, db_session, actor, placement_id, posted)
        try:
            async with attempt(db_session):
                log, _ = await services.write_log(
                    db_session,
                    actor,
                    placement_id,
                    posted.week,
                    posted.data,
                    grace_weeks=grace_weeks(request),
                    clock=request.app.state.clock,
                    found=posted.problems,
                )
        except services.EntryRefused as refused:
            # What the form could not read and every rule the rest breaks, as the service listed them.
            errors = views.form_errors(refused.problems, posted.data)
        except (InvalidInput, RuleViolation) as error:
            if error.field != "week":
                raise
            # A week that cannot be written is explained above the form, beside what the form itself refused.
            errors = views.form_errors(posted.problems, posted.data)
        else:
            return Redirect(
                request.app.route_reverse("logs:receipt", placement_id=log.placement_id, week=log.week), status_code=303
            )
        # The form again with everything typed and each problem beside its field. Nothing was written (the attempt
        # was rolled back); the page reads the placement again, and that read's audit row is kept with the 400.
        form = await services.log_form(
            db_session,
            actor,
            placement_id,
            posted.week or None,
            grace_weeks=grace_weeks(request),
            today=request.app.state.clock.today(),
        )
        view = views.form_page(form, request_language(request), posted=posted, errors=errors)
        return page(request, "logs/form.html", {"form": view}, status_code=400)

    async def _with_previous_hours(
        self,
        request: Request[Any, Any, Any],
        db_session: AsyncSession,
        actor: Actor,
        placement_id: uuid.UUID,
        posted: views.PostedForm,
    ) -> Template:
        """The button for last week's hours, pressed without a script: the form again with them filled in, unsaved."""
        form = await services.log_form(
            db_session,
            actor,
            placement_id,
            posted.week or None,
            grace_weeks=grace_weeks(request),
            today=request.app.state.clock.today(),
        )
        lang = request_language(request)
        offer = views.hours_offer(form, lang)
        shown = views.with_previous_hours(posted, offer) if offer else posted
        view = views.form_page(form, lang, posted=shown, filled_from_previous=offer is not None)
        return page(request, "logs/form.html", {"form": view})

    @get("/{week:str}", name="logs:receipt")
    async def receipt(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        placement_id: FromPath[uuid.UUID],
        week: FromPath[str],
    ) -> Template | Redirect:
        form = await services.log_form(
            db_session,
            actor,
            placement_id,
            week,
            grace_weeks=grace_weeks(request),
            today=request.app.state.clock.today(),
        )
        receipt = receipt_page(form) if form.refused_kind is None else None
        if receipt is None:
            return Redirect(request.app.route_reverse("logs:form", placement_id=form.placement_id), status_code=303)
        return page(request, "logs/receipt.html", {"receipt": receipt})


class OldLogPathController(Controller):
    """The form's first address, /placements/{id}/log: bookmarks and old links move on to /forloeb/{id}/logbog."""

    path = "/placements/{placement_id:uuid}/log"
    include_in_schema = False

    @get("/", name="logs:old-form")
    async def form(self, request: Request[Any, Any, Any], placement_id: FromPath[uuid.UUID]) -> Redirect:
        target = request.app.route_reverse("logs:form", placement_id=placement_id)
        query = request.url.query
        return Redirect(f"{target}?{query}" if query else target, status_code=HTTP_301_MOVED_PERMANENTLY)

    @get("/{week:str}", name="logs:old-receipt")
    async def receipt(
        self, request: Request[Any, Any, Any], placement_id: FromPath[uuid.UUID], week: FromPath[str]
    ) -> Redirect:
        target = request.app.route_reverse("logs:receipt", placement_id=placement_id, week=week)
        return Redirect(target, status_code=HTTP_301_MOVED_PERMANENTLY)
