"""Optimistic concurrency over HTTP: edits carry the version they started from in If-Match."""

from __future__ import annotations

from typing import Any

from litestar import Request

from placement.errors import InvalidInput, ServiceError


class PreconditionRequired(ServiceError):
    status_code = 428


def if_match_version(request: Request[Any, Any, Any]) -> int:
    """The version in If-Match (a bare number or a quoted ETag); without it an edit could silently overwrite."""
    raw = request.headers.get("if-match")
    if raw is None:
        raise PreconditionRequired("send the version you edited in an If-Match header", field="If-Match")
    value = raw.strip().removeprefix("W/").strip('"')
    if not value.isdigit():
        raise InvalidInput("If-Match must hold the object's version number", field="If-Match")
    return int(value)
