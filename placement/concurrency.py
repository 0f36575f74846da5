"""Optimistic concurrency over HTTP: edits carry the version they started from in If-Match."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from litestar import Request

from placement.errors import Conflict, InvalidInput, ServiceError


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


def form_version(raw: str) -> int:
    """The version an edit form was opened at (its hidden `version` field), the form's counterpart of If-Match."""
    if not raw.strip().isdigit():
        raise InvalidInput("the form lacks the version it was opened at; open it again", field="If-Match")
    return int(raw)


@dataclass(frozen=True, slots=True)
class Change:
    """One field someone else changed: the value the editor started from and the value stored now."""

    field: str
    seen: str
    now: str


class StaleEdit(Conflict):
    """An edit based on an old version. `changes` lists what the other person changed, when the editor said what they
    started from (the pages do); otherwise it lists the sent fields that hold other values now."""

    def __init__(self, what: str, *, sent: int, current: int, changes: list[Change], compared_with_seen: bool) -> None:
        fields = ", ".join(change.field for change in changes)
        if not changes:
            detail = "none of the fields you sent differ from what is stored now"
        elif compared_with_seen:
            detail = f"changed since you opened it: {fields}"
        else:
            detail = f"fields you sent that hold other values now: {fields}"
        super().__init__(
            f"the {what} was changed by someone else: you edited version {sent}, it is now version {current} "
            f"({detail}); load it again to see the change, then send yours with If-Match: {current}",
            field="If-Match",
        )
        self.current_version = current
        self.changes = changes


def stale_check(
    what: str,
    *,
    sent: int,
    current: int,
    stored: Mapping[str, str],
    sent_values: Mapping[str, str],
    seen: Mapping[str, str] | None,
) -> None:
    """Raise StaleEdit when `sent` is not the current version. Values are compared as the strings a form shows."""
    if sent == current:
        return
    if seen is not None:
        changes = [
            Change(name, seen.get(name, ""), value)
            for name, value in stored.items()
            if name in seen and seen[name] != value
        ]
    else:
        changes = [
            Change(name, "", stored[name])
            for name, value in sent_values.items()
            if name in stored and stored[name] != value
        ]
    raise StaleEdit(what, sent=sent, current=current, changes=changes, compared_with_seen=seen is not None)
