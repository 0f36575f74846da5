"""The session cookie: its name and flags, in one place for every slice that logs someone in or out."""

from __future__ import annotations

from typing import Any

from litestar import Response

from placement.config import Settings


def session_cookie_name(settings: Settings) -> str:
    # __Host- binds the cookie to this exact origin over HTTPS: no subdomain can set or read it.
    return "__Host-session" if settings.is_production else "session"


def with_session_cookie(response: Response[Any], settings: Settings, token: str) -> Response[Any]:
    response.set_cookie(
        key=session_cookie_name(settings), value=token, path="/", httponly=True, samesite="lax",
        secure=settings.is_production, max_age=settings.session_absolute_hours * 3600,
    )
    return response


def without_session_cookie(response: Response[Any], settings: Settings) -> Response[Any]:
    response.delete_cookie(key=session_cookie_name(settings), path="/")
    return response
