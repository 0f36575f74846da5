"""The configured target groups (goals.target_groups, loaded once at start): a citizen's group and the lists' filter."""

from __future__ import annotations

from typing import Any

from litestar import Request

from goals.bounds import MAX_TARGET_GROUP_LENGTH
from goals.target_groups import TargetGroups
from placement.errors import RuleViolation
from placement.inputs import checked_text

FIELD = "target_group"


def target_groups(request: Request[Any, Any, Any]) -> TargetGroups:
    return request.app.state.target_groups


def checked_group(value: str, groups: TargetGroups, field: str = FIELD) -> str:
    """A configured group's key; a blank, an over-long or CPR-shaped text as any text, another value a 422 naming it."""
    key = checked_text(value, field, MAX_TARGET_GROUP_LENGTH)
    if key not in groups:
        raise RuleViolation(
            f"{field} must be one of the configured target groups: {', '.join(groups.keys())}",
            field=field,
            code="unknown",
        )
    return key


def group_filter(value: str | None, groups: TargetGroups) -> str | None:
    """A list's GET filter: nothing given is no filter; a value must be a configured key (else a 422 naming it)."""
    if value is None or not value.strip():
        return None
    return checked_group(value, groups)


def filter_context(groups: TargetGroups, lang: str, chosen: str | None, error: object = None) -> dict[str, Any]:
    """What templates/partials/target_group_filter.html shows: the groups to choose from and the one chosen."""
    return {"choices": groups.choices(lang), "chosen": chosen or "", "error": error}
