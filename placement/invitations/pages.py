"""The consultant's invitation page of a placement, and the page where an invited person accepts."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, URLEncodedBody
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.cookies import with_session_cookie
from placement.auth.identity import Actor, client_address
from placement.db.unit_of_work import attempt
from placement.errors import ServiceError
from placement.invitations import services
from placement.invitations.links import invitation_link, mail_mode, settings_of
from placement.invitations.schemas import AcceptForm, InviteForm
from placement.web.paths import start_page
from placement.web.render import page


class InvitationPageController(Controller):
    include_in_schema = False

    async def _render(
        self,
        request: Request[Any, Any, Any],
        db: AsyncSession,
        actor: Actor,
        placement_id: uuid.UUID,
        *,
        form: InviteForm | None = None,
        link: str | None = None,
        mailed_to: str = "",
        error: ServiceError | None = None,
        status_code: int = 200,
    ) -> Template:
        now = request.app.state.clock.now()
        rows = await services.list_invitations(db, actor, placement_id)
        return page(
            request,
            "invitations/manage.html",
            {
                "placement_id": placement_id,
                "invitations": [
                    {
                        "role": r.role,
                        "name": r.name,
                        "email": r.email,
                        "state": r.state(now),
                        "expires": r.expires_at.date(),
                    }
                    for r in rows
                ],
                "form": form or InviteForm(),
                "link": link,
                "mailed_to": mailed_to,
                "mail": mail_mode(request),
                "error": error,
            },
            status_code=status_code,
        )

    @get("/forloeb/{placement_id:uuid}/invitationer", name="invitations:manage")
    async def manage(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
    ) -> Template:
        return await self._render(request, db_session, actor, placement_id)

    @post("/forloeb/{placement_id:uuid}/invitationer", name="invitations:invite", status_code=201)
    async def invite(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
        data: URLEncodedBody[InviteForm],
    ) -> Template:
        try:
            async with attempt(db_session):
                created = await services.invite(
                    db_session,
                    actor,
                    settings_of(request),
                    placement_id,
                    role=data.role,
                    email=data.email,
                    name=data.name,
                    clock=request.app.state.clock,
                )
                link = invitation_link(request, created.token)
                await services.mail_invitation(db_session, created, link)
        except ServiceError as error:
            if error.status_code in (403, 404):
                raise
            return await self._render(
                request, db_session, actor, placement_id, form=data, error=error, status_code=error.status_code
            )
        # Shown once: only the hash is stored, so the link cannot be shown again later.
        return await self._render(
            request,
            db_session,
            actor,
            placement_id,
            link=link,
            mailed_to=created.invitation.email,
            status_code=201,
        )

    @get("/invitation", name="invitations:accept", opt={"public": True})
    async def accept_page(self, request: Request[Any, Any, Any]) -> Template:
        return page(request, "invitations/accept.html", {"error": None})

    @post("/invitation", name="invitations:accept-submit", opt={"public": True}, status_code=303)
    async def accept(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        data: URLEncodedBody[AcceptForm],
    ) -> Response[Any]:
        try:
            user, token = await services.accept(
                db_session,
                settings_of(request),
                token=data.token,
                password=data.password,
                client=client_address(request),
                request_id=request.scope["state"].get("request_id", ""),
                clock=request.app.state.clock,
            )
        except ServiceError as error:
            return page(request, "invitations/accept.html", {"error": error}, status_code=error.status_code)
        target = start_page(request, user.role.value)
        return with_session_cookie(Redirect(target, status_code=303), settings_of(request), token)
