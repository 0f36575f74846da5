"""The request boundary's audit duty: refusal rows survive the rollback of the request they refused."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig, async_autocommit_handler_maker

# The library's own before-send handlers find the request's session through this helper; there is no public one.
from advanced_alchemy.extensions.litestar._utils import get_aa_scope_state
from litestar.constants import HTTP_RESPONSE_START
from litestar.types import Message, Scope
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Actor
from placement.audit.services import record_denied, take_refusals, write_rows
from placement.errors import Forbidden

logger = logging.getLogger("placement.audit")

Handler = Callable[[Message, Scope], Coroutine[Any, Any, None]]


class RefusalBoundary:
    """Queues a denied row for every role-level refusal (403) and writes the queued rows once the request is over.

    Services queue the rows of refusals they decide (a foreign object's 404) with `record_denied`; a Forbidden that
    reaches the boundary is queued by `after_exception`. Before the response starts, `before_send` rolls a refused
    request (status >= 400) back, then inserts the queued rows and commits them alone, in the request's own session
    and so in one write transaction at a time (SQLite's writer queue is never asked twice). A request that succeeds
    gets its queued rows in its own commit.
    """

    def __init__(self, config: SQLAlchemyAsyncConfig) -> None:
        self._config = config
        # Form POSTs that redirect must commit too.
        self._autocommit = async_autocommit_handler_maker(
            commit_on_redirect=True, session_scope_key=config.session_scope_key
        )

    async def after_exception(self, exc: Exception, scope: Scope) -> None:
        user = scope.get("user")
        if not isinstance(exc, Forbidden) or user is None:
            return
        session = self._config.provide_session(scope["litestar_app"].state, scope)
        actor = Actor(user_id=user.id, role=user.role, request_id=scope.get("state", {}).get("request_id", ""))
        record_denied(
            session,
            actor,
            exc.action or scope["method"].lower(),
            object_type=exc.object_type or "route",
            object_id=exc.object_id,
        )

    async def before_send(self, message: Message, scope: Scope) -> None:
        session: AsyncSession | None = get_aa_scope_state(scope, self._config.session_scope_key)
        if session is not None and message["type"] == HTTP_RESPONSE_START:
            rows = take_refusals(session)
            if rows:
                await self._write(session, rows, refused=message["status"] >= 400)
        await self._autocommit(message, scope)

    @staticmethod
    async def _write(session: AsyncSession, rows: list[dict[str, object]], *, refused: bool) -> None:
        try:
            if refused:
                await session.rollback()
            await write_rows(session, rows)
            if refused:
                await session.commit()
        except Exception as error:
            logger.error(
                "%d denied audit rows could not be written (%s, request %s)",
                len(rows),
                type(error).__name__,
                rows[0]["request_id"],
            )
