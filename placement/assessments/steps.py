"""The one-question-at-a-time form: its whole state travels in the form, so any process can take the next step."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import msgspec

from goals.questions import QuestionBank
from goals.scoring import AnswerError, validate_answers
from placement.errors import InvalidInput

# A skipped item is kept as None: the citizen saw it and chose not to answer, which is missing, never zero.
Draft = dict[str, int | None]


@dataclass(frozen=True, slots=True)
class Step:
    """Where the form stands: the index of the question to show (len(items) once all are seen) and the draft."""

    position: int
    draft: Draft

    def done(self, bank: QuestionBank) -> bool:
        return self.position >= len(bank.items)


def encode_draft(draft: Mapping[str, int | None]) -> str:
    return msgspec.json.encode(dict(draft)).decode()


def decode_draft(bank: QuestionBank, raw: str) -> Draft:
    """The draft from its hidden field; anything but known items with answers 1–5 or None is refused."""
    if not raw:
        return {}
    try:
        draft = msgspec.json.decode(raw, type=Draft)
    except msgspec.DecodeError:  # malformed or mistyped (ValidationError is a DecodeError): not from this form
        raise InvalidInput("the answers so far could not be read; start the questions again", field="draft") from None
    for key in draft:
        if key not in bank:
            raise InvalidInput(f"unknown question {key!r}", field=f"answers.{key}")
    answered = answers_of(draft)
    if answered:
        try:
            validate_answers(bank, answered)
        except AnswerError as exc:
            raise InvalidInput(str(exc), field=exc.field) from None
    return draft


def advance(bank: QuestionBank, position: int, draft: Draft, *, choice: int | None, skip: bool, back: bool) -> Step:
    """The step after the citizen answered, skipped or went back from the question at `position`."""
    if not 0 <= position < len(bank.items):
        raise InvalidInput(f"position must be from 0 to {len(bank.items) - 1}, found {position}", field="position")
    if back:
        return Step(max(position - 1, 0), draft)
    key = bank.items[position].key
    if skip:
        return Step(position + 1, {**draft, key: None})
    if choice is None:
        raise InvalidInput("choose one of the answers, or skip the question", field="choice")
    try:
        validate_answers(bank, {key: choice})
    except AnswerError as exc:
        raise InvalidInput(str(exc), field="choice") from None
    return Step(position + 1, {**draft, key: choice})


def answers_of(draft: Draft) -> dict[str, int]:
    """The answers to store: the skipped items are left out."""
    return {key: value for key, value in draft.items() if value is not None}
