"""Alembic environment: runs migrations on the async engine, in batch mode on SQLite."""

from __future__ import annotations

import asyncio
from typing import Any

from advanced_alchemy.types import GUID
from alembic import context
from sqlalchemy.engine import Connection

from placement.config import Settings
from placement.db.base import metadata
from placement.db.engine import create_engine

config = context.config


def _settings() -> Settings:
    settings = config.attributes.get("settings")
    return settings if isinstance(settings, Settings) else Settings.from_env()


def _compare_type(
    context_: Any, inspected: Any, metadata_column: Any, inspected_type: Any, metadata_type: Any
) -> bool | None:
    # SQLite reflects GUID's BINARY(16) as NUMERIC(16); that is the same column, not a change.
    if isinstance(metadata_type, GUID) and context_.dialect.name == "sqlite":
        return False
    return None


def _check_foreign_keys(*, ctx: Any, **_kwargs: Any) -> None:
    """Before a step's commit on SQLite: its copies of tables left every foreign key whole."""
    broken = ctx.connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise RuntimeError(f"the migration left {len(broken)} rows with a broken foreign key in {', '.join(tables)}")


def _run(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch mode copies a table and drops the original, which SQLite refuses while rows refer to it; each step's
        # foreign keys are checked by _check_foreign_keys instead.
        _sqlite_foreign_keys(connection, "OFF")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=sqlite,
        compare_type=_compare_type,
        compare_server_default=False,
        transaction_per_migration=True,
        on_version_apply=_check_foreign_keys if sqlite else (),
    )
    with context.begin_transaction():
        context.run_migrations()
    if sqlite and not connection.in_transaction():
        _sqlite_foreign_keys(connection, "ON")


def _sqlite_foreign_keys(connection: Connection, state: str) -> None:
    # The pragma is a no-op inside a transaction, so it goes to the driver, between transactions.
    assert not connection.in_transaction()
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(f"PRAGMA foreign_keys={state}")
    cursor.close()


async def _run_async() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        await connection.run_sync(_run)
        return
    engine = create_engine(_settings())
    try:
        async with engine.connect() as conn:
            await conn.run_sync(_run)
            await conn.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_settings().database_url, target_metadata=metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_async())
