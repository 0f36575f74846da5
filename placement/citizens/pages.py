"""The consultant's citizen pages: their citizens with a search, a new citizen, and one citizen with their placements."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Permission, require
from placement.auth.identity import Actor
from placement.citizens import services
from placement.citizens.groups import filter_context, group_filter, target_groups
from placement.citizens.schemas import CitizenForm, citizen_out, form_of
from placement.concurrency import Change, StaleEdit, form_version
from placement.db.unit_of_work import attempt
from placement.errors import Conflict, InvalidInput, RuleViolation, ServiceError
from placement.placements import services as placement_services
from placement.placements import views as placement_views
from placement.web.render import page, request_language


class CitizenRecordPageController(Controller):
    path = "/borgere"
    include_in_schema = False

    @get("/", name="citizens:index")
    async def index(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        q: FromQuery[str] = "",
        target_group: FromQuery[str] = "",
    ) -> Template:
        require(actor, Permission.MANAGE_CITIZENS)  # 403 for another role before any filter is read
        groups, lang = target_groups(request), request_language(request)
        try:
            chosen = group_filter(target_group, groups)
        except (InvalidInput, RuleViolation) as refused:
            # Said beside the filter; nothing was listed.
            refusal: dict[str, Any] = {
                "q": q,
                "citizens": [],
                "search_error": None,
                "groups": filter_context(groups, lang, "", refused),
            }
            return page(request, "citizens/index.html", refusal, status_code=refused.status_code)
        context: dict[str, Any] = {"q": q, "groups": filter_context(groups, lang, chosen)}
        try:
            citizens = await services.list_citizens(db_session, actor, q, target_group=chosen)
        except InvalidInput as refused:
            # Said beside the search field; nothing was searched, so nothing is listed.
            context |= {"citizens": [], "search_error": refused}
            return page(request, "citizens/index.html", context, status_code=refused.status_code)
        return page(
            request,
            "citizens/index.html",
            {**context, "citizens": [citizen_out(c) for c in citizens], "search_error": None},
        )

    def _new(self, request: Request[Any, Any, Any], form: CitizenForm, error: ServiceError | None = None) -> Template:
        return page(
            request,
            "citizens/new.html",
            {"form": form, "error": error, **_group_choices(request)},
            status_code=error.status_code if error else 200,
        )

    @get("/ny", name="citizens:new")
    async def new(self, request: Request[Any, Any, Any], actor: NamedDependency[Actor]) -> Template:
        require(actor, Permission.MANAGE_CITIZENS)
        return self._new(request, CitizenForm())

    @post("/ny", name="citizens:create", status_code=303)
    async def create(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        data: URLEncodedBody[CitizenForm],
    ) -> Template | Redirect:
        try:
            async with attempt(db_session):
                citizen = await services.create_citizen(
                    db_session,
                    actor,
                    target_groups(request),
                    name=data.name,
                    case_ref=data.case_ref,
                    target_group=data.target_group,
                )
        except (InvalidInput, Conflict, RuleViolation) as error:
            return self._new(request, data, error)
        return Redirect(request.app.route_reverse("citizens:page", citizen_id=citizen.id), status_code=303)

    async def _citizen(
        self,
        request: Request[Any, Any, Any],
        db: AsyncSession,
        actor: Actor,
        citizen_id: uuid.UUID,
        form: CitizenForm | None = None,
        error: ServiceError | None = None,
    ) -> Template:
        citizen = await services.get_citizen(db, actor, citizen_id)
        rows = await placement_services.list_placements(db, actor, citizen_id=citizen.id)
        changes: list[Change] = []
        if isinstance(error, StaleEdit) and form is not None:
            changes = error.changes
            fresh = form_of(citizen)
            form.version = fresh.version
            form.seen_name, form.seen_case_ref, form.seen_target_group = (
                fresh.seen_name,
                fresh.seen_case_ref,
                fresh.seen_target_group,
            )
        return page(
            request,
            "citizens/citizen.html",
            {
                "citizen": citizen_out(citizen),
                "form": form or form_of(citizen),
                "error": error,
                "changes": changes,
                "placements": placement_views.caseload_rows(
                    rows, request.app.state.clock.today(), request_language(request)
                ),
                "saved": request.query_params.get("gemt") == "1",
                **_group_choices(request),
            },
            status_code=error.status_code if error else 200,
        )

    @get("/{citizen_id:uuid}", name="citizens:page")
    async def citizen(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        citizen_id: FromPath[uuid.UUID],
    ) -> Template:
        return await self._citizen(request, db_session, actor, citizen_id)

    @post("/{citizen_id:uuid}", name="citizens:save", status_code=303)
    async def save(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        citizen_id: FromPath[uuid.UUID],
        data: URLEncodedBody[CitizenForm],
    ) -> Template | Redirect:
        try:
            async with attempt(db_session):
                await services.update_citizen(
                    db_session,
                    actor,
                    citizen_id,
                    target_groups(request),
                    version=form_version(data.version),
                    name=data.name,
                    case_ref=data.case_ref,
                    target_group=data.target_group,
                    seen=data.seen(),
                )
        except (InvalidInput, Conflict, RuleViolation) as error:
            return await self._citizen(request, db_session, actor, citizen_id, data, error)
        target = request.app.route_reverse("citizens:page", citizen_id=citizen_id)
        return Redirect(f"{target}?gemt=1", status_code=303)


def _group_choices(request: Request[Any, Any, Any]) -> dict[str, Any]:
    """The citizen form's target groups: (key, name) to choose from, and the keys (a stored value off the list)."""
    groups = target_groups(request)
    return {"group_choices": groups.choices(request_language(request)), "group_keys": groups.keys()}
