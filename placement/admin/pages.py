"""The admin page /admin: staff accounts, disabling and enabling them, caseload handover."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, URLEncodedBody
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Permission, require
from placement.admin import services
from placement.admin.schemas import AccountForm, HandoverForm
from placement.auth.identity import Actor
from placement.db.models import Role
from placement.db.unit_of_work import attempt
from placement.errors import Conflict, InvalidInput, RuleViolation, ServiceError
from placement.web.render import page


def _back(request: Request[Any, Any, Any], ok: str) -> Redirect:
    """Back to the admin page, saying what was done."""
    return Redirect(f"{request.app.route_reverse('admin:index')}?ok={ok}", status_code=303)


class AdminPageController(Controller):
    path = "/admin"
    include_in_schema = False

    async def _render(
        self,
        request: Request[Any, Any, Any],
        db: AsyncSession,
        actor: Actor,
        *,
        q: str = "",
        form: AccountForm | None = None,
        handover: HandoverForm | None = None,
        error: ServiceError | None = None,
    ) -> Template:
        accounts = await services.list_accounts(db, actor)
        consultants = [a for a in accounts if a.role is Role.CONSULTANT]
        # The handover starts from the first consultant with cases, and never offers them as their own successor.
        chosen = handover or HandoverForm(
            from_consultant_id=str(
                next((c.id for c in consultants if c.caseload), consultants[0].id if consultants else "")
            )
        )
        return page(
            request,
            "admin/index.html",
            {
                "q": q,
                "accounts": await services.list_accounts(db, actor, q) if q else accounts,
                "consultants": consultants,
                "failed_mails": await services.failed_mails(db, actor),
                "form": form or AccountForm(),
                "handover": chosen,
                "error": error,
                "message": request.query_params.get("ok"),
            },
            status_code=error.status_code if error else 200,
        )

    @get("/", name="admin:index")
    async def index(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        q: FromQuery[str] = "",
    ) -> Template:
        return await self._render(request, db_session, actor, q=q)

    @post("/users", name="admin:create-user", status_code=303)
    async def create(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        data: URLEncodedBody[AccountForm],
    ) -> Template | Redirect:
        require(actor, Permission.MANAGE_ACCOUNTS)
        try:
            async with attempt(db_session):
                await services.create_staff_account(
                    db_session, actor, email=data.email, name=data.name, role=data.role, password=data.password
                )
        except (InvalidInput, Conflict) as error:
            data.password = ""
            return await self._render(request, db_session, actor, form=data, error=error)
        return _back(request, "created")

    @post("/users/{user_id:uuid}/active", name="admin:set-active", status_code=303)
    async def toggle(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        user_id: FromPath[uuid.UUID],
        data: URLEncodedBody[dict[str, str]],
    ) -> Redirect:
        await services.set_active(db_session, actor, user_id, active=data.get("active") == "1")
        return _back(request, "saved")

    @post("/handover", name="admin:handover", status_code=303)
    async def handover(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        data: URLEncodedBody[HandoverForm],
    ) -> Template | Redirect:
        try:
            async with attempt(db_session):
                await services.hand_over(
                    db_session, actor, from_consultant=data.from_consultant_id, to_consultant=data.to_consultant_id
                )
        except (InvalidInput, Conflict, RuleViolation) as error:
            return await self._render(request, db_session, actor, handover=data, error=error)
        return _back(request, "handed-over")
