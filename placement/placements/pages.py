"""The consultant's placement pages: the caseload, planning a new placement, the placement page, starting, editing."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Permission, require
from placement.auth.identity import Actor
from placement.citizens import services as citizen_services
from placement.citizens.groups import filter_context, group_filter, target_groups
from placement.companies import services as company_services
from placement.concurrency import StaleEdit, form_version
from placement.db.unit_of_work import attempt
from placement.errors import Checks, Conflict, InvalidInput, RuleViolation, ServiceError
from placement.outcomes import services as outcome_services
from placement.outcomes import views as outcome_views
from placement.placements import forms, services, views
from placement.placements.plans import linear_plan
from placement.web import forms as web_forms
from placement.web.render import page, request_language

# Planning is the consultant's: a company contact, mentor or citizen gets 403 here, and has pages of their own.
PLANNING = Permission.EDIT_PLACEMENT


def _next_monday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=7 - today.weekday())


def _to_placement(request: Request[Any, Any, Any], placement_id: uuid.UUID | str) -> Redirect:
    return Redirect(request.app.route_reverse("placements:page", placement_id=placement_id), status_code=303)


class PlacementPageController(Controller):
    path = "/forloeb"
    include_in_schema = False

    @get("/", name="placements:caseload")
    async def caseload(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        target_group: FromQuery[str] = "",
    ) -> Template:
        require(actor, PLANNING)
        groups, lang = target_groups(request), request_language(request)
        try:
            chosen = group_filter(target_group, groups)
        except (InvalidInput, RuleViolation) as refused:
            # Said beside the filter; nothing is listed.
            context = {"rows": [], "groups": filter_context(groups, lang, "", refused)}
            return page(request, "placements/caseload.html", context, status_code=refused.status_code)
        rows = await services.list_placements(db_session, actor, target_group=chosen)
        return page(
            request,
            "placements/caseload.html",
            {
                "rows": views.caseload_rows(rows, request.app.state.clock.today(), lang),
                "groups": filter_context(groups, lang, chosen),
            },
        )

    async def _new(
        self,
        request: Request[Any, Any, Any],
        db: AsyncSession,
        actor: Actor,
        form: forms.NewPlacementForm,
        error: ServiceError | None = None,
    ) -> Template:
        citizens = await citizen_services.list_citizens(db, actor, limit=500)
        companies = await company_services.list_companies(db, actor, limit=500)
        return page(
            request,
            "placements/new.html",
            {
                "form": form,
                "error": error,
                "citizens": [{"id": str(c.id), "label": f"{c.name} ({c.case_ref})"} for c in citizens],
                "companies": [{"id": str(c.id), "label": f"{c.name} (CVR {c.cvr})"} for c in companies],
            },
            status_code=error.status_code if error else 200,
        )

    @get("/nyt", name="placements:new")
    async def new(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        borger: FromQuery[str] = "",
        virksomhed: FromQuery[str] = "",
    ) -> Template:
        require(actor, Permission.CREATE_PLACEMENT)
        start = _next_monday(request.app.state.clock.today())
        end = start + dt.timedelta(weeks=13, days=-3)
        form = forms.NewPlacementForm(
            citizen_id=borger,
            company_id=virksomhed,
            start_date=start.isoformat(),
            planned_end_date=end.isoformat(),
            follow_up_date=(start + dt.timedelta(weeks=4)).isoformat(),
        )
        form.plan = forms.plan_table_for_period(
            start, end, linear_plan(start, end, **form.rise()), request_language(request)
        )
        return await self._new(request, db_session, actor, form)

    @post("/nyt", status_code=303, name="placements:create")
    async def create(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        require(actor, Permission.CREATE_PLACEMENT)
        lang = request_language(request)
        form = forms.NewPlacementForm.from_form(data)
        try:
            async with attempt(db_session):
                # What the form itself can tell is wrong, all at once; the service adds what needs the database.
                checks = Checks()
                start = checks.take(web_forms.form_date, data, "start_date")
                end = checks.take(web_forms.form_date, data, "planned_end_date")
                follow_up = checks.take(web_forms.form_optional_date, data, "follow_up_date")
                citizen_id = checks.take(web_forms.form_id, data, "citizen_id")
                company_id = checks.take(web_forms.form_id, data, "company_id")
                if start is not None and end is not None and (data.get("action") == "plan" or not form.plan.rows):
                    # "Fill in the plan", or saving before ever filling it: the rise decides every week.
                    if end < start:
                        checks.add(
                            InvalidInput("planned_end_date must not be before start_date", field="planned_end_date")
                        )
                    elif (rise := checks.take(form.rise)) is not None:
                        plan = checks.take(linear_plan, start, end, **rise)
                        if plan is not None:
                            form.plan = forms.plan_table_for_period(start, end, plan, lang)
                    if data.get("action") == "plan" and not checks.problems:
                        return await self._new(request, db_session, actor, form)
                weekly_plan = checks.take(form.plan.to_plan)
                if checks.problems:
                    services.placement_texts(checks, **form.texts())
                checks.done()
                assert start is not None and end is not None and weekly_plan is not None
                detail = await services.create_placement(
                    db_session,
                    actor,
                    citizen_id=citizen_id or "",
                    company_id=company_id or "",
                    start_date=start,
                    planned_end_date=end,
                    weekly_plan=weekly_plan,
                    follow_up_date=follow_up,
                    **form.texts(),
                )
        except (InvalidInput, RuleViolation) as error:
            form.plan.place_errors(error)
            return await self._new(request, db_session, actor, form, error)
        return _to_placement(request, detail.placement.id)

    async def _placement(
        self,
        request: Request[Any, Any, Any],
        db: AsyncSession,
        actor: Actor,
        placement_id: uuid.UUID,
        *,
        error: ServiceError | None = None,
    ) -> Template:
        detail = await services.get_placement(db, actor, placement_id, PLANNING)
        today = request.app.state.clock.today()
        outcomes = await outcome_services.read_outcomes(db, actor, placement_id, today=today)
        return page(
            request,
            "placements/page.html",
            {
                "p": views.placement_view(detail, today),
                "outcomes": outcome_views.outcomes_view(outcomes, today),
                "error": error,
            },
            status_code=error.status_code if error else 200,
        )

    @get("/{placement_id:uuid}", name="placements:page")
    async def placement(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
    ) -> Template:
        return await self._placement(request, db_session, actor, placement_id)

    @post("/{placement_id:uuid}/start", status_code=303, name="placements:start")
    async def start(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        try:
            async with attempt(db_session):
                version = int(web_forms.form_text(data, "version") or "0")
                await services.update_placement(db_session, actor, placement_id, version=version, status="active")
        except (InvalidInput, Conflict, RuleViolation) as error:
            return await self._placement(request, db_session, actor, placement_id, error=error)
        return _to_placement(request, placement_id)

    async def _edit(
        self,
        request: Request[Any, Any, Any],
        db: AsyncSession,
        actor: Actor,
        placement_id: uuid.UUID,
        form: forms.PlacementEditForm | None = None,
        *,
        error: ServiceError | None = None,
        plan_until: dt.date | None = None,
    ) -> Template:
        detail = await services.get_placement(db, actor, placement_id, PLANNING)
        lang = request_language(request)
        changes: list[views.ChangeView] = []
        if plan_until is not None and form is not None:
            # "Fit the weeks to the period": the table follows the typed end date; nothing is saved yet.
            form.plan = forms.replan(form.plan, detail.placement.start_date, plan_until)
        elif isinstance(error, StaleEdit) and form is not None:
            # What the user typed stays; the version and the starting point move to now, so that saving again
            # is a deliberate choice made after reading the other person's change.
            fresh = forms.edit_form_for(detail, lang)
            changes = views.change_views(error.changes)
            form.version, form.seen = fresh.version, fresh.seen
        return page(
            request,
            "placements/edit.html",
            {
                "p": views.placement_view(detail, request.app.state.clock.today()),
                "form": form or forms.edit_form_for(detail, lang),
                "error": error,
                "changes": changes,
            },
            status_code=error.status_code if error else 200,
        )

    @get("/{placement_id:uuid}/rediger", name="placements:edit")
    async def edit(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
    ) -> Template:
        return await self._edit(request, db_session, actor, placement_id)

    @post("/{placement_id:uuid}/rediger", status_code=303, name="placements:save")
    async def save(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        form = forms.edit_form_from(data)
        try:
            async with attempt(db_session):
                checks = Checks()
                end = checks.take(web_forms.form_date, data, "planned_end_date")
                follow_up = checks.take(web_forms.form_optional_date, data, "follow_up_date")
                if data.get("action") == "plan" and end is not None:
                    return await self._edit(request, db_session, actor, placement_id, form, plan_until=end)
                weekly_plan = checks.take(form.plan.to_plan)
                if checks.problems:
                    services.placement_texts(checks, **form.texts())
                checks.done()
                await services.update_placement(
                    db_session,
                    actor,
                    placement_id,
                    version=form_version(form.version),
                    **form.texts(),
                    planned_end_date=end,
                    follow_up_date=follow_up,
                    weekly_plan=weekly_plan,
                    seen=form.seen,
                )
        except (InvalidInput, Conflict, RuleViolation) as error:
            form.plan.place_errors(error)
            return await self._edit(request, db_session, actor, placement_id, form, error=error)
        return _to_placement(request, placement_id)
