"""Suppression and the definitions of management information, from plain numbers (no database)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from goals.insights import GroupSums, OutcomeSums, combined, figures, suppressed_groups
from goals.placement_facts import evidence_band, length_band, length_weeks, ordinary_hours_reached, subgoal_reached
from goals.progress import HoursPoint, RatingPoint, SubGoalSeries

groups_of_citizens = st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=8)
thresholds = st.integers(min_value=3, max_value=8)


@given(groups_of_citizens, thresholds)
def test_no_suppressed_group_can_be_derived_as_the_total_minus_the_others(sizes: list[int], threshold: int) -> None:
    """Disjoint groups (one placement per citizen): what the total minus the shown groups gives is never one small
    group, nor any mix of small groups alone."""
    citizens = {f"g{i}": n for i, n in enumerate(sizes)}
    total = sum(sizes)
    hidden, total_hidden = suppressed_groups(citizens, total_citizens=total, threshold=threshold)
    assert {key for key, n in citizens.items() if n < threshold} <= hidden
    if total_hidden:
        assert total < threshold and hidden == set(citizens)
        return
    derived = total - sum(n for key, n in citizens.items() if key not in hidden)
    assert derived == sum(citizens[key] for key in hidden)
    people_hidden = [key for key in hidden if citizens[key] > 0]
    if people_hidden:
        # What can be derived holds at least one group big enough to be shown by itself.
        assert derived >= threshold
        assert len(people_hidden) >= 2 or citizens[people_hidden[0]] >= threshold


@given(groups_of_citizens, thresholds)
def test_every_group_below_the_threshold_is_suppressed_and_a_large_total_is_shown(
    sizes: list[int], threshold: int
) -> None:
    citizens = {f"g{i}": n for i, n in enumerate(sizes)}
    hidden, total_hidden = suppressed_groups(citizens, total_citizens=sum(sizes), threshold=threshold)
    assert total_hidden == (sum(sizes) < threshold)
    assert all(key in hidden for key, n in citizens.items() if n < threshold)


def test_a_group_of_four_takes_the_next_smallest_with_it() -> None:
    hidden, total_hidden = suppressed_groups({"a": 4, "b": 5, "c": 9}, total_citizens=18, threshold=5)
    assert hidden == {"a", "b"} and not total_hidden


def test_empty_groups_need_no_partner() -> None:
    hidden, _ = suppressed_groups({"a": 0, "b": 5, "c": 9}, total_citizens=14, threshold=5)
    assert hidden == {"a"}


def test_figures_of_sums() -> None:
    sums = GroupSums(
        citizens=6,
        placements=8,
        factor_n={"A": 4},
        factor_sum={"A": 3.0},
        subgoals=10,
        subgoals_reached=4,
        ordinary_reached=2,
        last_ordinary_n=4,
        last_ordinary_sum=10.0,
        hours_attended=90,
        hours_planned=100,
        weeks_logged=30,
        weeks_due=40,
        outcomes={
            "6m": OutcomeSums(
                due=5,
                recorded=4,
                due_unrecorded=1,
                by_status={"education": 1, "flex_job": 1, "unknown": 1, "ordinary_job": 1},
            )
        },
    )
    out = figures(sums, factors=("A", "F"))
    assert out["progression"] == [
        {"factor": "A", "placements": 4, "mean_change": 0.75},
        {"factor": "F", "placements": 0, "mean_change": None},
    ]
    assert out["subgoals_reached_share"] == 0.4 and out["ordinary_hours_share"] == 0.25
    assert out["ordinary_hours_at_end"] == 2.5 and out["attendance_share"] == 0.9 and out["weeks_logged_share"] == 0.75
    six = out["outcomes"][2]  # type: ignore[index]
    # A flex job is not "job or education"; the share is of the known outcomes (three of four recorded).
    assert six["job_or_education"] == 2 and six["job_or_education_share"] == 0.6667 and six["unknown"] == 2


def test_length_bands_count_whole_weeks() -> None:
    start = dt.date(2026, 1, 7)  # a Wednesday
    assert length_weeks(start, start + dt.timedelta(weeks=13, days=-1)) == 13
    assert [length_band(start, start + dt.timedelta(days=7 * w - 1)) for w in (4, 5, 13, 14, 26, 27)] == [
        "1-4",
        "5-8",
        "9-13",
        "14-26",
        "14-26",
        "27+",
    ]


def test_evidence_bands_are_fixed_thirds_of_the_possible_change() -> None:
    assert [evidence_band(c) for c in (-4, -1.34, -1.33, 0, 1.33, 1.34, 4)] == [
        "low",
        "low",
        "middle",
        "middle",
        "middle",
        "high",
        "high",
    ]


def _hours(ordinary: float | None, target: float | None) -> HoursPoint:
    return HoursPoint("2026-W02", 10, 10 if ordinary is not None else None, ordinary, target, 0, "mentor")


def test_ordinary_hours_are_reached_at_the_target_or_with_any_hours_where_none_is_set() -> None:
    assert not ordinary_hours_reached([_hours(3, 5), _hours(None, 5), _hours(0, 0)])
    assert ordinary_hours_reached([_hours(5, 5)])
    assert ordinary_hours_reached([_hours(2, None)])


def test_a_subgoal_is_reached_by_a_five_in_its_latest_week() -> None:
    def series(*points: tuple[str, int]) -> SubGoalSeries:
        return SubGoalSeries("s", "A", "t", [RatingPoint(week, "mentor", rating) for week, rating in points])

    assert subgoal_reached(series(("2026-W01", 3), ("2026-W02", 5)))
    assert not subgoal_reached(series(("2026-W01", 5), ("2026-W02", 4)))
    assert not subgoal_reached(series())


def test_the_sum_of_disjoint_groups_is_their_total_with_the_citizens_given() -> None:
    first = GroupSums(
        citizens=3,
        placements=3,
        factor_n={"A": 2},
        factor_sum={"A": 1.5},
        subgoals=6,
        subgoals_reached=2,
        weeks_due=10,
        outcomes={"end": OutcomeSums(due=3, recorded=2, due_unrecorded=1, by_status={"education": 2})},
    )
    second = GroupSums(
        citizens=2,
        placements=2,
        factor_n={"A": 1, "C": 2},
        factor_sum={"A": -0.5, "C": 2.0},
        subgoals=4,
        weeks_due=5,
        outcomes={"end": OutcomeSums(due=2, recorded=2, by_status={"education": 1, "none": 1})},
    )
    total = combined([first, second], citizens=4)
    assert (total.citizens, total.placements, total.subgoals, total.subgoals_reached, total.weeks_due) == (
        4,
        5,
        10,
        2,
        15,
    )
    assert total.factor_n == {"A": 3, "C": 2} and total.factor_sum == {"A": 1.0, "C": 2.0}
    end = total.outcomes["end"]
    assert (end.due, end.recorded, end.due_unrecorded, end.by_status) == (5, 4, 1, {"education": 3, "none": 1})
