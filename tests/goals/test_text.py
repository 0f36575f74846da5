"""The text rule and the domain's bounds, without a database."""

from __future__ import annotations

import datetime as dt

import pytest

from goals.bounds import MAX_PLACEMENT_WEEKS, date_problem, period_problem, placement_weeks
from goals.text import control_problem, cpr_field_problem, field_kind, text_problem


@pytest.mark.parametrize(
    "field, kind",
    [
        ("note", "multiline"),
        ("ratings[3].note", "multiline"),
        ("note-5b1c", "multiline"),
        ("seen_purpose", "multiline"),
        ("name", "line"),
        ("title", "line"),
        ("steps[0]", "line"),
        ("password", "secret"),
        ("token", "secret"),
    ],
)
def test_each_field_has_its_kind_of_text(field: str, kind: str) -> None:
    assert field_kind(field) == kind


@pytest.mark.parametrize("char", ["\x00", "\x08", "\x1b", "\x7f", "\x9b", "\u2028", "\u2029", "\ud800"])
def test_control_characters_are_refused_everywhere(char: str) -> None:
    assert control_problem(f"a{char}b", multiline=True) and text_problem(f"a{char}b", "note")


def test_line_breaks_and_tabs_belong_in_multiline_text_only() -> None:
    assert text_problem("en\r\n\tto", "note") is None
    assert "U+000A" in (text_problem("en\nto", "title") or "")


def test_a_cpr_number_is_refused_in_text_but_not_in_a_secret() -> None:
    assert "CPR" in (text_problem("borger 010190-1234", "note") or "")
    assert text_problem("0101901234", "password") is None
    assert text_problem("0101901234", "note", cpr=False) is None


def test_cpr_field_names_are_refused_whatever_their_spelling() -> None:
    assert cpr_field_problem("CPR-nr") and cpr_field_problem("cpr_number") and not cpr_field_problem("case_ref")


def test_a_placement_runs_at_most_52_weeks() -> None:
    start = dt.date(2026, 1, 5)
    assert placement_weeks(start, start + dt.timedelta(weeks=MAX_PLACEMENT_WEEKS, days=-1)) == 52
    assert period_problem(start, start + dt.timedelta(weeks=52, days=-1)) is None
    assert "52 weeks" in (period_problem(start, start + dt.timedelta(weeks=52)) or "")
    assert period_problem(start, dt.date(9999, 12, 31))
    assert "before" in (period_problem(start, start - dt.timedelta(days=1)) or "")


@pytest.mark.parametrize(
    "day, ok",
    [
        (dt.date(1999, 12, 31), False),
        (dt.date(2000, 1, 1), True),
        (dt.date(2099, 12, 31), True),
        (dt.date(9999, 12, 31), False),
    ],
)
def test_dates_lie_in_this_century(day: dt.date, ok: bool) -> None:
    assert (date_problem(day) is None) is ok
