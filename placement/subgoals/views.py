"""View models of the sub-goal page: the citizen's latest self-scores per factor, and the library's examples."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from goals.library import Example, SubGoalLibrary
from placement.subgoals.services import FactorFocus


@dataclass(frozen=True, slots=True)
class FocusView:
    code: str
    score: float | None
    # The bar's length, in per cent of the scale's top.
    width: float
    scored_on: dt.date | None
    proposed: bool


def focus_views(focus: Sequence[FactorFocus]) -> list[FocusView]:
    return [
        FocusView(
            code=f.code,
            score=f.score,
            width=round(f.score / 5 * 100, 1) if f.score is not None else 0.0,
            scored_on=f.scored_on,
            proposed=f.proposed,
        )
        for f in focus
    ]


@dataclass(frozen=True, slots=True)
class LibraryFactorView:
    code: str
    examples: tuple[Example, ...]


def library_views(library: SubGoalLibrary, order: Sequence[str]) -> list[LibraryFactorView]:
    return [LibraryFactorView(code=code, examples=library.for_factor(code)) for code in order]
