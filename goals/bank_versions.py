"""What an item means, kept stable: its fingerprint, what changed between two servings of a key, the bank's version.

An answer is stored by item key and value only (assessment_answer), so the key stands for the exact question and
options the citizen saw. The fingerprint covers what the citizen read and what the answer counts towards: the key,
the factor, the question's wording and each option's value and text. It leaves out the source (where the wording
comes from, not what it says) and the conversation guide (help about the steps, rewritten freely without changing
what an answer means). Texts count exactly as served: a changed comma is a changed wording.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from goals.questions import QuestionItem

# The version of assessments recorded before the service kept one (migration 0010 gives them this).
BEFORE_VERSIONS = "before-0010"
# A deployment file without its own "version" is named by a digest of its items.
LOCAL_PREFIX = "local-"
DIGEST_LENGTH = 12


@dataclass(frozen=True, slots=True)
class ServedItem:
    """An item as the citizen is shown it: what the fingerprint covers, in a form the registry can store."""

    key: str
    factor: str
    text: str
    options: tuple[tuple[int, str], ...]

    @property
    def fingerprint(self) -> str:
        document = {"key": self.key, "factor": self.factor, "text": self.text, "options": list(self.options)}
        canonical = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def served(item: QuestionItem) -> ServedItem:
    """The meaning-bearing part of `item`."""
    return ServedItem(
        key=item.key,
        factor=item.factor,
        text=item.text,
        options=tuple((option.value, option.text) for option in item.options),
    )


def fingerprint(item: QuestionItem) -> str:
    """The sha256 of the item's key, factor, wording and options (not its source, not its guide)."""
    return served(item).fingerprint


def changes(before: ServedItem, now: ServedItem) -> list[str]:
    """What differs between two servings of one key, in words: empty when they mean the same."""
    found: list[str] = []
    if before.factor != now.factor:
        found.append(f"its factor, {before.factor} then and {now.factor} now")
    if before.text != now.text:
        found.append("the question's wording")
    old, new = dict(before.options), dict(now.options)
    values = [str(value) for value in sorted(old.keys() | new.keys(), reverse=True) if old.get(value) != new.get(value)]
    if values:
        found.append(f"the text of answer{'s' if len(values) > 1 else ''} {', '.join(values)}")
    return found


def changed_item_message(origin: str, key: str, what: Iterable[str], served_as: str) -> str:
    """The one line that refuses an item whose wording or options differ from what was served under its key;
    `served_as` names the other item ("the default bank's item", "the item served since 2026-12-03 ...")."""
    return (
        f'question bank {origin}: item "{key}" differs from {served_as} under that key ({"; ".join(what)}); '
        f'answers stored under "{key}" would change meaning: give the changed item a new key'
    )


def composed_version(default_version: str, extra_version: str | None, extra_items: Iterable[QuestionItem]) -> str:
    """The version of the default bank with a deployment's file: "standard-1+aarhus-2", or with a digest of the
    file's items when it declares no version ("standard-1+local-3fa9c2d1e0b4")."""
    if extra_version:
        return f"{default_version}+{extra_version}"
    digest = hashlib.sha256("\n".join(sorted(fingerprint(item) for item in extra_items)).encode("ascii"))
    return f"{default_version}+{LOCAL_PREFIX}{digest.hexdigest()[:DIGEST_LENGTH]}"
