"""The weekly log: PUT and GET per the public API, and the phone form with its receipt under /placements/{id}/log."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post, put
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.identity import Actor
from placement.clock import Clock
from placement.db.unit_of_work import attempt
from placement.errors import InvalidInput, RuleViolation
from placement.logs import services, views
from placement.logs.schemas import LogIn, LogOut, log_out
from placement.web.render import page, request_language

DbSession = NamedDependency[AsyncSession]
CurrentActor = NamedDependency[Actor]


def _grace_weeks(request: Request[Any, Any, Any]) -> int:
    return request.app.state.settings.log_grace_weeks


class LogApiController(Controller):
    path = "/api/placements/{placement_id:str}/log"
    tags = ["weekly log"]

    @put(
        "/{week:str}",
        summary="Write this observer's entry for an ISO week: 201 the first time, 200 after",
        responses={201: ResponseSpec(LogOut, description="The first entry of this author for the week")},
        description="One entry per placement, ISO week and author; writing again updates it and replaces its "
        "ratings. Weeks from the placement's first week to PLACEMENT_LOG_GRACE_WEEKS (default 2) "
        "weeks after its end can be written, never a week that has not begun (422 otherwise).",
    )
    async def write(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        clock: NamedDependency[Clock],
        placement_id: FromPath[str],
        week: FromPath[str],
        data: Annotated[LogIn, Body()],
    ) -> Response[LogOut]:
        log, created = await services.write_log(
            db_session, actor, placement_id, week, data.to_input(), grace_weeks=_grace_weeks(request), clock=clock
        )
        # The author is the signed-in person, whose name the session already brought.
        return Response(log_out(log, actor.name), status_code=201 if created else 200)

    @get("/", summary="The entries the caller may see, newest week first")
    async def read(self, db_session: DbSession, actor: CurrentActor, placement_id: FromPath[str]) -> list[LogOut]:
        return [log_out(e.log, e.author_name) for e in await services.read_log(db_session, actor, placement_id)]


class LogPageController(Controller):
    path = "/placements/{placement_id:str}/log"
    include_in_schema = False

    @get("/")
    async def form(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        clock: NamedDependency[Clock],
        placement_id: FromPath[str],
        week: FromQuery[str | None] = None,
    ) -> Template:
        form = await services.log_form(
            db_session, actor, placement_id, week, grace_weeks=_grace_weeks(request), today=clock.today()
        )
        return page(request, "logs/form.html", {"form": views.form_page(form, request_language(request))})

    @post("/", status_code=303)
    async def save(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        clock: NamedDependency[Clock],
        placement_id: FromPath[str],
        data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Template | Redirect:
        posted = views.read_form(data)
        try:
            async with attempt(db_session):
                if posted.problems:
                    raise views.FormProblems(posted.problems)
                log, _ = await services.write_log(
                    db_session,
                    actor,
                    placement_id,
                    posted.week,
                    posted.data,
                    grace_weeks=_grace_weeks(request),
                    clock=clock,
                )
            return Redirect(f"/placements/{log.placement_id}/log/{log.week}", status_code=303)
        except (views.FormProblems, services.EntryRefused):
            pass
        except (InvalidInput, RuleViolation) as error:
            if error.field != "week":
                raise
        # The form again with everything typed and each problem beside its field. Nothing was written (the attempt
        # was rolled back); the page reads the placement again, and that read's audit row is kept with the 400.
        form = await services.log_form(
            db_session, actor, placement_id, posted.week or None, grace_weeks=_grace_weeks(request), today=clock.today()
        )
        errors = views.all_problems(posted, form) if form.refused_kind is None else posted.problems
        view = views.form_page(form, request_language(request), posted=posted, errors=errors)
        return page(request, "logs/form.html", {"form": view}, status_code=400)

    @get("/{week:str}")
    async def receipt(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        clock: NamedDependency[Clock],
        placement_id: FromPath[str],
        week: FromPath[str],
    ) -> Template | Redirect:
        form = await services.log_form(
            db_session, actor, placement_id, week, grace_weeks=_grace_weeks(request), today=clock.today()
        )
        receipt = views.receipt_page(form, request_language(request)) if form.refused_kind is None else None
        if receipt is None:
            return Redirect(f"/placements/{form.placement_id}/log", status_code=303)
        return page(request, "logs/receipt.html", {"receipt": receipt})
