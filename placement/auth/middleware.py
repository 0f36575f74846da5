"""Resolves the session cookie to the signed-in user for every HTTP request, and denies by default."""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send
from sqlalchemy.ext.asyncio import async_sessionmaker

from placement.auth.cookies import session_cookie_name
from placement.auth.services import resolve_session
from placement.config import Settings
from placement.errors import Unauthenticated

PUBLIC_PREFIXES = ("/schema", "/static/")


class SessionMiddleware(ASGIMiddleware):
    """Sets scope["user"] to a CurrentUser or None; its own short transaction, before the request's."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        state = scope["litestar_app"].state
        settings: Settings = state.settings
        token = ASGIConnection[Any, Any, Any, Any](scope).cookies.get(session_cookie_name(settings))
        scope["user"] = None
        if token:
            async with async_sessionmaker(state.engine, expire_on_commit=False)() as db, db.begin():
                scope["user"] = await resolve_session(db, token, settings)
        await next_app(scope, receive, send)


def require_login(connection: ASGIConnection[Any, Any, Any, Any], route_handler: BaseRouteHandler) -> None:
    """Deny by default: only routes marked public answer without a session."""
    if connection.scope.get("user") is not None or route_handler.opt.get("public"):
        return
    if connection.scope["path"].startswith(PUBLIC_PREFIXES):
        return
    raise Unauthenticated("log in first")
