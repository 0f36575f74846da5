"""The placements API: plan a placement, list and read the caller's placements, edit one."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency
from litestar.params import Body, FromPath
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.identity import Actor
from placement.concurrency import if_match_version
from placement.placements import services
from placement.placements.schemas import (
    CompanyRef,
    MemberOut,
    PartyOut,
    PlacementIn,
    PlacementOut,
    PlacementPatch,
    PlacementSummary,
    PlanWeekIn,
    subgoal_out,
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
        tasks=p.tasks,
        citizen_wishes=p.citizen_wishes,
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


class PlacementApiController(Controller):
    path = "/api/placements"
    tags = ["placements"]

    @post("/", summary="Plan a placement; the caller becomes its consultant", name="placements:api-create")
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
            tasks=data.tasks,
            citizen_wishes=data.citizen_wishes,
        )
        return placement_out(detail)

    @get("/", summary="The placements the caller may see", name="placements:api-list")
    async def list_placements(
        self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor]
    ) -> list[PlacementSummary]:
        return [summary_out(row) for row in await services.list_placements(db_session, actor)]

    @get("/{placement_id:uuid}", summary="One placement with its plan and sub-goals", name="placements:api-get")
    async def get_placement(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
    ) -> PlacementOut:
        return placement_out(await services.get_placement(db_session, actor, placement_id))

    @patch(
        "/{placement_id:uuid}",
        summary="Edit a placement; send its version in If-Match (409 when stale)",
        name="placements:api-update",
    )
    async def update(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
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
            tasks=data.tasks,
            citizen_wishes=data.citizen_wishes,
        )
        return placement_out(detail)
