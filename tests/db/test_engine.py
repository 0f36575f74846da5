"""The engine set-up: concurrent read-then-write transactions all succeed, and SQLite runs in WAL mode."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

import pytest
from sqlalchemy import event, func, select, text

from placement.db.engine import READ_ONLY, create_engine
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
                        id=uuid.uuid4(),
                        name=f"Samtidig {n}",
                        cvr=f"{n:08d}",
                        version=1,
                        created_at=dt.datetime.now(dt.UTC),
                        updated_at=dt.datetime.now(dt.UTC),
                    )
                )

        await asyncio.gather(*(read_then_write(n) for n in range(40)))
        async with engine.connect() as connection:
            stored = await connection.scalar(
                select(func.count()).select_from(Company).where(Company.name.like("Samtidig %"))
            )
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


def _company(n: int, name: str) -> dict[str, object]:
    now = dt.datetime.now(dt.UTC)
    return {
        "id": uuid.uuid4(),
        "name": f"{name} {n}",
        "cvr": f"{n:08d}",
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }


async def test_writers_of_one_process_wait_for_each_other_in_the_process_not_in_sqlite(settings) -> None:
    # With SQLite's busy handler switched off, any writer that met another at SQLite's lock would fail at once with
    # "database is locked". The process's queue hands the turn from one writer to the next, so none ever meets one.
    if not settings.is_sqlite:
        pytest.skip("SQLite's write lock")
    engine = create_engine(settings)

    @event.listens_for(engine.sync_engine, "connect")
    def _no_busy_handler(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=0")
        cursor.close()

    try:

        async def write(n: int) -> None:
            async with engine.begin() as connection:
                await connection.execute(Company.__table__.insert().values(**_company(n, "Kø")))
                await asyncio.sleep(0.002)

        await asyncio.gather(*(write(n) for n in range(30)))
        async with engine.connect() as connection:
            assert (
                await connection.scalar(select(func.count()).select_from(Company).where(Company.name.like("Kø %")))
                == 30
            )
    finally:
        await engine.dispose()


async def test_a_writer_cancelled_in_the_middle_of_its_transaction_gives_the_turn_back(settings) -> None:
    engine = create_engine(settings)
    try:
        holding = asyncio.Event()

        async def stuck() -> None:
            async with engine.begin() as connection:
                await connection.execute(Company.__table__.insert().values(**_company(1, "Afbrudt")))
                holding.set()
                await asyncio.sleep(60)

        task = asyncio.create_task(stuck())
        await holding.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        async with asyncio.timeout(5):
            async with engine.begin() as connection:
                await connection.execute(Company.__table__.insert().values(**_company(2, "Efter")))
        async with engine.connect() as connection:
            names = set(
                await connection.scalars(select(Company.name).where(Company.name.in_(["Afbrudt 1", "Efter 2"])))
            )
        assert names == {"Efter 2"}  # the cancelled transaction was rolled back, the next one got through
    finally:
        await engine.dispose()


async def test_readers_marked_read_only_do_not_wait_for_a_writer(settings) -> None:
    engine = create_engine(settings)
    try:
        holding, done = asyncio.Event(), asyncio.Event()

        async def long_write() -> None:
            async with engine.begin() as connection:
                await connection.execute(Company.__table__.insert().values(**_company(7, "Lang")))
                holding.set()
                await done.wait()

        writer = asyncio.create_task(long_write())
        await holding.wait()
        async with asyncio.timeout(5):
            async with engine.execution_options(**READ_ONLY).connect() as connection:
                # The writer has not committed: the reader sees the database as it was, without waiting.
                assert (
                    await connection.scalar(select(func.count()).select_from(Company).where(Company.name == "Lang 7"))
                    == 0
                )
        done.set()
        await writer
    finally:
        await engine.dispose()
