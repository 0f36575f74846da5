"""The one unit of work of a request: the only place that commits or rolls back.

A request's changes are committed when its response succeeds (2xx, or a redirect after a form) and rolled back when
it is refused (4xx) or fails (5xx). Two things outlive a rollback, by one mechanism each, designed once:

- a refused change that a page answers by showing the form again runs inside `attempt(db)`, a savepoint: the change is
  rolled back to it, and the rest of the request (the reads of the page shown again, with their audit rows) is
  committed although the status is 4xx;
- statements given to `keep_through_rollback` (the audit rows of refusals) are executed at the end whatever the
  status: in the request's commit, or alone after its rollback.

A slow step (a password hash, a PDF render) must not hold SQLite's write lock: `outside_transaction(db)` commits what
the request did so far, and the request goes on in a new transaction once the step is done. `checkpoint(db)` does the
same without a step, where parallel requests must see a row at once (a password try before it is counted).

Every commit, here or anywhere else, first brings the management-information facts of the placements the
transaction touched up to date, in the same transaction: placement.db.facts listens on every session of the process
(installed by placement.db.engine.create_engine), so that requests, commands and tests all keep them.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig, async_default_handler_maker

# The library's own before-send handlers find the request's session through this helper; there is no public one.
from advanced_alchemy.extensions.litestar._utils import get_aa_scope_state
from litestar.constants import HTTP_RESPONSE_START
from litestar.types import Message, Scope
from sqlalchemy import Executable
from sqlalchemy.ext.asyncio import AsyncSession

from placement.errors import ServiceError

logger = logging.getLogger("placement.db")

_KEPT = "placement.kept_statements"
_RECOVERED = "placement.recovered_from_refusal"

# Hooks called with the request's session when an exception ends a request (the audit queues a refusal's row).
RefusalHook = Callable[[AsyncSession, Exception, Scope], None]


def keep_through_rollback(db: AsyncSession, statement: Executable) -> None:
    """Run `statement` at the end of the request, in its commit or, when the request is rolled back, after that."""
    db.info.setdefault(_KEPT, []).append(statement)


@asynccontextmanager
async def attempt(db: AsyncSession) -> AsyncIterator[None]:
    """Try a change in a savepoint. A ServiceError inside rolls the change back to it and is raised again; the page that
    answers it is then committed with the request (its reads' audit rows survive the 4xx status)."""
    savepoint = await db.begin_nested()
    try:
        yield
    except ServiceError:
        if savepoint.is_active:
            await savepoint.rollback()
        # The page that answers this refusal commits; an exception that ends the request rolls it back.
        db.info[_RECOVERED] = True
        raise
    else:
        if savepoint.is_active:
            await savepoint.commit()


async def checkpoint(db: AsyncSession) -> None:
    """Commit what the request did so far; the request goes on in a new transaction."""
    await _run_kept(db)
    await db.commit()


@asynccontextmanager
async def outside_transaction(db: AsyncSession) -> AsyncIterator[None]:
    """Commit what the request did so far, then run the body (a slow step) with no transaction open."""
    await checkpoint(db)
    yield


async def _run_kept(db: AsyncSession) -> None:
    for statement in db.info.pop(_KEPT, []):
        await db.execute(statement)


class UnitOfWork:
    """The request boundary: commits or rolls back the request's session before the response starts."""

    def __init__(self, config: SQLAlchemyAsyncConfig, *, on_refusal: tuple[RefusalHook, ...] = ()) -> None:
        self._config = config
        self._on_refusal = on_refusal
        self._close = async_default_handler_maker(session_scope_key=config.session_scope_key)

    async def after_exception(self, exc: Exception, scope: Scope) -> None:
        """Let the hooks queue what must outlive the rollback of a request that an exception ends."""
        session = self._config.provide_session(scope["litestar_app"].state, scope)
        # An exception that reaches the boundary was not answered by the handler's own page: all of it rolls back.
        session.info.pop(_RECOVERED, None)
        for hook in self._on_refusal:
            hook(session, exc, scope)

    async def before_send(self, message: Message, scope: Scope) -> None:
        session: AsyncSession | None = get_aa_scope_state(scope, self._config.session_scope_key)
        if session is not None and message["type"] == HTTP_RESPONSE_START:
            await self._end(session, message["status"])
        await self._close(message, scope)

    @staticmethod
    async def _end(session: AsyncSession, status: int) -> None:
        recovered = session.info.pop(_RECOVERED, False)
        if status < 400 or (recovered and status < 500):
            try:
                await _run_kept(session)
                await session.commit()
            except Exception:
                await session.rollback()
                raise
            return
        await session.rollback()
        kept = session.info.pop(_KEPT, [])
        if not kept:
            return
        try:
            for statement in kept:
                await session.execute(statement)
            await session.commit()
        except Exception as error:
            logger.error("%d statements kept through a rollback could not be run (%s)", len(kept), type(error).__name__)
            await session.rollback()
