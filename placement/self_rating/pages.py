"""The citizen's own weekly rating from /mig: saving it under /forloeb/{id}/egen-vurdering, and back to /mig."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.identity import Actor
from placement.db.unit_of_work import attempt
from placement.errors import InvalidInput, RuleViolation
from placement.logs.rules import EntryRefused
from placement.self_rating import services, views
from placement.web.render import page

DbSession = NamedDependency[AsyncSession]
CurrentActor = NamedDependency[Actor]


class SelfRatingPageController(Controller):
    path = "/forloeb/{placement_id:uuid}/egen-vurdering"
    include_in_schema = False

    @post("/", name="self_rating:save", status_code=303)
    async def save(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        placement_id: FromPath[uuid.UUID],
        data: Annotated[dict[str, str], Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Template | Redirect:
        posted = views.read_form(data)
        try:
            async with attempt(db_session):
                row, _ = await services.write_self_rating(
                    db_session,
                    actor,
                    placement_id,
                    posted.week,
                    posted.data,
                    grace_weeks=request.app.state.settings.log_grace_weeks,
                    clock=request.app.state.clock,
                    found=posted.problems,
                )
        except EntryRefused as refused:
            errors = list(refused.problems)
        except (InvalidInput, RuleViolation) as error:
            if error.field != "week":
                raise
            errors = list(posted.problems)
        else:
            target = request.app.route_reverse("citizen_view:overview")
            return Redirect(f"{target}?week={row.week}&saved=1#self-{row.placement_id}", status_code=303)
        # Nothing was stored (the attempt rolled back); the form again with what was typed and each problem marked.
        form = await services.citizen_form(
            db_session,
            actor,
            placement_id,
            posted.week or None,
            grace_weeks=request.app.state.settings.log_grace_weeks,
            today=request.app.state.clock.today(),
        )
        view = views.form_view(form, posted, errors)
        return page(request, "self_rating/form.html", {"form": view}, status_code=400)
