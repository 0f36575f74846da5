"""The consultant's start page /oversigt: the caseload with what needs attention first."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromQuery
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Permission, require
from placement.auth.identity import Actor
from placement.citizens.groups import filter_context, group_filter, target_groups
from placement.clock import Clock
from placement.errors import InvalidInput, RuleViolation
from placement.outcomes import services as outcome_services
from placement.overview import services
from placement.web.render import page, request_language


class OverviewPageController(Controller):
    include_in_schema = False

    @get("/oversigt", name="overview:index")
    async def overview_page(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
        target_group: FromQuery[str] = "",
    ) -> Template:
        require(actor, Permission.READ_CASELOAD)  # a role without a caseload hears 403 before any filter is read
        groups, lang = target_groups(request), request_language(request)
        try:
            chosen = group_filter(target_group, groups)
        except (InvalidInput, RuleViolation) as refused:
            # Said beside the filter; nothing is listed.
            refusal: dict[str, Any] = {
                "rows": [],
                "follow_ups": [],
                "groups": filter_context(groups, lang, "", refused),
            }
            return page(request, "overview/index.html", refusal, status_code=refused.status_code)
        settings = request.app.state.settings
        rows = await services.caseload(
            db_session,
            actor,
            settings.recommendation,
            today=clock.today(),
            interval_days=settings.self_assessment_interval_days,
            own_view_days=settings.handover_own_view_days,
            target_group=chosen,
        )
        follow_ups = await outcome_services.due_follow_ups(db_session, actor, today=clock.today(), target_group=chosen)
        context: dict[str, Any] = {
            "rows": rows,
            "follow_ups": follow_ups,
            "groups": filter_context(groups, lang, chosen),
        }
        return page(request, "overview/index.html", context)
