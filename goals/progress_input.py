"""The plain inputs progress is computed from, each checked when it is made: the placement's plan, logs and scores."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from goals.bounds import RATING_MAX, RATING_MIN, SCORE_MAX, SCORE_MIN
from goals.factors import CITIZEN_FACTOR_CODES
from goals.weeks import parse_week

ROLES = ("company_contact", "consultant", "mentor", "citizen")

ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}


def _check_role(role: str | None, field: str) -> None:
    if role not in ROLE_RANK:
        raise ValueError(f"{field} must be one of {', '.join(ROLES)}, found {role!r}")


def _check_hours(value: float, field: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise ValueError(f"{field} must be a number of hours of 0 or more, found {value!r}")


def _check_whole(value: int, low: int, high: int, field: str) -> None:
    # bool is a subclass of int, but True is not a rating anyone gave.
    if type(value) is not int or not low <= value <= high:
        raise ValueError(f"{field} must be a whole number from {low} to {high}, found {value!r}")


@dataclass(frozen=True, slots=True)
class StepInput:
    """One ordered small step toward a sub-goal; reached_week is set once someone saw it reached."""

    text: str
    position: int
    reached_week: str | None = None
    reached_by_role: str | None = None

    def __post_init__(self) -> None:
        if self.reached_week is not None:
            parse_week(self.reached_week)
        if self.reached_by_role is not None:
            _check_role(self.reached_by_role, "reached_by_role")


@dataclass(frozen=True, slots=True)
class SubGoalInput:
    """A sub-goal of the plan, tied to one of the citizen's factors A–E."""

    id: str
    factor: str
    title: str
    steps: tuple[StepInput, ...] = ()

    def __post_init__(self) -> None:
        if self.factor not in CITIZEN_FACTOR_CODES:
            raise ValueError(f"sub-goal factor must be one of {', '.join(CITIZEN_FACTOR_CODES)}, found {self.factor!r}")


@dataclass(frozen=True, slots=True)
class AssessmentInput:
    """The citizen's self-assessment at one date: a score per factor A–E; an absent factor is missing, not zero."""

    date: date
    scores: Mapping[str, float]
    # The score agreed in the conversation per factor answered; a factor without one is absent.
    agreed: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for code, score in self.scores.items():
            if code not in CITIZEN_FACTOR_CODES:
                raise ValueError(
                    f"self-assessment factor must be one of {', '.join(CITIZEN_FACTOR_CODES)}, found {code!r}; "
                    "F is the caseworker's view and has its own input"
                )
            if isinstance(score, bool) or not isinstance(score, int | float) or not SCORE_MIN <= score <= SCORE_MAX:
                raise ValueError(f"score of factor {code} must be from {SCORE_MIN} to {SCORE_MAX}, found {score!r}")


@dataclass(frozen=True, slots=True)
class CaseworkerInput:
    """The consultant's own 1–5 view of the citizen's readiness (factor F) with a short reason."""

    date: date
    score: int
    reason: str

    def __post_init__(self) -> None:
        _check_whole(self.score, SCORE_MIN, SCORE_MAX, "caseworker score")


@dataclass(frozen=True, slots=True)
class LogInput:
    """One author's weekly entry: hours, a 1–5 rating per sub-goal id (1 not started, 5 reached), small steps seen."""

    week: str
    author_role: str
    placement_hours: float
    ordinary_hours: float
    absence_hours: float
    ratings: Mapping[str, int]
    small_steps: str = ""

    def __post_init__(self) -> None:
        parse_week(self.week)
        _check_role(self.author_role, "author_role")
        _check_hours(self.placement_hours, "placement_hours")
        _check_hours(self.ordinary_hours, "ordinary_hours")
        _check_hours(self.absence_hours, "absence_hours")
        for subgoal_id, rating in self.ratings.items():
            _check_whole(rating, RATING_MIN, RATING_MAX, f"rating of sub-goal {subgoal_id}")


@dataclass(frozen=True, slots=True)
class SelfRatingInput:
    """The citizen's own 1–5 rating of their sub-goals in one week, apart from the observers' entries."""

    week: str
    ratings: Mapping[str, int]

    def __post_init__(self) -> None:
        parse_week(self.week)
        for subgoal_id, rating in self.ratings.items():
            _check_whole(rating, RATING_MIN, RATING_MAX, f"own rating of sub-goal {subgoal_id}")


@dataclass(frozen=True, slots=True)
class PlanWeekInput:
    """One week of the hours plan: placement hours and the target of ordinary hours."""

    week: str
    placement_hours: float
    ordinary_hours_target: float

    def __post_init__(self) -> None:
        parse_week(self.week)
        _check_hours(self.placement_hours, "placement_hours")
        _check_hours(self.ordinary_hours_target, "ordinary_hours_target")


@dataclass(frozen=True, slots=True)
class ProgressInput:
    """Everything progress is computed from; today comes in so that the computation never reads a clock."""

    start_date: date
    planned_end_date: date
    today: date
    subgoals: tuple[SubGoalInput, ...] = ()
    assessments: tuple[AssessmentInput, ...] = ()
    caseworker_assessments: tuple[CaseworkerInput, ...] = ()
    logs: tuple[LogInput, ...] = ()
    plan: tuple[PlanWeekInput, ...] = ()
    self_ratings: tuple[SelfRatingInput, ...] = ()

    def __post_init__(self) -> None:
        if self.planned_end_date < self.start_date:
            raise ValueError(f"planned_end_date {self.planned_end_date} is before start_date {self.start_date}")
        _check_unique((subgoal.id for subgoal in self.subgoals), "sub-goal id")
        _check_unique((week.week for week in self.plan), "plan week")
        _check_unique((own.week for own in self.self_ratings), "own rating week")


def _check_unique(values: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what} {value} appears twice")
        seen.add(value)
