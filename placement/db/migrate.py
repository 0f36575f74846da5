"""Running Alembic migrations from the service and the CLI."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from placement.config import Settings
from placement.resources import resource_dir


def alembic_config(settings: Settings) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resource_dir("migrations")))
    config.attributes["settings"] = settings
    return config


def upgrade(settings: Settings, revision: str = "head") -> None:
    """Bring the database to `revision`, creating the SQLite data folder when needed."""
    ensure_data_dir(settings)
    command.upgrade(alembic_config(settings), revision)


def downgrade(settings: Settings, revision: str = "-1") -> None:
    command.downgrade(alembic_config(settings), revision)


def ensure_data_dir(settings: Settings) -> None:
    if settings.is_sqlite:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
