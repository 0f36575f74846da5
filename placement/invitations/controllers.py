"""Invitation API and pages. The link carries its token in the URL fragment, which browsers never send to a server."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import Body, FromPath, URLEncodedBody
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.cookies import with_session_cookie
from placement.auth.identity import Actor, client_address
from placement.clock import Clock
from placement.config import Settings
from placement.db.unit_of_work import attempt
from placement.errors import ServiceError
from placement.invitations import services
from placement.openapi import errors
from placement.web.render import page

START_PAGES = {"citizen": "/mig"}


class InvitationIn(msgspec.Struct, forbid_unknown_fields=True):
    role: str
    email: str
    name: str


class InvitationCreated(msgspec.Struct):
    id: str
    url: str
    expires_at: dt.datetime


class InvitationOut(msgspec.Struct):
    id: str
    role: str
    name: str
    email: str
    state: str
    expires_at: dt.datetime


class AcceptIn(msgspec.Struct, forbid_unknown_fields=True):
    token: str
    password: str


class AcceptedOut(msgspec.Struct):
    id: str
    email: str
    name: str
    role: str


class InviteForm(msgspec.Struct):
    role: str = "company_contact"
    email: str = ""
    name: str = ""


class AcceptForm(msgspec.Struct):
    token: str = ""
    password: str = ""


def _link(request: Request[Any, Any, Any], token: str) -> str:
    # From the configured base URL: the Host header is the client's to choose, so a link built on it could lead
    # the invited person to another site with the token.
    return _settings(request).absolute_url(f"{request.app.route_reverse('invitation_page')}#{token}")


def _settings(request: Request[Any, Any, Any]) -> Settings:
    return request.app.state.settings


class InvitationApiController(Controller):
    path = "/api"
    tags = ["invitations"]

    @post("/placements/{placement_id:str}/invitations", summary="Invite the company contact, mentor or citizen")
    async def create(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[str],
        data: Annotated[InvitationIn, Body()],
    ) -> InvitationCreated:
        created = await services.invite(
            db_session,
            actor,
            _settings(request),
            placement_id,
            role=data.role,
            email=data.email,
            name=data.name,
            clock=request.app.state.clock,
        )
        return InvitationCreated(
            id=str(created.invitation.id), url=_link(request, created.token), expires_at=created.invitation.expires_at
        )

    @get("/placements/{placement_id:str}/invitations", summary="The placement's invitations and their state")
    async def list_invitations(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
        placement_id: FromPath[str],
    ) -> list[InvitationOut]:
        now = clock.now()
        return [
            InvitationOut(
                id=str(r.id), role=r.role, name=r.name, email=r.email, state=r.state(now), expires_at=r.expires_at
            )
            for r in await services.list_invitations(db_session, actor, placement_id)
        ]

    @post(
        "/invitations/accept",
        opt={"public": True},
        status_code=201,
        responses=errors(404, 409, 410),
        summary="Accept with a password: the account exists, is tied to the placement and is logged in",
    )
    async def accept(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        data: Annotated[AcceptIn, Body()],
    ) -> Response[AcceptedOut]:
        user, token = await services.accept(
            db_session,
            _settings(request),
            token=data.token,
            password=data.password,
            client=client_address(request),
            request_id=request.scope["state"].get("request_id", ""),
            clock=request.app.state.clock,
        )
        body = AcceptedOut(id=str(user.id), email=user.email, name=user.name, role=user.role.value)
        return with_session_cookie(Response(body, status_code=201), _settings(request), token)


class InvitationPageController(Controller):
    include_in_schema = False

    async def _render(
        self,
        request: Request[Any, Any, Any],
        db: AsyncSession,
        actor: Actor,
        placement_id: str,
        *,
        form: InviteForm | None = None,
        link: str | None = None,
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
                        "expires": r.expires_at.date().isoformat(),
                    }
                    for r in rows
                ],
                "form": form or InviteForm(),
                "link": link,
                "error": error,
            },
            status_code=status_code,
        )

    @get("/forloeb/{placement_id:str}/invitationer")
    async def manage(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[str],
    ) -> Template:
        return await self._render(request, db_session, actor, placement_id)

    @post("/forloeb/{placement_id:str}/invitationer", status_code=201)
    async def invite(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[str],
        data: URLEncodedBody[InviteForm],
    ) -> Template:
        try:
            async with attempt(db_session):
                created = await services.invite(
                    db_session,
                    actor,
                    _settings(request),
                    placement_id,
                    role=data.role,
                    email=data.email,
                    name=data.name,
                    clock=request.app.state.clock,
                )
        except ServiceError as error:
            if error.status_code in (403, 404):
                raise
            return await self._render(
                request, db_session, actor, placement_id, form=data, error=error, status_code=error.status_code
            )
        # Shown once: only the hash is stored, so the link cannot be shown again later.
        return await self._render(
            request, db_session, actor, placement_id, link=_link(request, created.token), status_code=201
        )

    @get("/invitation", opt={"public": True}, name="invitation_page")
    async def accept_page(self, request: Request[Any, Any, Any]) -> Template:
        return page(request, "invitations/accept.html", {"error": None})

    @post("/invitation", opt={"public": True}, status_code=303)
    async def accept(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        data: URLEncodedBody[AcceptForm],
    ) -> Response[Any]:
        try:
            user, token = await services.accept(
                db_session,
                _settings(request),
                token=data.token,
                password=data.password,
                client=client_address(request),
                request_id=request.scope["state"].get("request_id", ""),
                clock=request.app.state.clock,
            )
        except ServiceError as error:
            return page(request, "invitations/accept.html", {"error": error}, status_code=error.status_code)
        target = START_PAGES.get(user.role.value, "/")
        return with_session_cookie(Redirect(target, status_code=303), _settings(request), token)
