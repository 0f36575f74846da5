"""Placements and sub-goals: the public JSON API, the sub-goal library, and the consultant's planning pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any

from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency
from litestar.params import Body, FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from goals.factors import get_factor
from goals.library import SubGoalLibrary, default_library
from goals.weeks import format_week
from placement.access.policy import Permission, require
from placement.auth.identity import Actor
from placement.citizens import services as citizen_services
from placement.clock import Clock
from placement.companies import services as company_services
from placement.concurrency import StaleEdit, if_match_version
from placement.db.models import PlacementDecision, SubGoal
from placement.db.unit_of_work import attempt
from placement.errors import Conflict, InvalidInput, RuleViolation, ServiceError
from placement.placements import forms, services, views
from placement.placements.schemas import (
    CompanyRef,
    DecisionIn,
    DecisionOut,
    ExampleOut,
    LibraryFactorOut,
    LibraryOut,
    MemberOut,
    PartyOut,
    PlacementIn,
    PlacementOut,
    PlacementPatch,
    PlacementSummary,
    PlanWeekIn,
    StepOut,
    StepReachedIn,
    SubGoalIn,
    SubGoalOut,
    SubGoalPatch,
)
from placement.web import forms as web_forms
from placement.web.render import page, request_language


def subgoal_out(goal: SubGoal) -> SubGoalOut:
    return SubGoalOut(
        id=str(goal.id),
        factor=goal.factor,
        title=goal.title,
        target=goal.target,
        horizon=goal.horizon.value,
        due_date=goal.due_date,
        position=goal.position,
        version=goal.version,
        steps=[
            StepOut(
                position=s.position,
                text=s.text,
                reached_week=s.reached_week,
                reached_by_role=s.reached_by_role.value if s.reached_by_role else None,
            )
            for s in goal.steps
        ],
    )


def placement_out(detail: services.PlacementDetail) -> PlacementOut:
    p = detail.placement
    return PlacementOut(
        id=str(p.id),
        version=p.version,
        status=p.status.value,
        citizen=PartyOut(id=str(detail.citizen.id), name=detail.citizen.name),
        company=CompanyRef(id=str(detail.company.id), name=detail.company.name, cvr=detail.company.cvr),
        consultant=PartyOut(id=str(detail.consultant.id), name=detail.consultant.name),
        purpose=p.purpose,
        contact_person=p.contact_person,
        mentor_name=p.mentor_name,
        start_date=p.start_date,
        planned_end_date=p.planned_end_date,
        ended_on=p.ended_on,
        follow_up_date=p.follow_up_date,
        weekly_plan=[
            PlanWeekIn(week=w.week, placement_hours=w.placement_hours, ordinary_hours_target=w.ordinary_hours_target)
            for w in p.plan_weeks
        ],
        subgoals=[subgoal_out(g) for g in p.subgoals],
        members=[MemberOut(id=str(m.user_id), name=m.name, role=m.role) for m in detail.members],
    )


def summary_out(row: services.PlacementRow) -> PlacementSummary:
    p = row.placement
    return PlacementSummary(
        id=str(p.id),
        version=p.version,
        status=p.status.value,
        citizen=PartyOut(id=str(row.citizen.id), name=row.citizen.name),
        company=CompanyRef(id=str(row.company.id), name=row.company.name, cvr=row.company.cvr),
        start_date=p.start_date,
        planned_end_date=p.planned_end_date,
        ended_on=p.ended_on,
        follow_up_date=p.follow_up_date,
    )


def decision_out(row: PlacementDecision) -> DecisionOut:
    return DecisionOut(
        id=str(row.id),
        decision=row.decision,
        reason=row.reason,
        decided_on=row.decided_on,
        verdict_shown=row.verdict_shown,
    )


class PlacementApiController(Controller):
    path = "/api/placements"
    tags = ["placements"]

    @post("/", summary="Plan a placement; the caller becomes its consultant")
    async def create(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        data: Annotated[PlacementIn, Body()],
    ) -> PlacementOut:
        detail = await services.create_placement(
            db_session,
            actor,
            citizen_id=data.citizen_id,
            company_id=data.company_id,
            purpose=data.purpose,
            start_date=data.start_date,
            planned_end_date=data.planned_end_date,
            weekly_plan=data.weekly_plan,
            contact_person=data.contact_person,
            mentor_name=data.mentor_name,
            follow_up_date=data.follow_up_date,
        )
        return placement_out(detail)

    @get("/", summary="The placements the caller may see")
    async def list_placements(
        self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor]
    ) -> list[PlacementSummary]:
        return [summary_out(row) for row in await services.list_placements(db_session, actor)]

    @get("/{placement_id:str}", summary="One placement with its plan and sub-goals")
    async def get_placement(
        self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor], placement_id: FromPath[str]
    ) -> PlacementOut:
        return placement_out(await services.get_placement(db_session, actor, placement_id))

    @patch("/{placement_id:str}", summary="Edit a placement; send its version in If-Match (409 when stale)")
    async def update(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[str],
        data: Annotated[PlacementPatch, Body()],
    ) -> PlacementOut:
        detail = await services.update_placement(
            db_session,
            actor,
            placement_id,
            version=if_match_version(request),
            purpose=data.purpose,
            contact_person=data.contact_person,
            mentor_name=data.mentor_name,
            planned_end_date=data.planned_end_date,
            follow_up_date=data.follow_up_date,
            status=data.status,
            weekly_plan=data.weekly_plan,
        )
        return placement_out(detail)

    @post(
        "/{placement_id:str}/decisions",
        summary="Record the decision at a follow-up and why: continue, adjust, extend (new end) or end",
    )
    async def decide(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
        placement_id: FromPath[str],
        data: Annotated[DecisionIn, Body()],
    ) -> DecisionOut:
        return decision_out(
            await services.record_decision(
                db_session,
                actor,
                placement_id,
                decision=data.decision,
                reason=data.reason,
                planned_end_date=data.planned_end_date,
                follow_up_date=data.follow_up_date,
                today=clock.today(),
            )
        )

    @get("/{placement_id:str}/decisions", summary="The decisions taken at follow-ups, oldest first (consultant)")
    async def decisions(
        self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor], placement_id: FromPath[str]
    ) -> list[DecisionOut]:
        return [decision_out(row) for row in await services.read_decisions(db_session, actor, placement_id)]

    @post("/{placement_id:str}/subgoals", summary="Add a sub-goal tied to factor A–E, with optional small steps")
    async def add_subgoal(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[str],
        data: Annotated[SubGoalIn, Body()],
    ) -> SubGoalOut:
        goal = await services.add_subgoal(
            db_session,
            actor,
            placement_id,
            factor=data.factor,
            title=data.title,
            target=data.target,
            horizon=data.horizon,
            due_date=data.due_date,
            steps=data.steps,
        )
        return subgoal_out(goal)

    @get("/{placement_id:str}/subgoals", summary="The placement's sub-goals with their small steps")
    async def list_subgoals(
        self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor], placement_id: FromPath[str]
    ) -> list[SubGoalOut]:
        return [subgoal_out(g) for g in await services.list_subgoals(db_session, actor, placement_id)]

    @patch("/{placement_id:str}/subgoals/{subgoal_id:str}", summary="Edit a sub-goal; send its version in If-Match")
    async def update_subgoal(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[str],
        subgoal_id: FromPath[str],
        data: Annotated[SubGoalPatch, Body()],
    ) -> SubGoalOut:
        goal = await services.update_subgoal(
            db_session,
            actor,
            placement_id,
            subgoal_id,
            version=if_match_version(request),
            title=data.title,
            target=data.target,
            horizon=data.horizon,
            due_date=data.due_date,
        )
        return subgoal_out(goal)

    @post(
        "/{placement_id:str}/subgoals/{subgoal_id:str}/steps/{position:int}/reached",
        status_code=200,
        summary="Mark a small step reached in a week",
    )
    async def step_reached(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
        placement_id: FromPath[str],
        subgoal_id: FromPath[str],
        position: FromPath[int],
        data: Annotated[StepReachedIn, Body()],
    ) -> SubGoalOut:
        return subgoal_out(
            await services.mark_step_reached(
                db_session, actor, placement_id, subgoal_id, position, week=data.week, today=clock.today()
            )
        )


def library_out(library: SubGoalLibrary) -> LibraryOut:
    codes = dict.fromkeys(example.factor for example in library.examples)
    return LibraryOut(
        factors=[
            LibraryFactorOut(
                code=code,
                name=get_factor(code).name_da,
                examples=[
                    ExampleOut(id=e.id, title=e.title, target=e.target, horizon=e.horizon, steps=list(e.steps))
                    for e in library.for_factor(code)
                ],
            )
            for code in codes
        ]
    )


class SubGoalLibraryApiController(Controller):
    path = "/api/subgoal-library"
    tags = ["placements"]

    @get("/", summary="Example sub-goals per factor A–E (Danish), each with a target, a horizon and small steps")
    async def library(self) -> LibraryOut:
        return library_out(default_library())


def _lang(request: Request[Any, Any, Any]) -> str:
    return request_language(request)


def _next_monday(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=7 - today.weekday())


# Planning is the consultant's: a company contact, mentor or citizen gets 403 here, and has pages of their own.
PLANNING = Permission.EDIT_PLACEMENT


class PlanningPageController(Controller):
    """The consultant's planning pages: caseload, a new placement, the placement page, editing, sub-goals."""

    path = "/forloeb"
    include_in_schema = False

    @get("/")
    async def caseload(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
    ) -> Template:
        require(actor, PLANNING)
        rows = await services.list_placements(db_session, actor)
        return page(
            request, "planning/caseload.html", {"rows": views.caseload_rows(rows, clock.today(), _lang(request))}
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
            "planning/placement_new.html",
            {
                "form": form,
                "error": error,
                "citizens": [{"id": str(c.id), "label": f"{c.name} ({c.case_ref})"} for c in citizens],
                "companies": [{"id": str(c.id), "label": f"{c.name} (CVR {c.cvr})"} for c in companies],
            },
            status_code=error.status_code if error else 200,
        )

    @get("/nyt")
    async def new(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
        borger: FromQuery[str] = "",
        virksomhed: FromQuery[str] = "",
    ) -> Template:
        require(actor, Permission.CREATE_PLACEMENT)
        start = _next_monday(clock.today())
        end = start + dt.timedelta(weeks=13, days=-3)
        form = forms.NewPlacementForm(
            citizen_id=borger,
            company_id=virksomhed,
            start_date=start.isoformat(),
            planned_end_date=end.isoformat(),
            follow_up_date=(start + dt.timedelta(weeks=4)).isoformat(),
        )
        form.plan = forms.plan_table_for_period(
            start, end, services.linear_plan(start, end, **form.rise()), _lang(request)
        )
        return await self._new(request, db_session, actor, form)

    @post("/nyt", status_code=303)
    async def create(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        require(actor, Permission.CREATE_PLACEMENT)
        lang = _lang(request)
        form = forms.NewPlacementForm.from_form(data, lang)
        try:
            async with attempt(db_session):
                start = web_forms.form_date(data, "start_date")
                end = web_forms.form_date(data, "planned_end_date")
                if data.get("action") == "plan" or not form.plan.rows:
                    # "Fill in the plan", or saving before ever filling it: the rise decides every week.
                    if end < start:
                        raise InvalidInput("planned_end_date must not be before start_date", field="planned_end_date")
                    form.plan = forms.plan_table_for_period(
                        start, end, services.linear_plan(start, end, **form.rise()), lang
                    )
                    if data.get("action") == "plan":
                        return await self._new(request, db_session, actor, form)
                detail = await services.create_placement(
                    db_session,
                    actor,
                    citizen_id=web_forms.form_id(data, "citizen_id"),
                    company_id=web_forms.form_id(data, "company_id"),
                    purpose=form.purpose,
                    start_date=start,
                    planned_end_date=end,
                    weekly_plan=form.plan.to_plan(),
                    contact_person=form.contact_person,
                    mentor_name=form.mentor_name,
                    follow_up_date=web_forms.form_optional_date(data, "follow_up_date"),
                )
        except (InvalidInput, RuleViolation) as error:
            form.plan.place_error(error)
            return await self._new(request, db_session, actor, form, error)
        return Redirect(f"/forloeb/{detail.placement.id}", status_code=303)

    async def _placement(
        self,
        request: Request[Any, Any, Any],
        db: AsyncSession,
        actor: Actor,
        placement_id: str,
        *,
        error: ServiceError | None = None,
        decision: Mapping[str, str] | None = None,
    ) -> Template:
        detail = await services.get_placement(db, actor, placement_id, PLANNING)
        return page(
            request,
            "planning/placement.html",
            {
                "p": views.placement_view(detail, request.app.state.clock.today(), _lang(request)),
                "error": error,
                "decision": decision or {},
            },
            status_code=error.status_code if error else 200,
        )

    @get("/{placement_id:str}")
    async def placement(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[str],
    ) -> Template:
        return await self._placement(request, db_session, actor, placement_id)

    @post("/{placement_id:str}/start", status_code=303)
    async def start(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[str],
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        try:
            async with attempt(db_session):
                version = int(web_forms.form_text(data, "version") or "0")
                await services.update_placement(db_session, actor, placement_id, version=version, status="active")
        except (InvalidInput, Conflict, RuleViolation) as error:
            return await self._placement(request, db_session, actor, placement_id, error=error)
        return Redirect(f"/forloeb/{placement_id}", status_code=303)

    @post("/{placement_id:str}/opfoelgning", status_code=303)
    async def follow_up(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
        placement_id: FromPath[str],
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        """The decision at a follow-up, why, and the next follow-up; extending also moves the planned end."""
        try:
            async with attempt(db_session):
                decision = web_forms.form_text(data, "decision")
                await services.record_decision(
                    db_session,
                    actor,
                    placement_id,
                    decision=decision,
                    reason=web_forms.form_text(data, "reason"),
                    follow_up_date=web_forms.form_optional_date(data, "follow_up_date"),
                    planned_end_date=web_forms.form_optional_date(data, "planned_end_date")
                    if decision == "extend"
                    else None,
                    today=clock.today(),
                )
        except (InvalidInput, RuleViolation) as error:
            return await self._placement(request, db_session, actor, placement_id, error=error, decision=data)
        return Redirect(f"/forloeb/{placement_id}#opfoelgning", status_code=303)

    async def _edit(
        self,
        request: Request[Any, Any, Any],
        db: AsyncSession,
        actor: Actor,
        placement_id: str,
        form: forms.PlacementEditForm | None = None,
        *,
        error: ServiceError | None = None,
    ) -> Template:
        detail = await services.get_placement(db, actor, placement_id, PLANNING)
        lang = _lang(request)
        fresh = forms.edit_form_for(detail, lang)
        changes: list[views.ChangeView] = []
        if isinstance(error, StaleEdit) and form is not None:
            # What the user typed stays; the version and the starting point move to now, so that saving again
            # is a deliberate choice made after reading the other person's change.
            changes = views.change_views(error.changes)
            form.version, form.seen = fresh.version, fresh.seen
        return page(
            request,
            "planning/placement_edit.html",
            {
                "p": views.placement_view(detail, request.app.state.clock.today(), lang),
                "form": form or fresh,
                "error": error,
                "changes": changes,
            },
            status_code=error.status_code if error else 200,
        )

    @get("/{placement_id:str}/rediger")
    async def edit(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[str],
    ) -> Template:
        return await self._edit(request, db_session, actor, placement_id)

    @post("/{placement_id:str}/rediger", status_code=303)
    async def save(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[str],
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        lang = _lang(request)
        form = forms.edit_form_from(data, lang)
        try:
            async with attempt(db_session):
                end = web_forms.form_date(data, "planned_end_date")
                if data.get("action") == "plan":
                    detail = await services.get_placement(db_session, actor, placement_id, PLANNING)
                    form.plan = forms.replan(form.plan, detail.placement.start_date, end, lang)
                    return page(
                        request,
                        "planning/placement_edit.html",
                        {
                            "p": views.placement_view(detail, request.app.state.clock.today(), lang),
                            "form": form,
                            "error": None,
                            "changes": [],
                        },
                    )
                if not form.version.isdigit():
                    raise InvalidInput("the form lacks the version it was opened at; open it again", field="If-Match")
                await services.update_placement(
                    db_session,
                    actor,
                    placement_id,
                    version=int(form.version),
                    purpose=form.purpose,
                    contact_person=form.contact_person,
                    mentor_name=form.mentor_name,
                    planned_end_date=end,
                    follow_up_date=web_forms.form_optional_date(data, "follow_up_date"),
                    weekly_plan=form.plan.to_plan(),
                    seen=form.seen,
                )
        except (InvalidInput, Conflict, RuleViolation) as error:
            form.plan.place_error(error)
            return await self._edit(request, db_session, actor, placement_id, form, error=error)
        return Redirect(f"/forloeb/{placement_id}", status_code=303)

    async def _subgoal(
        self,
        request: Request[Any, Any, Any],
        db: AsyncSession,
        actor: Actor,
        placement_id: str,
        form: forms.SubGoalForm,
        *,
        error: ServiceError | None = None,
    ) -> Template:
        lang = _lang(request)
        detail = await services.get_placement(db, actor, placement_id, PLANNING)
        focus = await services.factor_focus(db, actor, request.app.state.bank, placement_id)
        return page(
            request,
            "planning/subgoal_new.html",
            {
                "p": views.placement_view(detail, request.app.state.clock.today(), lang),
                "form": form,
                "error": error,
                "focus": views.focus_views(focus, lang),
                "scored": any(f.score is not None for f in focus),
                "library": views.library_views(default_library(), [f.code for f in focus], lang),
            },
            status_code=error.status_code if error else 200,
        )

    @get("/{placement_id:str}/delmaal/nyt")
    async def new_subgoal(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[str],
        eksempel: FromQuery[str] = "",
        faktor: FromQuery[str] = "",
    ) -> Template:
        example = default_library().get(eksempel)
        form = forms.SubGoalForm.from_example(example) if example else forms.SubGoalForm(factor=faktor)
        return await self._subgoal(request, db_session, actor, placement_id, form)

    @post("/{placement_id:str}/delmaal/nyt", status_code=303)
    async def add_subgoal(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[str],
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        form = forms.SubGoalForm.from_form(data)
        try:
            async with attempt(db_session):
                goal = await services.add_subgoal(
                    db_session,
                    actor,
                    placement_id,
                    factor=form.factor,
                    title=form.title,
                    target=form.target,
                    horizon=form.horizon,
                    due_date=web_forms.form_optional_date(data, "due_date"),
                    steps=form.chosen_steps(),
                )
        except (InvalidInput, RuleViolation) as error:
            return await self._subgoal(request, db_session, actor, placement_id, form, error=error)
        return Redirect(f"/forloeb/{placement_id}#delmaal-{goal.id}", status_code=303)

    @post("/{placement_id:str}/delmaal/{subgoal_id:str}/trin/{position:int}", status_code=303)
    async def step_reached(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
        placement_id: FromPath[str],
        subgoal_id: FromPath[str],
        position: FromPath[int],
    ) -> Redirect:
        require(actor, PLANNING)
        today = clock.today()
        await services.mark_step_reached(
            db_session, actor, placement_id, subgoal_id, position, week=format_week(today), today=today
        )
        return Redirect(f"/forloeb/{placement_id}#delmaal-{subgoal_id}", status_code=303)
