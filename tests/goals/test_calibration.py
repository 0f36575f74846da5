"""Calibration maths: agreement per role pair and month, suppression, and which weeks belong to which month."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goals.calibration import Agreement, Comparison, agreement, month_of_week, months_between, weeks_of_months
from goals.weeks import weeks_between

PROPERTY = settings(max_examples=200, deadline=None)
PAIR = "company_contact/mentor"


def _rows(pair: str, month: str, differences: dict[str, list[int]]) -> list[Comparison]:
    return [
        Comparison(pair=pair, month=month, citizen=citizen, difference=d)
        for citizen, found in differences.items()
        for d in found
    ]


def test_figures_of_a_pair_and_month_by_hand() -> None:
    # Five citizens, eight comparisons: differences 0, 1, 2, 0, 3, 1, 0, 1 -> 8 steps, two of them two or more apart.
    rows = _rows(PAIR, "2026-03", {"a": [0, 1], "b": [2], "c": [0, -3], "d": [1, 0], "e": [-1]})
    assert agreement(rows, suppress_below=5) == [
        Agreement(
            pair=PAIR,
            month="2026-03",
            suppressed=False,
            citizens=5,
            compared=8,
            mean_absolute_difference=1.0,
            two_step_share=0.25,
        )
    ]


def test_a_count_weighs_a_comparison_like_that_many_rows() -> None:
    one_by_one = _rows(PAIR, "2026-03", {c: [2, 2, 2, 0] for c in "abcde"})
    counted = [Comparison(PAIR, "2026-03", c, 2, count=3) for c in "abcde"] + [
        Comparison(PAIR, "2026-03", c, 0) for c in "abcde"
    ]
    assert agreement(one_by_one, suppress_below=5) == agreement(counted, suppress_below=5)
    assert agreement(counted, suppress_below=5)[0].two_step_share == 0.75


def test_fewer_citizens_than_the_threshold_shows_no_figure_at_all() -> None:
    # Four citizens with many comparisons each: still four citizens, so nothing is shown, not even the count.
    rows = _rows(PAIR, "2026-03", {c: [0, 1, 2, 3] * 5 for c in "abcd"})
    assert agreement(rows, suppress_below=5) == [Agreement(pair=PAIR, month="2026-03", suppressed=True)]
    assert agreement(rows, suppress_below=4)[0].citizens == 4


def test_every_asked_pair_and_month_gets_a_row_in_the_order_asked() -> None:
    rows = _rows("mentor/x", "2026-02", {c: [1] for c in "abcde"}) + _rows("zz/other", "2026-09", {"a": [1]})
    result = agreement(rows, suppress_below=5, pairs=["x/y", "mentor/x"], months=["2026-02", "2026-01"])
    assert [(r.pair, r.month, r.suppressed) for r in result] == [
        ("x/y", "2026-02", True),
        ("x/y", "2026-01", True),
        ("mentor/x", "2026-02", False),
        ("mentor/x", "2026-01", True),
    ]


def test_pairs_and_months_are_kept_apart() -> None:
    rows = _rows("a/b", "2026-01", {c: [0] for c in "abcde"}) + _rows("a/b", "2026-02", {c: [4] for c in "abcde"})
    rows += _rows("a/c", "2026-01", {c: [2] for c in "abcde"})
    by_key = {(r.pair, r.month): r.mean_absolute_difference for r in agreement(rows, suppress_below=5)}
    # The pairs and months seen make the grid: a/c has no comparison in February, so that row shows nothing.
    assert by_key == {
        ("a/b", "2026-01"): 0.0,
        ("a/b", "2026-02"): 4.0,
        ("a/c", "2026-01"): 2.0,
        ("a/c", "2026-02"): None,
    }


comparisons = st.lists(
    st.builds(
        Comparison,
        pair=st.sampled_from(["a/b", "a/c", "b/c"]),
        month=st.sampled_from(["2026-01", "2026-02"]),
        citizen=st.integers(0, 9),
        difference=st.integers(-4, 4),
        count=st.integers(1, 3),
    ),
    max_size=60,
)


@PROPERTY
@given(comparisons, st.integers(3, 8))
def test_shown_figures_lie_on_the_scale_and_suppression_follows_the_citizens(rows, threshold) -> None:
    for row in agreement(rows, suppress_below=threshold):
        mine = [r for r in rows if (r.pair, r.month) == (row.pair, row.month)]
        citizens = len({r.citizen for r in mine})
        assert row.suppressed == (citizens < threshold)
        if row.suppressed:
            assert (row.citizens, row.compared, row.mean_absolute_difference, row.two_step_share) == (None,) * 4
            continue
        assert row.citizens == citizens
        assert row.compared == sum(r.count for r in mine)
        assert row.mean_absolute_difference is not None and 0 <= row.mean_absolute_difference <= 4
        assert row.two_step_share is not None and 0 <= row.two_step_share <= 1
        # Two steps or more on a share s of comparisons means a mean of at least 2 s.
        assert row.mean_absolute_difference >= 2 * row.two_step_share - 1e-9


@PROPERTY
@given(comparisons)
def test_the_order_of_the_rows_and_the_sign_of_a_difference_change_nothing(rows) -> None:
    flipped = [Comparison(r.pair, r.month, r.citizen, -r.difference, r.count) for r in reversed(rows)]
    assert agreement(flipped, suppress_below=3) == agreement(rows, suppress_below=3)


@PROPERTY
@given(comparisons, st.integers(3, 8))
def test_a_higher_threshold_never_shows_more(rows, threshold) -> None:
    lower = {(r.pair, r.month) for r in agreement(rows, suppress_below=threshold) if not r.suppressed}
    higher = {(r.pair, r.month) for r in agreement(rows, suppress_below=threshold + 1) if not r.suppressed}
    assert higher <= lower


@pytest.mark.parametrize(
    ("week", "month"),
    [
        ("2026-W01", "2026-01"),  # Monday 29 December 2025, Thursday 1 January 2026
        ("2025-W01", "2025-01"),  # Monday 30 December 2024, Thursday 2 January 2025
        ("2026-W27", "2026-07"),  # Monday 29 June, Thursday 2 July
        ("2026-W44", "2026-10"),  # Thursday 29 October, Sunday 1 November
        ("2026-W05", "2026-01"),  # Thursday 29 January
        ("2026-W06", "2026-02"),  # Thursday 5 February
        ("2026-W53", "2026-12"),  # Thursday 31 December
        ("2020-W53", "2020-12"),  # Thursday 31 December 2020
    ],
)
def test_a_week_belongs_to_the_month_of_its_thursday(week, month) -> None:
    assert month_of_week(week) == month


def test_months_between_runs_across_a_new_year() -> None:
    assert months_between(dt.date(2025, 11, 30), dt.date(2026, 2, 1)) == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert months_between(dt.date(2026, 3, 1), dt.date(2026, 2, 1)) == []


def test_the_weeks_of_a_month_are_those_whose_thursday_lies_in_it() -> None:
    assert weeks_of_months(dt.date(2026, 1, 1), dt.date(2026, 1, 31)) == ("2026-W01", "2026-W05")
    assert weeks_of_months(dt.date(2026, 2, 1), dt.date(2026, 2, 28)) == ("2026-W06", "2026-W09")
    assert weeks_of_months(dt.date(2025, 1, 1), dt.date(2026, 12, 31)) == ("2025-W01", "2026-W53")


@PROPERTY
@given(st.dates(dt.date(2000, 1, 1), dt.date(2098, 12, 31)), st.integers(0, 30))
def test_the_weeks_of_the_months_are_exactly_those_whose_month_lies_among_them(first, length) -> None:
    last = first + dt.timedelta(days=length * 10)
    months = set(months_between(first, last))
    start, end = weeks_of_months(first, last)
    around = weeks_between(first - dt.timedelta(days=40), last + dt.timedelta(days=40))
    inside = [week for week in around if start <= week <= end]
    assert inside == [week for week in around if month_of_week(week) in months]
    assert {month_of_week(week) for week in inside} == months
