"""Migration 0011 adds the second conversation's tables empty, on every engine; the downgrade drops them and keeps
the assessments already stored."""

from __future__ import annotations

import anyio
from sqlalchemy import inspect, text

from placement.db import migrate
from placement.db.engine import create_engine

NEW_TABLES = {"assessment_conversation", "assessment_agreement", "question_selection"}


async def test_0011_adds_the_conversation_tables_and_its_downgrade_drops_only_them(database_factory) -> None:
    settings = await database_factory.empty()
    await anyio.to_thread.run_sync(migrate.upgrade, settings, "0009")
    engine = create_engine(settings.as_schema_owner())
    try:
        await anyio.to_thread.run_sync(migrate.upgrade, settings, "0011")
        async with engine.connect() as c:
            tables = set(await c.run_sync(lambda s: inspect(s).get_table_names()))
            empty = [(await c.execute(text(f"SELECT count(*) FROM {name}"))).scalar() for name in sorted(NEW_TABLES)]
        await engine.dispose()
        await anyio.to_thread.run_sync(migrate.downgrade, settings, "0010")
        async with engine.connect() as c:
            after = set(await c.run_sync(lambda s: inspect(s).get_table_names()))
        await engine.dispose()
        await anyio.to_thread.run_sync(migrate.upgrade, settings, "0011")
        async with engine.connect() as c:
            again = set(await c.run_sync(lambda s: inspect(s).get_table_names()))
    finally:
        await engine.dispose()
    assert tables >= NEW_TABLES and empty == [0, 0, 0]
    assert not NEW_TABLES & after and {"assessment", "assessment_answer"} <= after
    assert again >= NEW_TABLES
