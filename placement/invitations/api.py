"""Invitations as JSON: invite a party to a placement, list the placement's invitations, accept one."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import Body, FromPath
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.cookies import with_session_cookie
from placement.auth.identity import Actor, client_address
from placement.clock import Clock
from placement.invitations import services
from placement.invitations.links import invitation_link, mail_mode, settings_of
from placement.invitations.schemas import AcceptedOut, AcceptIn, InvitationCreated, InvitationIn, InvitationOut
from placement.openapi import errors
from placement.web.paths import start_page


class InvitationApiController(Controller):
    path = "/api"
    tags = ["invitations"]

    @post(
        "/placements/{placement_id:uuid}/invitations",
        name="invitations:api-create",
        summary="Invite the company contact, mentor or citizen",
    )
    async def create(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        placement_id: FromPath[uuid.UUID],
        data: Annotated[InvitationIn, Body()],
    ) -> InvitationCreated:
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
        return InvitationCreated(
            id=str(created.invitation.id), url=link, expires_at=created.invitation.expires_at, mail=mail_mode(request)
        )

    @get(
        "/placements/{placement_id:uuid}/invitations",
        name="invitations:api-list",
        summary="The placement's invitations and their state",
    )
    async def list_invitations(
        self,
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
        placement_id: FromPath[uuid.UUID],
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
        name="invitations:api-accept",
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
            settings_of(request),
            token=data.token,
            password=data.password,
            client=client_address(request),
            request_id=request.scope["state"].get("request_id", ""),
            clock=request.app.state.clock,
        )
        body = AcceptedOut(
            id=str(user.id),
            email=user.email,
            name=user.name,
            role=user.role.value,
            start_page=start_page(request, user.role.value),
        )
        return with_session_cookie(Response(body, status_code=201), settings_of(request), token)
