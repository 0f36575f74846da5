"""The outcome form /forloeb/{id}/resultat/{checkpoint}: what became of the citizen at the end, 3 or 6 months after."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.identity import Actor
from placement.concurrency import StaleEdit
from placement.db.unit_of_work import attempt
from placement.errors import Checks, Conflict, InvalidInput, RuleViolation, ServiceError
from placement.outcomes import services
from placement.outcomes.forms import OutcomeForm
from placement.outcomes.views import form_view
from placement.web import forms as web_forms
from placement.web.render import page


class OutcomePageController(Controller):
    path = "/forloeb/{placement_id:uuid}/resultat"
    include_in_schema = False

    async def _render(
        self,
        request: Request[Any, Any, Any],
        db: AsyncSession,
        actor: Actor,
        placement_id: uuid.UUID,
        checkpoint: str,
        form: OutcomeForm | None = None,
        *,
        error: ServiceError | None = None,
    ) -> Template:
        today = request.app.state.clock.today()
        found, citizen, company = await services.form_page(db, actor, placement_id, checkpoint, today=today)
        stored = found.at(checkpoint).outcome
        if form is None:
            form = OutcomeForm.of(stored, today=today.isoformat())
        elif isinstance(error, StaleEdit):
            # What the consultant typed stays; saving again is a choice made after reading the stored outcome.
            form.version = str(stored.version) if stored else "0"
        view = form_view(found, checkpoint, citizen=citizen, company=company, today=today)
        return page(
            request,
            "outcomes/form.html",
            {"o": view, "form": form, "error": error},
            status_code=error.status_code if error else 200,
        )

    @get("/{checkpoint:str}", name="outcomes:form")
    async def form(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
        checkpoint: FromPath[str],
    ) -> Template:
        return await self._render(request, db_session, actor, placement_id, checkpoint)

    @post("/{checkpoint:str}", status_code=303, name="outcomes:save")
    async def save(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
        checkpoint: FromPath[str],
        data: URLEncodedBody[dict[str, str]],
    ) -> Template | Redirect:
        form = OutcomeForm.from_form(data)
        today = request.app.state.clock.today()
        try:
            async with attempt(db_session):
                checks = Checks()
                observed_on = checks.take(web_forms.form_date, data, "date")
                hours = form.hours(checks)
                version = checks.take(form.version_number)
                if observed_on is None or checks.problems:
                    # The service adds what it finds wrong with the rest, so that the form shows every problem.
                    await checks.run(
                        services.record_outcome(
                            db_session,
                            actor,
                            placement_id,
                            checkpoint,
                            status=form.status,
                            observed_on=observed_on or today,
                            hours=hours,
                            note=form.note,
                            today=today,
                        )
                    )
                    checks.done()
                assert observed_on is not None
                await services.record_outcome(
                    db_session,
                    actor,
                    placement_id,
                    checkpoint,
                    status=form.status,
                    observed_on=observed_on,
                    hours=hours,
                    note=form.note,
                    version=version,
                    today=today,
                )
        except (InvalidInput, Conflict, RuleViolation) as error:
            return await self._render(request, db_session, actor, placement_id, checkpoint, form, error=error)
        url = request.app.route_reverse("placements:page", placement_id=placement_id)
        return Redirect(f"{url}#resultat", status_code=303)
