"""Login and logout as JSON and as pages, and GET /api/me."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import Body, URLEncodedBody
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_204_NO_CONTENT, HTTP_303_SEE_OTHER
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth import services
from placement.auth.cookies import session_cookie_name, with_session_cookie, without_session_cookie
from placement.auth.identity import Actor, client_address
from placement.auth.schemas import LoginForm, LoginIn, MeOut
from placement.config import Settings
from placement.errors import TooManyAttempts, Unauthenticated
from placement.web.paths import local_path
from placement.web.render import page


def _me(user: Actor) -> MeOut:
    return MeOut(id=str(user.user_id), email=user.email, name=user.name, role=user.role.value)


async def _logout(request: Request[Any, Any, Any], db: AsyncSession) -> Settings:
    """End the session the request's cookie names, if any; also run at login, so a replaced session ends too."""
    settings: Settings = request.app.state.settings
    token = request.cookies.get(session_cookie_name(settings))
    if token:
        await services.end_session(db, token)
    return settings


START_PAGES = {"consultant": "/oversigt", "citizen": "/mig", "admin": "/admin"}


def _start_page(request: Request[Any, Any, Any], role: str) -> str:
    """Each role's own start page where the application has one, else the front page."""
    wanted = START_PAGES.get(role, "/")
    return wanted if any(route.path == wanted for route in request.app.routes) else "/"


class AuthApiController(Controller):
    path = "/api"
    tags = ["auth"]

    @post("/auth/login", opt={"public": True}, status_code=200, summary="Log in; sets the session cookie")
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
        await _logout(request, db_session)
        return with_session_cookie(Response(_me(user)), settings, token)

    # Public: a session that has already timed out must still be able to log out and lose its cookie (CSRF still applies).
    @post(
        "/auth/logout", opt={"public": True}, status_code=HTTP_204_NO_CONTENT, summary="End the session on the server"
    )
    async def logout(
        self, request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]
    ) -> Response[None]:
        settings = await _logout(request, db_session)
        return without_session_cookie(Response(None, status_code=HTTP_204_NO_CONTENT), settings)

    @get("/me", summary="The signed-in account")
    async def me(self, actor: NamedDependency[Actor]) -> MeOut:
        return _me(actor)


class AuthPageController(Controller):
    include_in_schema = False

    @get("/login", opt={"public": True})
    async def login_page(self, request: Request[Any, Any, Any]) -> Template:
        return page(
            request,
            "auth/login.html",
            {"form": LoginForm(next=local_path(request.query_params.get("next"))), "error": None},
        )

    @post("/login", opt={"public": True}, status_code=HTTP_303_SEE_OTHER)
    async def login_submit(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        data: URLEncodedBody[LoginForm],
    ) -> Response[Any]:
        settings: Settings = request.app.state.settings
        try:
            user, token = await services.login(
                db_session,
                settings,
                email=data.email,
                password=data.password,
                client=client_address(request),
                request_id=request.scope["state"].get("request_id", ""),
                clock=request.app.state.clock,
            )
        except (Unauthenticated, TooManyAttempts) as exc:
            form = LoginForm(email=data.email, next=local_path(data.next))
            error = "locked" if isinstance(exc, TooManyAttempts) else "credentials"
            return page(request, "auth/login.html", {"form": form, "error": error}, status_code=exc.status_code)
        await _logout(request, db_session)
        target = local_path(data.next)
        if target == "/":
            target = _start_page(request, user.role.value)
        return with_session_cookie(Redirect(target, status_code=HTTP_303_SEE_OTHER), settings, token)

    @post("/logout", opt={"public": True}, status_code=HTTP_303_SEE_OTHER)
    async def logout(self, request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]) -> Response[Any]:
        settings = await _logout(request, db_session)
        return without_session_cookie(Redirect("/", status_code=HTTP_303_SEE_OTHER), settings)
