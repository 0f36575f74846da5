"""Running Alembic migrations from the service and the CLI."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from placement.config import Settings
from placement.db.roles import grant_runtime, runtime_role
from placement.resources import resource_dir


def alembic_config(settings: Settings) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resource_dir("migrations")))
    config.attributes["settings"] = settings
    return config


def upgrade(settings: Settings, revision: str = "head") -> None:
    """Bring the database to `revision` as the schema owner, creating the SQLite data folder when needed.

    In a two-role set-up on PostgreSQL the runtime role's grants are then renewed, so new tables are covered.
    """
    ensure_data_dir(settings)
    owner = settings.as_schema_owner()
    command.upgrade(alembic_config(owner), revision)
    if role := runtime_role(settings):
        grant_runtime(owner, role)


async def is_current(engine: AsyncEngine, settings: Settings) -> bool:
    """Whether the database is at the newest migration (a command run from cron must not meet a missing table)."""
    head = ScriptDirectory.from_config(alembic_config(settings)).get_current_head()
    try:
        async with engine.connect() as connection:
            current = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    except DBAPIError:
        return False
    return current == head


def downgrade(settings: Settings, revision: str = "-1") -> None:
    command.downgrade(alembic_config(settings.as_schema_owner()), revision)


def ensure_data_dir(settings: Settings) -> None:
    if settings.is_sqlite:
        # On SQLite the file's permissions are the only boundary around the audit trail: the folder is the service's.
        settings.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
