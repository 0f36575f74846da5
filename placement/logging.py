"""Logging without personal data: driver loggers held back, failures as types and frames, access lines without queries."""

from __future__ import annotations

import copy
import logging
import os
import sys
import traceback
from typing import Any

# These libraries log SQL parameters and request bodies at DEBUG: names, notes and credentials would reach the logs.
QUIETED_LOGGERS = ("aiosqlite", "asyncpg", "sqlalchemy.engine", "sqlalchemy.pool", "httpcore", "httpx", "multipart")
# A traceback deeper than this keeps its outermost and innermost frames: a runaway recursion is one record, not pages.
MAX_FRAMES = 40


def describe_exception(exc: BaseException) -> str:
    """What failed and where, without a single value: exception types, SQLSTATE codes and file:line of each frame.

    Exception messages are left out on purpose: a driver's message quotes the data ("Key (email)=(...) already
    exists", the bytes it could not store), and so does a repr of the arguments. The frames say where to look.
    """
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    parts = []
    for error in reversed(chain):
        parts.append(_type_line(error))
        parts.extend(_frame_lines(error))
    return "\n".join(parts)


def _type_line(error: BaseException) -> str:
    kind = type(error)
    line = f"{kind.__module__}.{kind.__qualname__}"
    # SQLSTATE names the kind of database failure (23505 unique violation, 22021 bad byte) and carries no value.
    sqlstate = getattr(error, "sqlstate", None) or getattr(getattr(error, "orig", None), "sqlstate", None)
    if isinstance(sqlstate, str):
        line += f" [SQLSTATE {sqlstate}]"
    if isinstance(error, BaseExceptionGroup):
        line += " of " + ", ".join(type(inner).__qualname__ for inner in error.exceptions)
    return line


def _frame_lines(error: BaseException) -> list[str]:
    frames = [(_short(frame.filename), frame.lineno, frame.name) for frame in traceback.extract_tb(error.__traceback__)]
    lines: list[str] = []
    repeated = 0
    for index, frame in enumerate(frames):
        if index and frame == frames[index - 1]:
            repeated += 1
            continue
        if repeated:
            lines.append(f"  [the frame above repeated {repeated} more times]")
            repeated = 0
        lines.append(f"  {frame[0]}:{frame[1]} in {frame[2]}")
    if repeated:
        lines.append(f"  [the frame above repeated {repeated} more times]")
    if len(lines) > MAX_FRAMES:
        half = MAX_FRAMES // 2
        lines = [*lines[:half], f"  [{len(lines) - MAX_FRAMES} frames left out]", *lines[-half:]]
    return lines


def _short(filename: str) -> str:
    """A file as its import path would name it (sqlalchemy/engine/base.py), not the machine's folders."""
    for folder in sorted((entry for entry in sys.path if entry), key=len, reverse=True):
        if filename.startswith(folder.rstrip(os.sep) + os.sep):
            return filename[len(folder.rstrip(os.sep)) + 1 :]
    return filename


class WithoutExceptionValues(logging.Filter):
    """On a handler: a record from any library that carries an exception gets its types and frames, not its message.

    The service's own failure log never passes exc_info; this catches the rest (uvicorn's "Exception in ASGI
    application", the connection pool, asyncio) before a formatter prints the exception's text.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            record.msg = f"{record.getMessage()}\n{describe_exception(record.exc_info[1])}"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


class WithoutQueryString(logging.Filter):
    """On uvicorn's access logger: the path of each request without its query string, which may hold a search."""

    def filter(self, record: logging.LogRecord) -> bool:
        # uvicorn logs (client, method, path with query, HTTP version, status) as the record's arguments.
        if isinstance(record.args, tuple) and len(record.args) == 5 and isinstance(record.args[2], str):
            client, method, path, version, status = record.args
            record.args = (client, method, str(path).split("?", 1)[0], version, status)
        return True


_WITHOUT_QUERY_STRING = WithoutQueryString()


def configure_logging() -> None:
    for name in QUIETED_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.getLogger("placement").setLevel(logging.INFO)
    # On the logger too, so that a uvicorn started with its own logging configuration still drops query strings.
    access = logging.getLogger("uvicorn.access")
    if _WITHOUT_QUERY_STRING not in access.filters:
        access.addFilter(_WITHOUT_QUERY_STRING)


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's own logging configuration with the service's messages on stderr, no exception text, no query strings."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["filters"] = {
        "without_exception_values": {"()": WithoutExceptionValues},
        "without_query_string": {"()": WithoutQueryString},
    }
    for handler in config["handlers"].values():
        handler["filters"] = ["without_exception_values"]
    config["handlers"]["access"]["filters"].append("without_query_string")
    config["root"] = {"handlers": ["default"], "level": "INFO"}
    return config
