"""The service cannot erase its own audit trail: on PostgreSQL it runs as a role that may only insert and read it."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from placement.cli import main
from placement.config import ConfigError
from placement.db.base import metadata
from placement.db.engine import create_engine
from placement.db.roles import grant_runtime


def _postgres_only(settings) -> None:  # type: ignore[no-untyped-def]
    if settings.is_sqlite:
        pytest.skip("roles are a PostgreSQL matter; on SQLite the file's permissions are the boundary")


async def _refused(settings, statement: str) -> str:  # type: ignore[no-untyped-def]
    engine = create_engine(settings)
    try:
        async with engine.begin() as connection:
            await connection.execute(text(statement))
    except DBAPIError as exc:
        return str(exc.orig)
    finally:
        await engine.dispose()
    raise AssertionError(f"the runtime role was allowed: {statement}")


async def test_the_app_runs_as_the_runtime_role_not_as_the_owner(settings) -> None:
    _postgres_only(settings)
    engine = create_engine(settings)
    try:
        async with engine.connect() as connection:
            user, owner = (
                await connection.execute(
                    text("SELECT current_user, tableowner FROM pg_tables WHERE tablename = 'audit_event'")
                )
            ).one()
    finally:
        await engine.dispose()
    assert user == make_url(settings.database_url).username != owner
    assert owner == make_url(settings.migration_database_url).username


async def test_the_runtime_role_inserts_and_reads_audit_rows_but_cannot_change_or_erase_them(settings) -> None:
    _postgres_only(settings)
    engine = create_engine(settings)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO audit_event (id, at, actor_role, action, purpose, object_type, outcome, request_id) "
                    "VALUES (:id, :at, 'system', 'test', '', 'none', 'allowed', '')"
                ),
                {"id": uuid.uuid4(), "at": dt.datetime.now(dt.UTC)},
            )
            assert await connection.scalar(text("SELECT count(*) FROM audit_event")) == 1
    finally:
        await engine.dispose()
    for statement in (
        "TRUNCATE audit_event",
        "DELETE FROM audit_event",
        "UPDATE audit_event SET action = 'changed'",
        "ALTER TABLE audit_event DISABLE TRIGGER ALL",
        "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete",
        "DROP TRIGGER audit_event_no_update_delete ON audit_event",
        "DROP FUNCTION audit_event_append_only()",
        "DROP TABLE audit_event",
        "UPDATE alembic_version SET version_num = 'x'",
        "CREATE TABLE shadow (id int)",
    ):
        message = await _refused(settings, statement)
        assert "permission denied" in message or "must be owner" in message, (statement, message)


async def test_the_runtime_role_can_alter_or_drop_no_table(settings) -> None:
    _postgres_only(settings)
    for table in sorted(metadata.tables):
        for statement in (f'ALTER TABLE "{table}" ADD COLUMN smuggled int', f'DROP TABLE "{table}" CASCADE'):
            message = await _refused(settings, statement)
            assert "must be owner" in message, (statement, message)


async def test_the_operator_grants_a_runtime_role_with_one_command_and_never_to_the_owner(
    settings, monkeypatch
) -> None:
    _postgres_only(settings)
    owner = settings.as_schema_owner()
    monkeypatch.setenv("PLACEMENT_DATABASE_URL", owner.database_url)
    monkeypatch.delenv("PLACEMENT_MIGRATION_DATABASE_URL", raising=False)
    runner = CliRunner()
    runtime = make_url(settings.database_url).username
    granted = await _in_thread(runner.invoke, main, ["db", "grant-runtime", str(runtime)])
    assert granted.exit_code == 0, granted.output
    refused = await _in_thread(runner.invoke, main, ["db", "grant-runtime", str(make_url(owner.database_url).username)])
    assert refused.exit_code != 0 and "must be neither" in refused.output
    missing = await _in_thread(runner.invoke, main, ["db", "grant-runtime", "no_such_role_here"])
    assert missing.exit_code != 0 and "CREATE ROLE" in missing.output


async def test_on_sqlite_roles_are_refused_with_the_reason(settings) -> None:
    if not settings.is_sqlite:
        pytest.skip("SQLite only")
    with pytest.raises(ConfigError, match="file's permissions"):
        grant_runtime(settings, "anyone")


async def _in_thread(func, *args):  # type: ignore[no-untyped-def]
    import anyio

    return await anyio.to_thread.run_sync(lambda: func(*args))
