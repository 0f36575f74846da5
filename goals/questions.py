"""The question bank: items for factors A–E, loaded from JSON and validated."""

from __future__ import annotations

import dataclasses
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, TypeGuard

from goals.bank_versions import changed_item_message, changes, composed_version, served
from goals.bounds import SCORE_MAX, SCORE_MIN
from goals.factors import CASEWORKER_FACTOR_CODE, CITIZEN_FACTOR_CODES, get_factor

OPTION_VALUES: tuple[int, ...] = tuple(range(SCORE_MAX, SCORE_MIN - 1, -1))
# assessment_answer.question_key holds 32 characters.
MAX_KEY_LENGTH = 32
# One or two short sentences per step; the step form shows it on a phone.
MAX_GUIDE_LENGTH = 300
# A file's own "version" ("standard-1", "aarhus-2"); the default's and a deployment's together fit the 64 stored.
VERSION_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,23}")
GUIDE_FIELDS = ("guide", "guide_en")


@dataclass(frozen=True, slots=True)
class AnswerOption:
    """One answer to an item; 5 is the most positive. The guide says in plain words what the step means in daily life
    and what to talk about (Danish, and English where the bank has it); empty when the bank has no guide."""

    value: int
    text: str
    guide: str = ""
    guide_en: str = ""


@dataclass(frozen=True, slots=True)
class QuestionItem:
    """One question for a citizen factor, with its options best first."""

    key: str
    factor: str
    text: str
    source: str
    options: tuple[AnswerOption, ...]
    # The file the item came from, for messages; not part of what the item is.
    origin: str = dataclasses.field(default="", compare=False, repr=False)

    @property
    def has_guide(self) -> bool:
        return any(option.guide for option in self.options)


class UnknownQuestionError(KeyError):
    """A question key that is not in the bank."""

    def __init__(self, key: object) -> None:
        super().__init__(key)
        self.key = key

    def __str__(self) -> str:
        # KeyError would otherwise show the repr of its argument rather than a sentence.
        return f"unknown question {self.key!r}"


@dataclass(frozen=True, slots=True)
class QuestionBank:
    """The items a deployment asks, in a stable order."""

    items: tuple[QuestionItem, ...]
    # The bank file's "version"; with a deployment's file both ("standard-1+aarhus-2"), see goals.bank_versions.
    version: str = ""

    def item(self, key: str) -> QuestionItem:
        """Return the item with this key, or raise UnknownQuestionError."""
        for item in self.items:
            if item.key == key:
                return item
        raise UnknownQuestionError(key)

    def for_factor(self, code: str) -> tuple[QuestionItem, ...]:
        """Return the items of one factor; F has none."""
        factor = get_factor(code)
        return tuple(item for item in self.items if item.factor == factor.code)

    def keys(self) -> frozenset[str]:
        """Return every item key."""
        return frozenset(item.key for item in self.items)

    def __contains__(self, key: object) -> bool:
        return key in self.keys()


class QuestionBankError(ValueError):
    """A question bank file that cannot be used; the message names the file and the broken item."""


def load_bank(path: Path) -> QuestionBank:
    """Read and validate a question bank file."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QuestionBankError(f"question bank {path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionBankError(f"question bank {path}: cannot be read: {exc}") from None
    return _parse_bank(raw, str(path))


@cache
def default_bank() -> QuestionBank:
    """Return the packaged default question bank."""
    resource = files("goals") / "data" / "questions.json"
    return _parse_bank(resource.read_text(encoding="utf-8"), str(resource))


def build_bank(extra_path: Path | None = None) -> QuestionBank:
    """Return the default bank with a deployment's own items: a new key adds an item; a known key may replace the
    default's source and guide, never its wording or options (that is refused: the item needs a new key)."""
    base = default_bank()
    if extra_path is None:
        return base
    loaded = load_bank(extra_path)
    extra = {item.key: item for item in loaded.items}
    for item in base.items:
        if item.key in extra:
            differences = changes(served(item), served(extra[item.key]))
            if differences:
                raise QuestionBankError(
                    changed_item_message(str(extra_path), item.key, differences, "the default bank's item")
                )
    merged = [_replaced(item, extra.pop(item.key, None)) for item in base.items]
    merged.extend(extra.values())
    return QuestionBank(items=tuple(merged), version=composed_version(base.version, loaded.version, loaded.items))


def _replaced(default: QuestionItem, own: QuestionItem | None) -> QuestionItem:
    """A deployment's item under a default key (the same meaning, build_bank checked); without a guide of its own it
    keeps the default's."""
    if own is None:
        return default
    return own if own.has_guide else dataclasses.replace(own, options=default.options)


