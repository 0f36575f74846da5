"""The login page, the login form's answer and logging out from a page."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import URLEncodedBody
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_200_OK, HTTP_303_SEE_OTHER
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth import reset, services
from placement.auth.cookies import end_request_session, with_session_cookie, without_session_cookie
from placement.auth.identity import client_address
from placement.auth.schemas import LoginForm, NewPasswordForm, ResetForm
from placement.config import Settings
from placement.errors import InvalidInput, Refused, ServiceError, TooManyAttempts, Unauthenticated
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

    @get("/glemt-adgangskode", name="auth:forgot-password", opt={"public": True})
    async def forgot_password(self, request: Request[Any, Any, Any]) -> Template:
        return _forgot(request, ResetForm(), state=None)

    @post("/glemt-adgangskode", name="auth:forgot-password-submit", opt={"public": True}, status_code=HTTP_200_OK)
    async def forgot_password_submit(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        data: URLEncodedBody[ResetForm],
    ) -> Template:
        try:
            await reset.request_reset(
                db_session,
                request.app.state.settings,
                email=data.email,
                client=client_address(request),
                request_id=request.scope["state"].get("request_id", ""),
                link_for=lambda token: reset.reset_link(request, token),
                clock=request.app.state.clock,
            )
        except TooManyAttempts as exc:
            return _forgot(request, data, state="locked", status_code=exc.status_code)
        return _forgot(request, ResetForm(), state="sent")

    @get("/ny-adgangskode", name="auth:new-password", opt={"public": True})
    async def new_password(self, request: Request[Any, Any, Any]) -> Template:
        return page(request, "auth/new_password.html", {"error": None, "done": False})

    @post("/ny-adgangskode", name="auth:new-password-submit", opt={"public": True}, status_code=HTTP_200_OK)
    async def new_password_submit(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        data: URLEncodedBody[NewPasswordForm],
    ) -> Template:
        try:
            await reset.confirm_reset(
                db_session,
                request.app.state.settings,
                token=data.token,
                password=data.password,
                clock=request.app.state.clock,
            )
        except ServiceError as error:
            context = {"error": error, "done": False}
            return page(request, "auth/new_password.html", context, status_code=error.status_code)
        return page(request, "auth/new_password.html", {"error": None, "done": True})


def _forgot(
    request: Request[Any, Any, Any], form: ResetForm, *, state: str | None, status_code: int = HTTP_200_OK
) -> Template:
    # Said whatever the address: without a mail server the link only reaches the service's log.
    logged = request.app.state.mail_transport.mode == "logged"
    context = {"form": form, "state": state, "logged": logged}
    return page(request, "auth/forgot_password.html", context, status_code=status_code)
