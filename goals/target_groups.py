"""Target groups as the jobcenter names them: a stable key and a Danish and an English name, loaded from JSON.

The packaged list (data/target_groups.json) holds the target groups of Danish employment law that jobcenters plan
placements for; a deployment replaces the whole list with its own file (PLACEMENT_TARGET_GROUPS_FILE). A citizen's
record stores the key. A key that a list does not hold (free text of old, a group since removed) stays as it is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeGuard

from goals.bounds import MAX_NAME_LENGTH, MAX_TARGET_GROUP_LENGTH

# Lower-case letters (æ, ø, å too), digits and hyphens, starting with a letter: "aktivitetsparat", "ressourceforløb".
KEY_PATTERN = re.compile(r"[a-zæøå][a-zæøå0-9-]*")


@dataclass(frozen=True, slots=True)
class TargetGroup:
    """One target group: the key stored on a citizen and its names."""

    key: str
    name_da: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_da


@dataclass(frozen=True, slots=True)
class TargetGroups:
    """The configured target groups in the order a form offers them."""

    groups: tuple[TargetGroup, ...]

    def get(self, key: str) -> TargetGroup | None:
        for group in self.groups:
            if group.key == key:
                return group
        return None

    def keys(self) -> tuple[str, ...]:
        return tuple(group.key for group in self.groups)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def name(self, key: str, lang: str) -> str | None:
        """The group's name in `lang`, or None for a key that is not on the list."""
        group = self.get(key)
        return None if group is None else group.name(lang)

    def choices(self, lang: str) -> list[tuple[str, str]]:
        """(key, name) of every group, for a select."""
        return [(group.key, group.name(lang)) for group in self.groups]


class TargetGroupsError(ValueError):
    """A target-group file that cannot be used; the one-line message names the file and the broken group."""


def load_target_groups(path: Path) -> TargetGroups:
    """Read and validate a target-group file."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TargetGroupsError(f"target groups {path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TargetGroupsError(f"target groups {path}: cannot be read: {exc}") from None
    return parse_target_groups(raw, str(path))


@cache
def default_target_groups() -> TargetGroups:
    """The packaged default list."""
    resource = files("goals") / "data" / "target_groups.json"
    return parse_target_groups(resource.read_text(encoding="utf-8"), str(resource))


def build_target_groups(path: Path | None = None) -> TargetGroups:
    """A deployment's own list where it names a file (it replaces the default list whole), else the default."""
    return default_target_groups() if path is None else load_target_groups(path)


def parse_target_groups(raw: str, origin: str) -> TargetGroups:
    where = f"target groups {origin}"
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise TargetGroupsError(f"{where}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    if not isinstance(document, dict) or not isinstance(document.get("groups"), list) or not document["groups"]:
        raise TargetGroupsError(f'{where}: expected an object with a non-empty "groups" list')
    groups: list[TargetGroup] = []
    seen: set[str] = set()
    for index, entry in enumerate(document["groups"]):
        group = _parse_group(entry, index, where)
        if group.key in seen:
            raise TargetGroupsError(f'{where}: group "{group.key}" (index {index}): duplicate key')
        seen.add(group.key)
        groups.append(group)
    return TargetGroups(groups=tuple(groups))


def _parse_group(entry: Any, index: int, where: str) -> TargetGroup:
    if not isinstance(entry, dict):
        raise TargetGroupsError(f"{where}: group at index {index}: expected an object")
    key = entry.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key) or len(key) > MAX_TARGET_GROUP_LENGTH:
        raise TargetGroupsError(
            f'{where}: group at index {index}: "key" must be lower-case letters, digits and hyphens, starting '
            f"with a letter, at most {MAX_TARGET_GROUP_LENGTH} characters, found {key!r}"
        )
    for field in ("name_da", "name_en"):
        name = entry.get(field)
        if not _is_text(name) or len(name) > MAX_NAME_LENGTH:
            raise TargetGroupsError(
                f'{where}: group "{key}" (index {index}): "{field}" must be a name of 1 to {MAX_NAME_LENGTH} characters'
            )
    unknown = sorted(set(entry) - {"key", "name_da", "name_en", "note"})
    if unknown:
        raise TargetGroupsError(f'{where}: group "{key}" (index {index}): unknown field {unknown[0]!r}')
    return TargetGroup(key=key, name_da=entry["name_da"].strip(), name_en=entry["name_en"].strip())


def _is_text(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value.strip())
