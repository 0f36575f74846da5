"""The outcome rules: when each checkpoint is due, from when it may be recorded, and what an outcome must hold."""

from __future__ import annotations

import datetime as dt

import pytest

from goals.outcomes import add_months, due_checkpoints, due_on, earliest_on, outcome_problems

END = dt.date(2026, 4, 5)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 8, 31), 3, dt.date(2026, 11, 30)),
        (dt.date(2026, 11, 15), 3, dt.date(2027, 2, 15)),
        (dt.date(2027, 8, 31), 6, dt.date(2028, 2, 29)),
        (dt.date(2026, 1, 31), -2, dt.date(2025, 11, 30)),
    ],
)
def test_months_are_added_to_the_same_day_or_the_months_last(day, months, expected) -> None:
    assert add_months(day, months) == expected


def test_follow_ups_fall_three_and_six_months_after_the_end_and_open_two_weeks_before() -> None:
    assert [due_on(END, c) for c in ("end", "3m", "6m")] == [END, dt.date(2026, 7, 5), dt.date(2026, 10, 5)]
    assert [earliest_on(END, c) for c in ("end", "3m", "6m")] == [END, dt.date(2026, 6, 21), dt.date(2026, 9, 21)]


def _fields(**overrides) -> list[tuple[str, str]]:
    values = {
        "checkpoint": "end",
        "status": "none",
        "observed_on": END,
        "hours": None,
        "end": END,
        "ended": False,
        "today": dt.date(2026, 7, 10),
    }
    values.update(overrides)
    return [(p.field, p.code) for p in outcome_problems(**values)]


def test_a_sound_outcome_has_no_problems() -> None:
    assert _fields() == []
    assert _fields(status="ordinary_job", hours=37) == []
    assert _fields(checkpoint="3m", observed_on=dt.date(2026, 6, 21)) == []


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"checkpoint": "1y"}, [("checkpoint", "invalid")]),
        (
            {"today": dt.date(2026, 4, 4), "observed_on": dt.date(2026, 4, 4)},
            [("checkpoint", "not_ended"), ("date", "before_end")],
        ),
        ({"checkpoint": "6m"}, [("checkpoint", "too_early"), ("date", "before_end")]),
        ({"status": "hired"}, [("status", "invalid")]),
        ({"observed_on": dt.date(2026, 7, 11)}, [("date", "future")]),
        ({"observed_on": dt.date(2026, 4, 4)}, [("date", "before_end")]),
        ({"status": "flex_job"}, [("ordinary_hours_per_week", "required")]),
        ({"status": "education", "hours": 5}, [("ordinary_hours_per_week", "not_a_job")]),
        ({"status": "ordinary_job", "hours": 80.5}, [("ordinary_hours_per_week", "range")]),
    ],
)
def test_each_problem_names_its_field(overrides, expected) -> None:
    assert _fields(**overrides) == expected


def test_a_placement_ended_early_counts_as_ended_before_its_planned_end() -> None:
    assert _fields(end=dt.date(2026, 7, 1), ended=True, observed_on=dt.date(2026, 7, 1)) == []


def test_the_checkpoints_due_are_those_whose_day_has_come_and_that_have_no_outcome() -> None:
    today = dt.date(2026, 7, 10)
    assert due_checkpoints(END, frozenset(), today=today) == [("end", END), ("3m", dt.date(2026, 7, 5))]
    assert due_checkpoints(END, frozenset({"end"}), today=today) == [("3m", dt.date(2026, 7, 5))]
    assert due_checkpoints(END, frozenset(), today=dt.date(2026, 4, 4)) == []
