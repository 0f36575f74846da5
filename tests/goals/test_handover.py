"""After a handover the new consultant owes their own F until they give it; the first consultant owes nothing extra."""

from __future__ import annotations

import datetime as dt

import pytest

from goals.handover import HolderPeriod, OwnRating, current_period, own_view_due

DAY = dt.date(2026, 11, 2)


def _days(n: int) -> dt.date:
    return DAY + dt.timedelta(days=n)


KARIN_THEN_OMAR = [HolderPeriod("karin", DAY), HolderPeriod("omar", _days(20))]


def test_a_case_that_never_changed_hands_owes_nothing() -> None:
    assert own_view_due([HolderPeriod("karin", DAY)], [], today=_days(40)) is None
    # The same consultant recorded twice (a handover back and forth on one day) is still one holder.
    assert own_view_due([HolderPeriod("karin", DAY), HolderPeriod("karin", _days(3))], [], today=_days(40)) is None


def test_the_new_consultant_owes_their_own_f_within_the_days_and_it_is_late_after() -> None:
    due = own_view_due(KARIN_THEN_OMAR, [OwnRating("karin", _days(10))], today=_days(25), days=14)
    assert due is not None and (due.since, due.due_on, due.late) == (_days(20), _days(34), False)
    assert own_view_due(KARIN_THEN_OMAR, [], today=_days(34), days=14).late is False  # type: ignore[union-attr]
    assert own_view_due(KARIN_THEN_OMAR, [], today=_days(35), days=14).late is True  # type: ignore[union-attr]


def test_their_own_f_recorded_after_taking_over_clears_it_and_the_previous_f_does_not() -> None:
    assert own_view_due(KARIN_THEN_OMAR, [OwnRating("omar", _days(21))], today=_days(40)) is None
    assert own_view_due(KARIN_THEN_OMAR, [OwnRating("omar", _days(20))], today=_days(40)) is None
    # An F the same consultant gave in an earlier period of theirs is not a view of the case as it is now.
    back_again = [*KARIN_THEN_OMAR, HolderPeriod("karin", _days(30))]
    due = own_view_due(back_again, [OwnRating("karin", _days(10))], today=_days(31))
    assert due is not None and due.since == _days(30)


def test_an_ended_placement_owes_nothing_and_the_days_are_bounded() -> None:
    assert own_view_due(KARIN_THEN_OMAR, [], today=_days(40), ended=True) is None
    for wrong in (0, 57):
        with pytest.raises(ValueError, match="days must be 1 to 56"):
            own_view_due(KARIN_THEN_OMAR, [], today=_days(40), days=wrong)


def test_the_current_period_starts_where_the_current_holder_took_over() -> None:
    assert current_period([]) is None
    periods = [HolderPeriod("omar", _days(20)), HolderPeriod("karin", DAY), HolderPeriod("omar", _days(25))]
    assert current_period(periods) == HolderPeriod("omar", _days(20))
