"""PostgreSQL roles: the schema owner migrates; the runtime role may only insert and read the audit trail."""

from __future__ import annotations

import asyncio

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from placement.config import ConfigError, Settings
from placement.db.engine import create_engine

# Tables the runtime role may read but never change: the audit trail, and Alembic's record of the schema's revision
# (read at start by `placement run`).
APPEND_ONLY = ("audit_event",)
READ_ONLY = ("alembic_version",)


def runtime_role(settings: Settings) -> str | None:
    """The runtime role of a two-role set-up: PLACEMENT_DATABASE_URL's user when a separate owner URL is configured."""
    if settings.is_sqlite or not settings.migration_database_url:
        return None
    runtime = make_url(settings.database_url).username
    owner = make_url(settings.migration_database_url).username
    return runtime if runtime and runtime != owner else None


def _statements(role: str) -> list[str]:
    everything, dml = "SELECT, INSERT, UPDATE, DELETE", "ALL TABLES IN SCHEMA public"
    statements = [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"REVOKE CREATE ON SCHEMA public FROM {role}",
        f"GRANT {everything} ON {dml} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        # Tables and sequences that later migrations create (as the owner running this) are covered too.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT {everything} ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ]
    for table in APPEND_ONLY:
        statements += [f"REVOKE ALL ON {table} FROM {role}", f"GRANT SELECT, INSERT ON {table} TO {role}"]
    for table in READ_ONLY:
        statements += [f"REVOKE ALL ON {table} FROM {role}", f"GRANT SELECT ON {table} TO {role}"]
    return statements


async def _grant(connection: AsyncConnection, role: str) -> None:
    row = (
        await connection.execute(
            text("SELECT rolsuper, rolname = current_user FROM pg_roles WHERE rolname = :role"), {"role": role}
        )
    ).first()
    if row is None:
        raise ConfigError(
            f"there is no PostgreSQL role {role!r}; create it first: CREATE ROLE {role} LOGIN PASSWORD '...'"
        )
    is_superuser, is_owner = row
    if is_superuser or is_owner:
        raise ConfigError(
            f"the role {role!r} is a superuser or owns the schema; the runtime role must be neither, "
            "or it could erase the audit trail"
        )
    quoted = connection.dialect.identifier_preparer.quote(role)
    for statement in _statements(quoted):
        await connection.execute(text(statement))


def grant_runtime(owner: Settings, role: str) -> None:
    """Give `role` what the service needs and no more, connected as the schema owner (`owner.database_url`).

    Idempotent: every upgrade of a two-role set-up runs it again, so a table that a migration adds is covered.
    """
    if owner.is_sqlite:
        raise ConfigError("roles are a PostgreSQL matter; on SQLite the database file's permissions are the boundary")

    async def run() -> None:
        engine = create_engine(owner)
        try:
            async with engine.begin() as connection:
                await _grant(connection, role)
        finally:
            await engine.dispose()

    asyncio.run(run())
