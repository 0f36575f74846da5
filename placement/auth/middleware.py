"""Resolves the session cookie to the signed-in user for every HTTP request, and denies by default."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from placement.auth.cookies import session_cookie_name
from placement.auth.services import check_session, settle_session
from placement.clock import Clock
from placement.config import Settings
from placement.db.engine import READ_ONLY
from placement.errors import Unauthenticated

PUBLIC_PREFIXES = ("/schema", "/static/")


class SessionMiddleware(ASGIMiddleware):
    """Sets scope["user"] to the signed-in Actor or None, before the request's own transaction.

    The lookup only reads; the rare write it calls for (an ended session deleted, last_seen_at moved on once a
    minute) gets a short transaction of its own, so most requests never queue for SQLite's write lock here.
    """

    scopes = (ScopeType.HTTP,)

    def __init__(self, engine: AsyncEngine) -> None:
        self.readers = async_sessionmaker(engine.execution_options(**READ_ONLY), expire_on_commit=False)
        self.writers = async_sessionmaker(engine, expire_on_commit=False)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        settings: Settings = scope["litestar_app"].state.settings
        clock: Clock = scope["litestar_app"].state.clock
        token = ASGIConnection[Any, Any, Any, Any](scope).cookies.get(session_cookie_name(settings))
        scope["user"] = None
        if token:
            async with self.readers() as db, db.begin():
                check = await check_session(db, token, settings, clock=clock)
            if check.ended or check.touch:
                async with self.writers() as db, db.begin():
                    await settle_session(db, check, clock=clock)
            if check.user is not None:
                scope["user"] = replace(check.user, request_id=scope.get("state", {}).get("request_id", ""))
        await next_app(scope, receive, send)


def require_login(connection: ASGIConnection[Any, Any, Any, Any], route_handler: BaseRouteHandler) -> None:
    """Deny by default: only routes marked public answer without a session."""
    if connection.scope.get("user") is not None or route_handler.opt.get("public"):
        return
    if connection.scope["path"].startswith(PUBLIC_PREFIXES):
        return
    raise Unauthenticated("log in first")
