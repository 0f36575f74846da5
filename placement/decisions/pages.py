"""The decision page: the rule's recommendation, the consultant's decision at a follow-up, and why."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Permission, require
from placement.auth.identity import Actor
from placement.db.unit_of_work import attempt
from placement.decisions import services
from placement.decisions.forms import DecisionForm
from placement.decisions.views import decision_page_view
from placement.errors import Checks, InvalidInput, RuleViolation, ServiceError
from placement.web import forms as web_forms
from placement.web.render import page, request_language


class DecisionPageController(Controller):
    path = "/forloeb/{placement_id:uuid}"
    include_in_schema = False

    async def _render(
        self,
        request: Request[Any, Any, Any],
        db: AsyncSession,
        actor: Actor,
        placement_id: uuid.UUID,
        form: DecisionForm | None = None,
        *,
        error: ServiceError | None = None,
    ) -> Template:
        data = await services.decision_page(
            db, actor, placement_id, request.app.state.settings.recommendation, today=request.app.state.clock.today()
        )
        view = decision_page_view(data, request_language(request))
        return page(
            request,
            "decisions/page.html",
            {"d": view, "form": form or DecisionForm(verdict_shown=view.verdict), "error": error},
            status_code=error.status_code if error else 200,
        )

    @get("/beslutning", name="decisions:page")
    async def decision_page(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
    ) -> Template:
        return await self._render(request, db_session, actor, placement_id)

    @post("/beslutning", status_code=303, name="decisions:record")
    async def record(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        """The decision, why, and the next follow-up; extending also moves the planned end."""
        form = DecisionForm.from_form(data)
        try:
            async with attempt(db_session):
                # A date the form cannot read is refused with whatever the service finds wrong (and rolled back).
                checks = Checks()
                follow_up = checks.take(web_forms.form_optional_date, data, "follow_up_date")
                # Only an extension moves the end: a date left in the field with another decision does nothing.
                new_end = checks.take(web_forms.form_optional_date, data, "planned_end_date")
                await checks.run(
                    services.record_decision(
                        db_session,
                        actor,
                        placement_id,
                        decision=form.decision,
                        reason=form.reason,
                        verdict_shown=form.verdict_shown or None,
                        follow_up_date=follow_up,
                        planned_end_date=new_end if form.decision == "extend" else None,
                        today=request.app.state.clock.today(),
                    )
                )
                checks.done()
        except (InvalidInput, RuleViolation) as error:
            return await self._render(request, db_session, actor, placement_id, form, error=error)
        url = request.app.route_reverse("placements:page", placement_id=placement_id)
        return Redirect(f"{url}#opfoelgning", status_code=303)

    @post("/opfoelgning", status_code=308, name="decisions:moved")
    async def moved(
        self, request: Request[Any, Any, Any], actor: NamedDependency[Actor], placement_id: FromPath[uuid.UUID]
    ) -> Redirect:
        """The placement page's old decision form posted here; 308 sends the same POST on to the decision page."""
        require(actor, Permission.EDIT_PLACEMENT)
        return Redirect(request.app.route_reverse("decisions:record", placement_id=placement_id), status_code=308)
