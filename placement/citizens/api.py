"""Citizens as JSON; no CPR number is accepted, and a body with a CPR field is refused."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, get, patch, post
from litestar.di import NamedDependency
from litestar.params import Body, FromPath, FromQuery
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Permission, require
from placement.auth.identity import Actor
from placement.citizens import services
from placement.citizens.groups import group_filter, target_groups
from placement.citizens.schemas import CitizenIn, CitizenOut, CitizenPatch, TargetGroupOut, citizen_out
from placement.concurrency import if_match_version
from placement.openapi import errors


class CitizenApiController(Controller):
    path = "/api/citizens"
    tags = ["citizens"]

    @post(
        "/",
        name="citizens:api-create",
        summary="Create a citizen (name, case reference, a target group's key); no CPR number is accepted",
    )
    async def create(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        data: Annotated[CitizenIn, Body()],
    ) -> CitizenOut:
        return citizen_out(
            await services.create_citizen(
                db_session,
                actor,
                target_groups(request),
                name=data.name,
                case_ref=data.case_ref,
                target_group=data.target_group,
            )
        )

    @get(
        "/",
        name="citizens:api-list",
        summary="The consultant's citizens, optionally searched by name or case reference and of one target group",
        responses=errors(422),  # a target_group that is not on the configured list
    )
    async def list_citizens(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        q: FromQuery[str] = "",
        target_group: FromQuery[str] = "",
    ) -> list[CitizenOut]:
        require(actor, Permission.MANAGE_CITIZENS)  # 403 for another role before any filter is read
        chosen = group_filter(target_group, target_groups(request))
        return [citizen_out(c) for c in await services.list_citizens(db_session, actor, q, target_group=chosen)]

    @get("/{citizen_id:uuid}", name="citizens:api-get", summary="One citizen")
    async def get_citizen(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        citizen_id: FromPath[uuid.UUID],
    ) -> CitizenOut:
        return citizen_out(await services.get_citizen(db_session, actor, citizen_id))

    @patch("/{citizen_id:uuid}", name="citizens:api-update", summary="Edit a citizen; send the version in If-Match")
    async def update(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        citizen_id: FromPath[uuid.UUID],
        data: Annotated[CitizenPatch, Body()],
    ) -> CitizenOut:
        citizen = await services.update_citizen(
            db_session,
            actor,
            citizen_id,
            target_groups(request),
            version=if_match_version(request),
            name=data.name,
            case_ref=data.case_ref,
            target_group=data.target_group,
        )
        return citizen_out(citizen)


class TargetGroupApiController(Controller):
    path = "/api/target-groups"
    tags = ["citizens"]

    @get("/", name="target-groups:api-list", summary="The configured target groups: the keys a citizen's may take")
    async def list_groups(self, request: Request[Any, Any, Any]) -> list[TargetGroupOut]:
        return [TargetGroupOut(key=g.key, name_da=g.name_da, name_en=g.name_en) for g in target_groups(request).groups]
