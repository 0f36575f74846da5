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


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=_compare_type,
        compare_server_default=False,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


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
