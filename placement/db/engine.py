"""Engine set-up: SQLite in WAL mode with immediate write transactions, PostgreSQL through asyncpg."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from placement.config import Settings


def create_engine(settings: Settings, *, immediate: bool = True, **kwargs: Any) -> AsyncEngine:
    """The one engine of a process, tuned for the configured database.

    `immediate=False` keeps SQLite's deferred transactions: only for tools that read beside a running service.
    """
    if not settings.is_sqlite:
        return create_async_engine(settings.database_url, pool_pre_ping=True, **kwargs)
    engine = create_async_engine(settings.database_url, connect_args={"timeout": 30}, **kwargs)
    busy_ms = settings.sqlite_busy_timeout_ms

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
    def _on_begin(conn: Any) -> None:
        # Every request writes (at least its audit row), so take the write lock up front: a deferred transaction
        # that upgrades from read to write fails with "database is locked" at once instead of waiting.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
