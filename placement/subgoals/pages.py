"""The consultant's sub-goal pages: choosing a new sub-goal with the citizen, and marking a small step reached."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from goals.library import default_library
from goals.weeks import format_week
from placement.access.policy import Permission, require
from placement.auth.identity import Actor
from placement.db.unit_of_work import attempt
from placement.errors import Checks, InvalidInput, RuleViolation, ServiceError
from placement.placements import services as placement_services
from placement.placements.views import placement_view
from placement.subgoals import services, views
from placement.subgoals.forms import SubGoalForm
from placement.web import forms as web_forms
from placement.web.render import page

PLANNING = Permission.EDIT_PLACEMENT


def _to_goal(request: Request[Any, Any, Any], placement_id: uuid.UUID, subgoal_id: uuid.UUID | str) -> Redirect:
    """The placement page at the sub-goal."""
    url = request.app.route_reverse("placements:page", placement_id=placement_id)
    return Redirect(f"{url}#delmaal-{subgoal_id}", status_code=303)


class SubGoalPageController(Controller):
    path = "/forloeb/{placement_id:uuid}/delmaal"
    include_in_schema = False

    async def _form(
        self,
        request: Request[Any, Any, Any],
        db: AsyncSession,
        actor: Actor,
        placement_id: uuid.UUID,
        form: SubGoalForm,
        *,
        error: ServiceError | None = None,
    ) -> Template:
        detail = await placement_services.get_placement(db, actor, placement_id, PLANNING)
        focus = await services.factor_focus(db, actor, request.app.state.bank, placement_id)
        return page(
            request,
            "subgoals/new.html",
            {
                "p": placement_view(detail, request.app.state.clock.today()),
                "form": form,
                "error": error,
                "focus": views.focus_views(focus),
                "scored": any(f.score is not None for f in focus),
                "library": views.library_views(default_library(), [f.code for f in focus]),
            },
            status_code=error.status_code if error else 200,
        )

    @get("/nyt", name="subgoals:new")
    async def new(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
        eksempel: FromQuery[str] = "",
        faktor: FromQuery[str] = "",
    ) -> Template:
        example = default_library().get(eksempel)
        form = SubGoalForm.from_example(example) if example else SubGoalForm(factor=faktor)
        return await self._form(request, db_session, actor, placement_id, form)

    @post("/nyt", status_code=303, name="subgoals:create")
    async def create(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        form = SubGoalForm.from_form(data)
        try:
            async with attempt(db_session):
                # A date the form cannot read is refused with whatever the service finds wrong (and rolled back).
                checks = Checks()
                due_date = checks.take(web_forms.form_optional_date, data, "due_date")
                goal = await checks.run(
                    services.add_subgoal(
                        db_session,
                        actor,
                        placement_id,
                        factor=form.factor,
                        title=form.title,
                        target=form.target,
                        horizon=form.horizon,
                        due_date=due_date,
                        steps=form.chosen_steps(),
                    )
                )
                checks.done()
        except (InvalidInput, RuleViolation) as error:
            return await self._form(request, db_session, actor, placement_id, form, error=error)
        assert goal is not None  # checks.done() refused otherwise
        return _to_goal(request, placement_id, goal.id)

    @post("/{subgoal_id:uuid}/trin/{position:int}", status_code=303, name="subgoals:step-reached")
    async def step_reached(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
        subgoal_id: FromPath[uuid.UUID],
        position: FromPath[int],
    ) -> Redirect:
        require(actor, PLANNING)
        today = request.app.state.clock.today()
        await services.mark_step_reached(
            db_session, actor, placement_id, subgoal_id, position, week=format_week(today), today=today
        )
        return _to_goal(request, placement_id, subgoal_id)
