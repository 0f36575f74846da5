"""The login page, the login form's answer and logging out from a page."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth import services
from placement.auth.cookies import end_request_session, with_session_cookie, without_session_cookie
from placement.auth.identity import client_address
from placement.auth.schemas import LoginForm
from placement.config import Settings
from placement.errors import InvalidInput, Refused, TooManyAttempts, Unauthenticated
from placement.web.paths import local_path, start_page
from placement.web.render import page


class AuthPageController(Controller):
    include_in_schema = False

    @get("/login", name="auth:login", opt={"public": True})
    async def login_page(self, request: Request[Any, Any, Any]) -> Template:
        return page(
            request,
            "auth/login.html",
            {"form": LoginForm(next=local_path(request.query_params.get("next"))), "error": None},
        )

    @post("/login", name="auth:login-submit", opt={"public": True}, status_code=HTTP_303_SEE_OTHER)
    async def login_submit(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        data: URLEncodedBody[LoginForm],
    ) -> Response[Any]:
        settings: Settings = request.app.state.settings
        form = LoginForm(email=data.email, next=local_path(data.next))
        # A blank field is said beside it, and tried by nobody: it costs no attempt under the brute-force limit.
        blank = [
            InvalidInput(f"{name} is required", field=name, code="required")
            for name, value in (("email", data.email), ("password", data.password))
            if not value.strip()
        ]
        if blank:
            return page(request, "auth/login.html", {"form": form, "error": Refused(blank)}, status_code=400)
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
            return page(request, "auth/login.html", {"form": form, "error": exc}, status_code=exc.status_code)
        await end_request_session(request, db_session)
        target = local_path(data.next)
        if target == "/":
            target = start_page(request, user.role.value)
        return with_session_cookie(Redirect(target, status_code=HTTP_303_SEE_OTHER), settings, token)

    @post("/logout", name="auth:logout", opt={"public": True}, status_code=HTTP_303_SEE_OTHER)
    async def logout(self, request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]) -> Response[Any]:
        settings = await end_request_session(request, db_session)
        target = request.app.route_reverse("pages:start")
        return without_session_cookie(Redirect(target, status_code=HTTP_303_SEE_OTHER), settings)
