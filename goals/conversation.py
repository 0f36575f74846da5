"""The second conversation: which items to ask, which factors to propose first, and the score the two agree on.

Seed 000: "Gennem samtalen udvælger borgeren og beskæftigelsesmedarbejderen de indsatsområder eller indikatorer,
hvor der er de største udfordringer. Derefter bliver man enige om scoren". Seed 003: "Spørgsmålene kan udvælges og
kombineres, så de passer til en konkret borger eller målgruppe".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from goals.bounds import MAX_LIST_ITEMS, SCORE_MAX, SCORE_MIN
from goals.questions import QuestionBank

# A factor whose latest score is at most this (the scale's middle, "hverken eller", and below) is a barrier to talk
# about, so the pick step proposes it.
BARRIER_SCORE = 3.0


class ConversationError(ValueError):
    """A selection or an agreement that cannot be stored; `field` names the part, e.g. "items" or "agreed_scores.B"."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class FactorProposal:
    """One factor on the pick step: its latest score (None if never answered) and whether it is proposed."""

    code: str
    latest: float | None
    proposed: bool


def latest_scores(history: Iterable[Mapping[str, float]]) -> dict[str, float]:
    """Each factor's latest score over assessments oldest first: a factor not asked last time keeps its earlier one."""
    latest: dict[str, float] = {}
    for scores in history:
        latest.update(scores)
    return latest


def propose_factors(codes: Sequence[str], latest: Mapping[str, float]) -> list[FactorProposal]:
    """The factors lowest latest score first, the never-answered ones last in factor order.

    Proposed: every factor at the first conversation; later the barriers (score at most BARRIER_SCORE) and the
    factors never answered, or the lowest one when no factor is a barrier.
    """
    rank = {code: index for index, code in enumerate(codes)}
    scored = sorted((code for code in codes if code in latest), key=lambda code: (latest[code], rank[code]))
    unscored = [code for code in codes if code not in latest]
    if not scored:
        return [FactorProposal(code, None, True) for code in codes]
    barriers = {code for code in scored if latest[code] <= BARRIER_SCORE} or {scored[0]}
    return [FactorProposal(code, latest[code], code in barriers) for code in scored] + [
        FactorProposal(code, None, True) for code in unscored
    ]


def check_selection(bank: QuestionBank, items: object) -> tuple[str, ...]:
    """The chosen item keys in bank order; ConversationError("items") for an empty list, a non-key or an unknown key."""
    if not isinstance(items, (list, tuple)) or not items:
        raise ConversationError("items", "items must list at least one question key; choose what to ask")
    if len(items) > MAX_LIST_ITEMS:
        raise ConversationError("items", f"items holds more than {MAX_LIST_ITEMS} keys")
    known = bank.keys()
    for key in items:
        if not isinstance(key, str) or key not in known:
            raise ConversationError("items", f"items names an unknown question {key!r}")
    chosen = set(items)
    return tuple(item.key for item in bank.items if item.key in chosen)


def selected_bank(bank: QuestionBank, items: Iterable[str]) -> QuestionBank:
    """The bank with only the chosen items, in bank order: the step form asks these one at a time."""
    chosen = set(items)
    return replace(bank, items=tuple(item for item in bank.items if item.key in chosen))


def check_agreed_scores(agreed: Mapping[str, object], answered: Iterable[str]) -> dict[str, int]:
    """The agreed score per factor, only for the factors answered in this assessment, each a whole number 1–5."""
    allowed = set(answered)
    result: dict[str, int] = {}
    for code, value in agreed.items():
        if code not in allowed:
            raise ConversationError(
                f"agreed_scores.{code}",
                f"agreed_scores.{code}: agree a score only for a factor answered in this assessment "
                f"({', '.join(sorted(allowed)) or 'none'})",
            )
        # bool is a subclass of int, but True is not a score anyone agreed on.
        if type(value) is not int or not SCORE_MIN <= value <= SCORE_MAX:
            raise ConversationError(
                f"agreed_scores.{code}",
                f"agreed_scores.{code} must be a whole number from {SCORE_MIN} to {SCORE_MAX}, found {value!r}",
            )
        result[code] = value
    return result


def differs(computed: float | None, agreed: int | None) -> bool:
    """Whether the agreed score is not the computed one rounded to the scale (4.5 rounds up to 5)."""
    if computed is None or agreed is None:
        return False
    return agreed != int(computed + 0.5)
