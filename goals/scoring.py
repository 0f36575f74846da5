"""Scoring a citizen's answers: one mean per factor over the items answered."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from goals.factors import CITIZEN_FACTOR_CODES
from goals.questions import OPTION_VALUES, QuestionBank

_LOWEST, _HIGHEST = min(OPTION_VALUES), max(OPTION_VALUES)


class AnswerError(ValueError):
    """An answer that cannot be scored; `field` says which one, e.g. "answers.A9"."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def validate_answers(bank: QuestionBank, answers: Mapping[str, int]) -> dict[str, int]:
    """Return the answers in bank order, or raise AnswerError for the first one that is wrong."""
    if not answers:
        raise AnswerError("answers", "no answers given")
    known = bank.keys()
    for key, value in answers.items():
        if key not in known:
            raise AnswerError(f"answers.{key}", f"unknown question {key!r}")
        # bool is a subclass of int, but True is not an answer someone chose.
        if type(value) is not int or not _LOWEST <= value <= _HIGHEST:
            raise AnswerError(
                f"answers.{key}",
                f"answer to {key} must be a whole number from {_LOWEST} to {_HIGHEST}, found {value!r}",
            )
    return {item.key: answers[item.key] for item in bank.items if item.key in answers}


def factor_scores(bank: QuestionBank, answers: Mapping[str, int]) -> dict[str, float]:
    """Return the mean answer per factor in A–E order; a factor with no answered item is absent, never zero."""
    by_factor: dict[str, list[int]] = {}
    for key, value in validate_answers(bank, answers).items():
        by_factor.setdefault(bank.item(key).factor, []).append(value)
    return {code: _mean(by_factor[code]) for code in CITIZEN_FACTOR_CODES if code in by_factor}


def _mean(values: list[int]) -> float:
    # Decimal rounds halves up as people expect; round() on a float would turn 4.125 into 4.12.
    mean = Decimal(sum(values)) / Decimal(len(values))
    return float(mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
