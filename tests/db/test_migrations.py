"""The migrations build the schema the models describe, and undo it, on every engine."""

from __future__ import annotations

import anyio
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from placement.db import migrate
from placement.db.base import metadata
from placement.db.engine import create_engine


def _diff(connection):  # type: ignore[no-untyped-def]
    context = MigrationContext.configure(
        connection,
        opts={"compare_type": True, "render_as_batch": connection.dialect.name == "sqlite"},
    )
    # SQLite reflects GUID's BINARY(16) as NUMERIC(16): the same column, as migrations/env.py also says.
    return [
        d for d in compare_metadata(context, metadata)
        if not (connection.dialect.name == "sqlite" and d[0][0] == "modify_type" and "GUID" in repr(d[0][-1]))
    ]


async def _tables(settings) -> set[str]:  # type: ignore[no-untyped-def]
    engine = create_engine(settings)
    try:
        async with engine.connect() as connection:
            return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await engine.dispose()


async def test_upgrade_downgrade_upgrade_leaves_no_difference_to_the_models(database_factory) -> None:
    settings = await database_factory.empty()
    await anyio.to_thread.run_sync(migrate.upgrade, settings)
    await anyio.to_thread.run_sync(migrate.downgrade, settings, "base")
    assert await _tables(settings) <= {"alembic_version"}
    await anyio.to_thread.run_sync(migrate.upgrade, settings)

    engine = create_engine(settings)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(_diff)
    finally:
        await engine.dispose()
    assert differences == []
    assert set(metadata.tables) <= await _tables(settings)


async def test_audit_rows_cannot_be_updated_or_deleted_even_by_the_schema_owner(settings) -> None:
    engine = create_engine(settings.as_schema_owner())
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO audit_event (id, at, actor_role, action, purpose, object_type, outcome, request_id) "
                    "VALUES (:id, :at, 'system', 'test', '', 'none', 'allowed', '')"
                ),
                {"id": b"\x01" * 16 if engine.dialect.name == "sqlite" else "01010101-0101-0101-0101-010101010101",
                 "at": "2026-11-22 10:00:00+00:00" if engine.dialect.name == "sqlite" else __import__("datetime").datetime(2026, 11, 22, tzinfo=__import__("datetime").UTC)},
            )
        for statement in ("UPDATE audit_event SET action = 'changed'", "DELETE FROM audit_event"):
            try:
                async with engine.begin() as connection:
                    await connection.execute(text(statement))
            except (DBAPIError, IntegrityError) as exc:
                assert "append-only" in str(exc)
            else:
                raise AssertionError(f"{statement} was allowed")
    finally:
        await engine.dispose()
