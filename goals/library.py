"""The library of example sub-goals per citizen factor A–E, loaded from JSON and validated."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from goals.bounds import MAX_NAME_LENGTH, MAX_STEP_LENGTH, MAX_TARGET_LENGTH
from goals.factors import CASEWORKER_FACTOR_CODE, CITIZEN_FACTOR_CODES

HORIZONS = ("short", "long")
# The same limits as a sub-goal the consultant writes, so that an example can be used as it stands.
MIN_STEPS, MAX_STEPS = 2, 4


@dataclass(frozen=True, slots=True)
class Example:
    """One example sub-goal: a short title, an observable target, a horizon and a few small steps toward it."""

    id: str
    factor: str
    title: str
    target: str
    horizon: str
    steps: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SubGoalLibrary:
    """Example sub-goals in a stable order, A to E."""

    examples: tuple[Example, ...]

    def for_factor(self, code: str) -> tuple[Example, ...]:
        return tuple(example for example in self.examples if example.factor == code)

    def get(self, example_id: str) -> Example | None:
        return next((example for example in self.examples if example.id == example_id), None)


def focus_order(scores: Mapping[str, float]) -> tuple[str, ...]:
    """Factors A–E in the order to propose them: the citizen's lowest self-scores first, then the unscored ones.

    The documents advise focusing where the citizen meets adversity; the parties still choose.
    """
    scored = sorted((code for code in CITIZEN_FACTOR_CODES if code in scores), key=lambda code: (scores[code], code))
    return (*scored, *(code for code in CITIZEN_FACTOR_CODES if code not in scores))


class LibraryError(ValueError):
    """A library file that cannot be used; the message names the file and the broken example."""


def load_library(path: Path) -> SubGoalLibrary:
    """Read and validate a library file."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LibraryError(f"sub-goal library {path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LibraryError(f"sub-goal library {path}: cannot be read: {exc}") from None
    return parse_library(raw, str(path))


@cache
def default_library() -> SubGoalLibrary:
    """The packaged library."""
    resource = files("goals") / "data" / "subgoal_library.json"
    return parse_library(resource.read_text(encoding="utf-8"), str(resource))


def parse_library(raw: str, origin: str = "<text>") -> SubGoalLibrary:
    where = f"sub-goal library {origin}"
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise LibraryError(f"{where}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    factors = document.get("factors") if isinstance(document, dict) else None
    if not isinstance(factors, dict):
        raise LibraryError(f'{where}: expected an object with a "factors" object')
    for code in factors:
        if code == CASEWORKER_FACTOR_CODE:
            raise LibraryError(f"{where}: factor F is the consultant's own rating; sub-goals belong to A–E")
        if code not in CITIZEN_FACTOR_CODES:
            raise LibraryError(f"{where}: unknown factor {code!r}; expected {', '.join(CITIZEN_FACTOR_CODES)}")
    examples: list[Example] = []
    seen: set[str] = set()
    for code in CITIZEN_FACTOR_CODES:
        entries = factors.get(code)
        if not isinstance(entries, list) or not entries:
            raise LibraryError(f"{where}: factor {code} needs a non-empty list of examples")
        for index, entry in enumerate(entries):
            example = _parse_example(entry, code, f"{where}: factors.{code}[{index}]")
            if example.id in seen:
                raise LibraryError(f"{where}: factors.{code}[{index}]: duplicate id {example.id!r}")
            seen.add(example.id)
            examples.append(example)
    return SubGoalLibrary(examples=tuple(examples))


def _parse_example(entry: Any, code: str, at: str) -> Example:
    if not isinstance(entry, dict):
        raise LibraryError(f"{at}: expected an object")
    values = {
        name: _text(entry.get(name), f"{at}.{name}", limit)
        for name, limit in (("id", 20), ("title", MAX_NAME_LENGTH), ("target", MAX_TARGET_LENGTH))
    }
    horizon = entry.get("horizon")
    if horizon not in HORIZONS:
        raise LibraryError(f"{at}.horizon: must be short or long, found {horizon!r}")
    steps = entry.get("steps")
    if not isinstance(steps, list) or not MIN_STEPS <= len(steps) <= MAX_STEPS:
        raise LibraryError(f"{at}.steps: expected a list of {MIN_STEPS} to {MAX_STEPS} small steps")
    return Example(
        id=values["id"],
        factor=code,
        title=values["title"],
        target=values["target"],
        horizon=horizon,
        steps=tuple(_text(step, f"{at}.steps[{n}]", MAX_STEP_LENGTH) for n, step in enumerate(steps)),
    )


def _text(value: object, at: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise LibraryError(f"{at}: must be a non-empty string")
    if len(value) > limit:
        raise LibraryError(f"{at}: at most {limit} characters, found {len(value)}")
    return value.strip()
