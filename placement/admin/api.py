"""Admin API: staff accounts, disabling, caseload handover."""

from __future__ import annotations

import uuid
from typing import Annotated

from litestar import Controller, get, post
from litestar.di import NamedDependency
from litestar.params import Body, FromPath, FromQuery
from sqlalchemy.ext.asyncio import AsyncSession

from placement.admin import services
from placement.admin.schemas import AccountIn, AccountOut, HandoverIn, HandoverOut
from placement.auth.identity import Actor


def _out(row: services.AccountRow) -> AccountOut:
    return AccountOut(
        id=str(row.id),
        email=row.email,
        name=row.name,
        role=row.role.value,
        is_active=row.is_active,
        caseload=row.caseload,
    )


class AdminApiController(Controller):
    path = "/api/admin"
    tags = ["admin"]

    @get(
        "/users",
        name="admin:api-users",
        summary="All accounts with role, state and caseload size (no case data); q searches name and email",
    )
    async def list_users(
        self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor], q: FromQuery[str] = ""
    ) -> list[AccountOut]:
        return [_out(row) for row in await services.list_accounts(db_session, actor, q)]

    @post("/users", name="admin:api-create-user", summary="Create a consultant, leader or admin account")
    async def create_user(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        data: Annotated[AccountIn, Body()],
    ) -> AccountOut:
        user = await services.create_staff_account(
            db_session, actor, email=data.email, name=data.name, role=data.role, password=data.password
        )
        return AccountOut(
            id=str(user.id), email=user.email, name=user.name, role=user.role.value, is_active=True, caseload=0
        )

    @post(
        "/users/{user_id:uuid}/disable",
        name="admin:api-disable",
        status_code=200,
        summary="Disable an account; its sessions end at once",
    )
    async def disable(
        self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor], user_id: FromPath[uuid.UUID]
    ) -> dict[str, bool]:
        await services.set_active(db_session, actor, user_id, active=False)
        return {"is_active": False}

    @post(
        "/users/{user_id:uuid}/enable",
        name="admin:api-enable",
        status_code=200,
        summary="Enable a disabled account again",
    )
    async def enable(
        self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor], user_id: FromPath[uuid.UUID]
    ) -> dict[str, bool]:
        await services.set_active(db_session, actor, user_id, active=True)
        return {"is_active": True}

    @post(
        "/handover",
        name="admin:api-handover",
        status_code=200,
        summary="Move a consultant's placements (all or some) to another consultant",
    )
    async def handover(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        data: Annotated[HandoverIn, Body()],
    ) -> HandoverOut:
        moved = await services.hand_over(
            db_session,
            actor,
            from_consultant=data.from_consultant_id,
            to_consultant=data.to_consultant_id,
            placement_ids=data.placement_ids,
        )
        return HandoverOut(moved=moved)
