"""Every cookie the service sets or deletes: names and flags in one place, so production gets Secure on all of them."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response
from litestar.datastructures import Cookie
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth import services
from placement.config import Settings

CSRF_COOKIE = "csrftoken"
CSRF_HEADER = "x-csrftoken"


def session_cookie_name(settings: Settings) -> str:
    # __Host- binds the cookie to this exact origin over HTTPS: no subdomain can set or read it.
    return "__Host-session" if settings.is_production else "session"


def csrf_cookie_name(settings: Settings) -> str:
    # A sibling subdomain that could plant its own CSRF cookie could forge the pair it is checked against.
    return f"__Host-{CSRF_COOKIE}" if settings.is_production else CSRF_COOKIE


def service_cookie(settings: Settings, key: str, value: str, *, max_age: int, httponly: bool = True) -> Cookie:
    """A cookie for this origin only: Path=/, no Domain, SameSite=Lax, Secure in production.

    A deletion (max_age=0) carries the same flags: browsers ignore a Set-Cookie for a Secure (and so any __Host-)
    cookie that lacks Secure, and the cookie would stay.
    """
    return Cookie(
        key=key,
        value=value,
        path="/",
        domain=None,
        httponly=httponly,
        samesite="lax",
        secure=settings.is_production,
        max_age=max_age,
        expires=0 if max_age == 0 else None,
    )


def with_session_cookie(response: Response[Any], settings: Settings, token: str) -> Response[Any]:
    response.set_cookie(
        service_cookie(settings, session_cookie_name(settings), token, max_age=settings.session_absolute_hours * 3600)
    )
    return response


def without_session_cookie(response: Response[Any], settings: Settings) -> Response[Any]:
    response.set_cookie(service_cookie(settings, session_cookie_name(settings), "", max_age=0))
    return response


async def end_request_session(request: Request[Any, Any, Any], db: AsyncSession) -> Settings:
    """End the session the request's cookie names, if any; also run at login, so a replaced session ends too."""
    settings: Settings = request.app.state.settings
    token = request.cookies.get(session_cookie_name(settings))
    if token:
        await services.end_session(db, token)
    return settings
