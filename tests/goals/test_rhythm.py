"""The measuring rhythm: the next self-assessment's date, from the start or the latest answer, and when it is late."""

from datetime import date, timedelta

import pytest

from goals.rhythm import DEFAULT_INTERVAL_DAYS, next_self_assessment

START = date(2026, 11, 2)
END = date(2027, 1, 29)


def rhythm(today, latest=None, **kwargs):
    return next_self_assessment(start=START, planned_end=END, today=today, latest=latest, **kwargs)


def test_the_default_interval_is_14_days_as_vejle_measures():
    assert DEFAULT_INTERVAL_DAYS == 14


def test_the_first_is_due_at_the_start_and_may_be_answered_before_it():
    before = rhythm(START - timedelta(days=3))
    assert before is not None and before.first and before.due and not before.late
    assert before.due_on == START
    late = rhythm(START + timedelta(days=1))
    assert late is not None and late.late


def test_the_next_is_due_14_days_after_the_latest_answer():
    answered = date(2026, 12, 3)
    waiting = rhythm(date(2026, 12, 10), answered)
    assert waiting is not None
    assert waiting.due_on == date(2026, 12, 17) and not waiting.first and not waiting.due and not waiting.late
    on_the_day = rhythm(date(2026, 12, 17), answered)
    assert on_the_day is not None and on_the_day.due and not on_the_day.late
    late = rhythm(date(2026, 12, 18), answered)
    assert late is not None and late.due and late.late


def test_the_interval_is_configuration():
    result = rhythm(date(2026, 12, 10), date(2026, 12, 3), interval_days=28)
    assert result is not None and result.due_on == date(2026, 12, 31)


def test_an_answer_before_the_start_counts_from_the_start():
    result = rhythm(START, START - timedelta(days=5))
    assert result is not None and result.due_on == START + timedelta(days=14)


def test_none_is_asked_after_the_end_when_ended_or_when_the_next_falls_after_the_end():
    assert rhythm(END + timedelta(days=1)) is None
    assert rhythm(START + timedelta(days=20), ended=True) is None
    assert rhythm(END - timedelta(days=3), END - timedelta(days=10)) is None


@pytest.mark.parametrize("interval", [6, 57])
def test_an_interval_outside_7_to_56_days_is_refused(interval):
    with pytest.raises(ValueError, match="7 to 56"):
        rhythm(START, interval_days=interval)
