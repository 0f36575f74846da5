"""The citizen's own weekly rating in goals' progress: its own line, gaps flagged at two steps, the verdict untouched."""

from __future__ import annotations

import datetime as dt

import pytest

from goals.progress import (
    DISAGREEMENT_GAP,
    LogInput,
    ProgressInput,
    SelfRatingInput,
    SubGoalInput,
    compute_progress,
)
from goals.recommendation import recommend

START = dt.date(2026, 9, 7)  # Monday of 2026-W37


def _input(observer: dict[str, int], own: dict[str, int], *, own_week: str = "2026-W38") -> ProgressInput:
    logs = tuple(LogInput(week, "company_contact", 10, 0, 0, {"g": rating}) for week, rating in observer.items())
    return ProgressInput(
        start_date=START,
        planned_end_date=START + dt.timedelta(weeks=13, days=-1),
        today=START + dt.timedelta(weeks=4),
        subgoals=(SubGoalInput("g", "A", "Møde til tiden"),),
        logs=logs,
        self_ratings=tuple(SelfRatingInput(week, {"g": rating}) for week, rating in own.items()),
    )


def test_the_citizens_ratings_are_their_own_line_beside_the_observers() -> None:
    progress = compute_progress(_input({"2026-W38": 3}, {"2026-W38": 2, "2026-W39": 4}))
    (series,) = progress.subgoals
    assert [(p.week, p.author_role, p.rating) for p in series.ratings] == [("2026-W38", "company_contact", 3)]
    assert [(p.week, p.author_role, p.rating) for p in series.own_ratings] == [
        ("2026-W38", "citizen", 2),
        ("2026-W39", "citizen", 4),
    ]


def test_a_gap_of_two_steps_between_citizen_and_observer_is_flagged_and_one_step_is_not() -> None:
    assert DISAGREEMENT_GAP == 2
    flagged = compute_progress(_input({"2026-W38": 4}, {"2026-W38": 2})).disagreements
    assert [(d.week, d.roles, d.ratings, d.gap) for d in flagged] == [
        ("2026-W38", ("company_contact", "citizen"), (4, 2), 2)
    ]
    assert compute_progress(_input({"2026-W38": 3}, {"2026-W38": 2})).disagreements == []
    # Another week than the observer's is no disagreement: they did not look at the same week.
    assert compute_progress(_input({"2026-W38": 5}, {"2026-W39": 1})).disagreements == []


@pytest.mark.parametrize("own", [{}, {"2026-W38": 1, "2026-W39": 5, "2026-W40": 1}])
def test_the_citizens_ratings_are_no_small_steps_setbacks_or_signal_of_the_verdict(own: dict[str, int]) -> None:
    observer = {"2026-W38": 2, "2026-W39": 3, "2026-W40": 4}
    without = compute_progress(_input(observer, {}))
    with_own = compute_progress(_input(observer, own))
    assert with_own.small_steps == without.small_steps
    assert with_own.setbacks == without.setbacks
    assert with_own.logged_weeks == without.logged_weeks
    assert recommend(with_own).verdict == recommend(without).verdict
    # The observers' own disagreement reason reads the observers only.
    assert [r.code for r in recommend(with_own).reasons] == [r.code for r in recommend(without).reasons]


def test_a_rating_outside_the_scale_or_a_week_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="own rating"):
        SelfRatingInput("2026-W38", {"g": 6})
    with pytest.raises(ValueError, match="own rating week"):
        _input({}, {}).__class__(
            start_date=START,
            planned_end_date=START,
            today=START,
            self_ratings=(SelfRatingInput("2026-W38", {"g": 3}), SelfRatingInput("2026-W38", {"g": 4})),
        )
