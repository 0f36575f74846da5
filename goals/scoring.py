"""Scoring a citizen's answers: one mean per factor over the items answered."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from goals.bounds import SCORE_MAX, SCORE_MIN
from goals.factors import CITIZEN_FACTOR_CODES
from goals.questions import QuestionBank


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
        if type(value) is not int or not SCORE_MIN <= value <= SCORE_MAX:
            raise AnswerError(
                f"answers.{key}",
                f"answer to {key} must be a whole number from {SCORE_MIN} to {SCORE_MAX}, found {value!r}",
            )
    return {item.key: answers[item.key] for item in bank.items if item.key in answers}


def factor_scores(bank: QuestionBank, answers: Mapping[str, int]) -> dict[str, float]:
    """Return the mean answer per factor in A–E order; a factor with no answered item is absent, never zero."""
    valid = validate_answers(bank, answers)
    return factor_means((bank.item(key).factor, value) for key, value in valid.items())


def factor_means(answers: Iterable[tuple[str, int]]) -> dict[str, float]:
    """The mean per factor of (factor code, answer) pairs in A–E order, rounded half up to two decimals.

    The one scoring rule: an assessment's result, its progress series and its report all come from here.
    """
    by_factor: dict[str, list[int]] = {}
    for code, value in answers:
        by_factor.setdefault(code, []).append(value)
    return {code: mean_score(by_factor[code]) for code in CITIZEN_FACTOR_CODES if code in by_factor}


def mean_score(values: Iterable[int]) -> float:
    """The mean of answers rounded half up to two decimals; raises ValueError for no answers."""
    numbers = list(values)
    if not numbers:
        raise ValueError("a mean needs at least one answer")
    # Decimal rounds halves up as people expect; round() on a float would turn 4.125 into 4.12.
    mean = Decimal(sum(numbers)) / Decimal(len(numbers))
    return float(mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
