"""Admin API and pages: staff accounts, disabling, caseload handover."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import Body, FromPath, URLEncodedBody
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Permission, require
from placement.admin import services
from placement.auth.identity import Actor
from placement.errors import ServiceError
from placement.web.render import page


class AccountOut(msgspec.Struct):
    id: str
    email: str
    name: str
    role: str
    is_active: bool
    caseload: int


class AccountIn(msgspec.Struct, forbid_unknown_fields=True):
    email: str
    name: str
    role: str
    password: str


class HandoverIn(msgspec.Struct, forbid_unknown_fields=True):
    from_consultant_id: str
    to_consultant_id: str
    placement_ids: list[str] | None = None


class HandoverOut(msgspec.Struct):
    moved: int


class AccountForm(msgspec.Struct):
    email: str = ""
    name: str = ""
    role: str = "consultant"
    password: str = ""


class HandoverForm(msgspec.Struct):
    from_consultant_id: str = ""
    to_consultant_id: str = ""


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

    @get("/users", summary="All accounts with role, state and caseload size (no case data)")
    async def list_users(
        self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor]
    ) -> list[AccountOut]:
        return [_out(row) for row in await services.list_accounts(db_session, actor)]

    @post("/users", summary="Create a consultant, leader or admin account")
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

    @post("/users/{user_id:str}/disable", status_code=200, summary="Disable an account; its sessions end at once")
    async def disable(
        self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor], user_id: FromPath[str]
    ) -> dict[str, bool]:
        await services.set_active(db_session, actor, user_id, active=False)
        return {"is_active": False}

    @post("/users/{user_id:str}/enable", status_code=200, summary="Enable a disabled account again")
    async def enable(
        self, db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor], user_id: FromPath[str]
    ) -> dict[str, bool]:
        await services.set_active(db_session, actor, user_id, active=True)
        return {"is_active": True}

    @post("/handover", status_code=200, summary="Move a consultant's placements (all or some) to another consultant")
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


class AdminPageController(Controller):
    path = "/admin"
    include_in_schema = False

    async def _render(
        self,
        request: Request[Any, Any, Any],
        db: AsyncSession,
        actor: Actor,
        *,
        form: AccountForm | None = None,
        error: ServiceError | None = None,
        message: str | None = None,
        status_code: int = 200,
    ) -> Template:
        accounts = await services.list_accounts(db, actor)
        return page(
            request,
            "admin/index.html",
            {
                "accounts": accounts,
                "consultants": [a for a in accounts if a.role.value == "consultant"],
                "form": form or AccountForm(),
                "error": error,
                "message": message or request.query_params.get("ok"),
            },
            status_code=status_code,
        )

    @get("/")
    async def index(
        self, request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession], actor: NamedDependency[Actor]
    ) -> Template:
        return await self._render(request, db_session, actor)

    @post("/users", status_code=303)
    async def create(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        data: URLEncodedBody[AccountForm],
    ) -> Template | Redirect:
        require(actor, Permission.MANAGE_ACCOUNTS)
        try:
            await services.create_staff_account(
                db_session, actor, email=data.email, name=data.name, role=data.role, password=data.password
            )
        except ServiceError as error:
            data.password = ""
            return await self._render(request, db_session, actor, form=data, error=error, status_code=error.status_code)
        return Redirect("/admin?ok=created", status_code=303)

    @post("/users/{user_id:str}/active", status_code=303)
    async def toggle(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        user_id: FromPath[str],
        data: URLEncodedBody[dict[str, str]],
    ) -> Redirect:
        await services.set_active(db_session, actor, user_id, active=data.get("active") == "1")
        return Redirect("/admin?ok=saved", status_code=303)

    @post("/handover", status_code=303)
    async def handover(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        data: URLEncodedBody[HandoverForm],
    ) -> Template | Redirect:
        try:
            await services.hand_over(
                db_session, actor, from_consultant=data.from_consultant_id, to_consultant=data.to_consultant_id
            )
        except ServiceError as error:
            return await self._render(request, db_session, actor, error=error, status_code=error.status_code)
        return Redirect("/admin?ok=handed-over", status_code=303)