def _parse_bank(raw: str, origin: str) -> QuestionBank:
    where = f"question bank {origin}"
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise QuestionBankError(f"{where}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise QuestionBankError(f'{where}: expected an object with an "items" list')
    version = document.get("version")
    if version is not None and not (isinstance(version, str) and VERSION_PATTERN.fullmatch(version)):
        raise QuestionBankError(
            f'{where}: "version" must be up to 24 letters, digits, ".", "_" or "-" (like "aarhus-2"), found {version!r}'
        )
    items: list[QuestionItem] = []
    seen: set[str] = set()
    for index, entry in enumerate(document["items"]):
        item = _parse_item(entry, index, where, origin)
        if item.key in seen:
            raise QuestionBankError(f'{where}: item "{item.key}" (index {index}): duplicate key')
        seen.add(item.key)
        items.append(item)
    return QuestionBank(items=tuple(items), version=version or "")


def _parse_item(entry: Any, index: int, where: str, origin: str) -> QuestionItem:
    if not isinstance(entry, dict):
        raise QuestionBankError(f"{where}: item at index {index}: expected an object")
    key = entry.get("key")
    if not _is_text(key):
        raise QuestionBankError(f'{where}: item at index {index}: "key" must be a non-empty string')
    if len(key) > MAX_KEY_LENGTH:
        raise QuestionBankError(f'{where}: item at index {index}: "key" must be at most {MAX_KEY_LENGTH} characters')
    at = f'{where}: item "{key}" (index {index})'
    factor = entry.get("factor")
    if factor == CASEWORKER_FACTOR_CODE:
        raise QuestionBankError(f"{at}: factor {factor} is the caseworker's own rating and has no questions")
    if factor not in CITIZEN_FACTOR_CODES:
        raise QuestionBankError(f"{at}: factor must be one of {', '.join(CITIZEN_FACTOR_CODES)}, found {factor!r}")
    for field in ("text", "source"):
        if not _is_text(entry.get(field)):
            raise QuestionBankError(f'{at}: "{field}" must be a non-empty string')
    options = entry.get("options")
    if not isinstance(options, list):
        raise QuestionBankError(f'{at}: "options" must be a list')
    if len(options) != len(OPTION_VALUES):
        raise QuestionBankError(f"{at}: expected {len(OPTION_VALUES)} options, found {len(options)}")
    parsed: list[AnswerOption] = []
    for position, option in enumerate(options):
        if not isinstance(option, dict):
            raise QuestionBankError(f"{at}: option {position + 1} must be an object")
        if not _is_text(option.get("text")):
            raise QuestionBankError(f'{at}: option {position + 1}: "text" must be a non-empty string')
        value = option.get("value")
        if type(value) is not int:
            raise QuestionBankError(f'{at}: option {position + 1}: "value" must be a whole number, found {value!r}')
        parsed.append(AnswerOption(value=value, text=option["text"]))
    values = tuple(option.value for option in parsed)
    if values != OPTION_VALUES:
        raise QuestionBankError(
            f"{at}: option values must be 5, 4, 3, 2, 1 (best first), found {', '.join(map(str, values))}"
        )
    guides = {name: _parse_guide(entry.get(name), name, at) for name in GUIDE_FIELDS}
    if guides["guide_en"] and not guides["guide"]:
        raise QuestionBankError(f'{at}: "guide_en" needs the Danish "guide" beside it')
    options_with_guide = tuple(
        AnswerOption(
            value=option.value,
            text=option.text,
            guide=guides["guide"].get(option.value, ""),
            guide_en=guides["guide_en"].get(option.value, ""),
        )
        for option in parsed
    )
    return QuestionItem(
        key=key, factor=factor, text=entry["text"], source=entry["source"], options=options_with_guide, origin=origin
    )


def _parse_guide(guide: Any, name: str, at: str) -> dict[int, str]:
    """An optional object with exactly one text for each answer value: {"5": "...", ..., "1": "..."}."""
    if guide is None:
        return {}
    wanted = [str(value) for value in OPTION_VALUES]
    if not isinstance(guide, dict):
        raise QuestionBankError(f'{at}: "{name}" must be an object with one text for each answer {", ".join(wanted)}')
    missing = [value for value in wanted if value not in guide]
    unknown = [str(value) for value in guide if value not in wanted]
    if missing or unknown:
        found = "; ".join(
            part
            for part in (
                f"missing {', '.join(missing)}" if missing else "",
                f"unknown {', '.join(unknown)}" if unknown else "",
            )
            if part
        )
        raise QuestionBankError(f'{at}: "{name}" must have one text for each answer {", ".join(wanted)}: {found}')
    for value in wanted:
        text = guide[value]
        if not _is_text(text):
            raise QuestionBankError(f'{at}: "{name}" for answer {value} must be a non-empty string')
        if len(text) > MAX_GUIDE_LENGTH:
            raise QuestionBankError(
                f'{at}: "{name}" for answer {value} is {len(text)} characters; keep it to {MAX_GUIDE_LENGTH}'
            )
    return {int(value): guide[value] for value in wanted}


def _is_text(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value.strip())
