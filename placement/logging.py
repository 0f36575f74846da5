"""Logging set-up: the service's own messages, and driver loggers held back because their debug lines carry data."""

from __future__ import annotations

import logging

# These libraries log SQL parameters and request bodies at DEBUG: names, notes and credentials would reach the logs.
QUIETED_LOGGERS = ("aiosqlite", "asyncpg", "sqlalchemy.engine", "sqlalchemy.pool", "httpcore", "httpx", "multipart")


def configure_logging() -> None:
    for name in QUIETED_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.getLogger("placement").setLevel(logging.INFO)
