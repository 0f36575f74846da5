"""Engine set-up: SQLite in WAL mode with immediate write transactions, PostgreSQL through asyncpg."""

from __future__ import annotations

import asyncio
import sqlite3
import weakref
from collections.abc import Callable
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.util import await_

from placement.config import Settings
from placement.db import facts

# An execution option for engines and sessions that only read: on SQLite their transactions stay deferred and do not
# queue for the write lock. PostgreSQL ignores it. Use it as `engine.execution_options(**READ_ONLY)`.
READ_ONLY = {"placement_read_only": True}
_HOLDS_WRITE_TURN = "placement_holds_write_turn"


class WriterQueue:
    """One process's SQLite writers wait their turn here, in order, instead of in SQLite's busy handler.

    SQLite lets one writer in at a time. A writer that finds the lock taken sleeps in the busy handler with a growing
    back-off (up to 100 ms a try), so under load the lock sits free while the waiters sleep. Inside one process an
    asyncio lock hands the turn over the moment it is free. Other processes still meet at SQLite's own lock and its
    busy timeout, so this holds no state another process needs; it only keeps this one's writers from racing.
    """

    def __init__(self, timeout_seconds: float) -> None:
        self.timeout_seconds = timeout_seconds
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()

    def _lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        lock = self._locks.get(loop)
        if lock is None:
            lock = self._locks[loop] = asyncio.Lock()
        return lock

    async def _acquire(self, lock: asyncio.Lock) -> None:
        try:
            async with asyncio.timeout(self.timeout_seconds):
                await lock.acquire()
        except TimeoutError:
            # What SQLite itself says when its busy timeout runs out, so callers see one kind of error.
            raise sqlite3.OperationalError("database is locked") from None

    def take(self, info: dict[str, Any]) -> None:
        """Wait for this process's write turn; `info` is the pooled connection's, which remembers that it holds it."""
        if info.get(_HOLDS_WRITE_TURN) is not None:
            return
        lock = self._lock()
        await_(self._acquire(lock))
        info[_HOLDS_WRITE_TURN] = lock

    @staticmethod
    def give_back(info: dict[str, Any]) -> None:
        lock = info.pop(_HOLDS_WRITE_TURN, None)
        if lock is not None:
            lock.release()


def _begin(conn: Connection, statement: str) -> None:
    """BEGIN straight on aiosqlite: one trip to its thread, where a statement through SQLAlchemy's cursor takes four.

    A failure ("database is locked" after the busy timeout) comes as sqlite3.OperationalError, like the writer
    queue's own timeout.
    """
    driver = conn.connection.driver_connection
    assert driver is not None  # a pooled aiosqlite connection always has its driver connection
    await_(driver.execute(statement))


def _then_give_back(end: Callable[[Any], None], writers: WriterQueue) -> Callable[[Any], None]:
    def ended(dbapi_connection: Any) -> None:
        try:
            end(dbapi_connection)
        finally:
            try:
                info = dbapi_connection.info
            except NotImplementedError:  # the ad-hoc connection SQLAlchemy tests the database with: never a writer
                return
            writers.give_back(info)

    return ended


def create_engine(settings: Settings, *, immediate: bool = True, **kwargs: Any) -> AsyncEngine:
    """The one engine of a process, tuned for the configured database.

    `immediate=False` keeps SQLite's deferred transactions: only for tools that read beside a running service.
    """
    # Every session of the process keeps the management-information facts current in its own transaction.
    facts.install()
    # Parameters are names, notes and emails: never in an error's message, so never in a log.
    kwargs["hide_parameters"] = True
    if not settings.is_sqlite:
        return create_async_engine(settings.database_url, pool_pre_ping=True, **kwargs)
    engine = create_async_engine(settings.database_url, connect_args={"timeout": 30}, **kwargs)
    busy_ms = settings.sqlite_busy_timeout_ms
    writers = WriterQueue(busy_ms / 1000)

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, open transactions, so that "begin" below decides their kind.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A transaction that writes takes the write lock up front: a deferred one that upgrades from read to write
        # fails with "database is locked" at once instead of waiting. Readers marked READ_ONLY stay deferred.
        if not immediate or conn.get_execution_options().get("placement_read_only"):
            _begin(conn, "BEGIN")
            return
        writers.take(conn.info)
        try:
            _begin(conn, "BEGIN IMMEDIATE")
        except BaseException:
            writers.give_back(conn.info)
            raise

    # The turn is given back once the COMMIT or ROLLBACK has run, not before (Core's commit and rollback events fire
    # before), or the next writer would meet this one still at SQLite's lock. The dialect's do_commit and
    # do_rollback are also what the pool calls to reset a connection that comes back in the middle of a transaction
    # (a cancelled request), so a lost request can never keep the turn.
    dialect = engine.sync_engine.dialect
    dialect.do_commit = _then_give_back(dialect.do_commit, writers)  # type: ignore[method-assign,assignment]
    dialect.do_rollback = _then_give_back(dialect.do_rollback, writers)  # type: ignore[method-assign,assignment]

    @event.listens_for(engine.sync_engine.pool, "invalidate")
    def _on_invalidate(_dbapi_connection: Any, record: Any, _exception: Any) -> None:
        writers.give_back(record.info)

    @event.listens_for(engine.sync_engine.pool, "close")
    def _on_close(_dbapi_connection: Any, record: Any) -> None:
        writers.give_back(record.info)

    return engine
