"""GET /api/overview: the consultant's caseload, what needs attention first."""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromQuery
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Permission, require
from placement.auth.identity import Actor
from placement.citizens.groups import group_filter, target_groups
from placement.clock import Clock
from placement.openapi import errors
from placement.overview import services


class CaseOut(msgspec.Struct):
    placement_id: str
    citizen: str
    company: str
    status: str
    week: int
    weeks: int
    planned_end_date: dt.date
    not_logged_this_week: list[str]
    ratings_unmoved_three_weeks: bool
    near_planned_end: bool
    no_follow_up_date: bool
    # What the agreement lacks that a start needs: purpose, tasks, contact_person.
    agreement_missing: list[str]
    recommendation: str
    # Added for issue 14: the planned period is used up, and the citizen's next self-assessment (null: none asked).
    decision_due: bool
    next_self_assessment: dt.date | None
    self_assessment_late: bool
    # After a handover: by when the new consultant gives their own F (null: not owed), and whether that day passed.
    own_view_due: dt.date | None
    own_view_late: bool


class OverviewApiController(Controller):
    path = "/api/overview"
    tags = ["overview"]

    @get(
        "/",
        name="overview:api-caseload",
        summary="The consultant's caseload, what needs attention first; `target_group` shows one group's",
        responses=errors(422),  # a target_group that is not on the configured list
    )
    async def overview(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
        target_group: FromQuery[str] = "",
    ) -> list[CaseOut]:
        require(actor, Permission.READ_CASELOAD)  # a role without a caseload hears 403 before any filter is read
        chosen = group_filter(target_group, target_groups(request))
        return [
            CaseOut(
                placement_id=str(r.placement_id),
                citizen=r.citizen,
                company=r.company,
                status=r.status,
                week=r.week_no,
                weeks=r.weeks_total,
                planned_end_date=r.planned_end,
                not_logged_this_week=r.missing_logs,
                ratings_unmoved_three_weeks=r.stalled,
                near_planned_end=r.near_end,
                no_follow_up_date=r.no_follow_up,
                agreement_missing=r.agreement_missing,
                recommendation=r.verdict,
                decision_due=r.decision_due,
                next_self_assessment=r.self_assessment_due_on,
                self_assessment_late=r.self_assessment_late,
                own_view_due=r.own_view_due_on,
                own_view_late=r.own_view_late,
            )
            for r in await services.caseload(
                db_session,
                actor,
                request.app.state.settings.recommendation,
                today=clock.today(),
                interval_days=request.app.state.settings.self_assessment_interval_days,
                own_view_days=request.app.state.settings.handover_own_view_days,
                target_group=chosen,
            )
        ]
