"""Login and logout as JSON, and GET /api/me."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import Body
from litestar.status_codes import HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth import reset, services
from placement.auth.cookies import end_request_session, with_session_cookie, without_session_cookie
from placement.auth.identity import Actor, client_address
from placement.auth.reset import reset_link
from placement.auth.schemas import LoginIn, MeOut, ResetConfirmIn, ResetIn, ResetRequestedOut
from placement.config import Settings
from placement.openapi import errors
from placement.web.paths import start_page


def _me(request: Request[Any, Any, Any], user: Actor) -> MeOut:
    return MeOut(
        id=str(user.user_id),
        email=user.email,
        name=user.name,
        role=user.role.value,
        start_page=start_page(request, user.role.value),
    )


class AuthApiController(Controller):
    path = "/api"
    tags = ["auth"]

    @post(
        "/auth/login",
        name="auth:api-login",
        opt={"public": True},
        status_code=200,
        summary="Log in; sets the session cookie",
    )
    async def login(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        data: Annotated[LoginIn, Body()],
    ) -> Response[MeOut]:
        settings: Settings = request.app.state.settings
        user, token = await services.login(
            db_session,
            settings,
            email=data.email,
            password=data.password,
            client=client_address(request),
            request_id=request.scope["state"].get("request_id", ""),
            clock=request.app.state.clock,
        )
        await end_request_session(request, db_session)
        return with_session_cookie(Response(_me(request, user)), settings, token)

    # Public: a session that has already timed out must still be able to log out and lose its cookie (CSRF still applies).
    @post(
        "/auth/logout",
        name="auth:api-logout",
        opt={"public": True},
        status_code=HTTP_204_NO_CONTENT,
        summary="End the session on the server",
    )
    async def logout(
        self, request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]
    ) -> Response[None]:
        settings = await end_request_session(request, db_session)
        return without_session_cookie(Response(None, status_code=HTTP_204_NO_CONTENT), settings)

    @post(
        "/auth/password-reset",
        name="auth:api-password-reset",
        opt={"public": True},
        status_code=HTTP_202_ACCEPTED,
        responses=errors(429),
        summary="Mail a link to choose a new password; the same 202 whether or not the address has an account",
    )
    async def password_reset(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        data: Annotated[ResetIn, Body()],
    ) -> ResetRequestedOut:
        await reset.request_reset(
            db_session,
            request.app.state.settings,
            email=data.email,
            client=client_address(request),
            request_id=request.scope["state"].get("request_id", ""),
            link_for=lambda token: reset_link(request, token),
            clock=request.app.state.clock,
        )
        return ResetRequestedOut(detail=reset.REQUESTED)

    @post(
        "/auth/password-reset/confirm",
        name="auth:api-password-reset-confirm",
        opt={"public": True},
        status_code=HTTP_204_NO_CONTENT,
        responses=errors(404, 409, 410),
        summary="Set the new password with the link's token; every session of the account ends",
    )
    async def password_reset_confirm(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        data: Annotated[ResetConfirmIn, Body()],
    ) -> Response[None]:
        await reset.confirm_reset(
            db_session,
            request.app.state.settings,
            token=data.token,
            password=data.password,
            clock=request.app.state.clock,
        )
        return Response(None, status_code=HTTP_204_NO_CONTENT)

    @get("/me", name="auth:api-me", summary="The signed-in account")
    async def me(self, request: Request[Any, Any, Any], actor: NamedDependency[Actor]) -> MeOut:
        return _me(request, actor)
