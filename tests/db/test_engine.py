"""The engine set-up: concurrent read-then-write transactions all succeed, and SQLite runs in WAL mode."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select, text

from placement.db.engine import create_engine
from placement.db.models import Company


async def test_forty_concurrent_read_then_write_transactions_all_succeed(settings) -> None:
    # The classic SQLite failure: transactions that read, then write, upgrade their lock and get "database is locked".
    engine = create_engine(settings)
    try:
        async def read_then_write(n: int) -> None:
            async with engine.begin() as connection:
                await connection.execute(select(func.count()).select_from(Company))
                await asyncio.sleep(0.005)
                await connection.execute(
                    Company.__table__.insert().values(
                        id=uuid.uuid4(), name=f"Samtidig {n}", cvr=f"{n:08d}", version=1,
                        created_at=dt.datetime.now(dt.UTC), updated_at=dt.datetime.now(dt.UTC),
                    )
                )

        await asyncio.gather(*(read_then_write(n) for n in range(40)))
        async with engine.connect() as connection:
            stored = await connection.scalar(select(func.count()).select_from(Company).where(Company.name.like("Samtidig %")))
        assert stored == 40
    finally:
        await engine.dispose()


async def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(settings) -> None:
    if not settings.is_sqlite:
        pytest.skip("a SQLite setting")
    engine = create_engine(settings)
    try:
        async with engine.connect() as connection:
            assert (await connection.scalar(text("PRAGMA journal_mode"))).lower() == "wal"
            assert await connection.scalar(text("PRAGMA busy_timeout")) >= 5000
            assert await connection.scalar(text("PRAGMA foreign_keys")) == 1
    finally:
        await engine.dispose()
