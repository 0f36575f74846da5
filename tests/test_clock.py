"""One clock: instants in UTC, days in Copenhagen, and the app's rules follow the clock it was given."""

from __future__ import annotations

import datetime as dt

import pytest

from goals.weeks import add_weeks, format_week
from placement.clock import Clock

# Sunday 1 March 2026, 23:30 in UTC, is already Monday 2 March (week 10) in Copenhagen.
SUNDAY_NIGHT_UTC = dt.datetime(2026, 3, 1, 23, 30, tzinfo=dt.UTC)
MONDAY_IN_COPENHAGEN = dt.date(2026, 3, 2)


def test_today_is_the_day_in_copenhagen_and_now_stays_in_utc() -> None:
    clock = Clock.fixed(SUNDAY_NIGHT_UTC)
    assert clock.today() == MONDAY_IN_COPENHAGEN
    assert clock.now() == SUNDAY_NIGHT_UTC and clock.now().utcoffset() == dt.timedelta(0)


def test_a_fixed_clock_needs_a_timezone() -> None:
    with pytest.raises(ValueError, match="timezone"):
        Clock.fixed(dt.datetime(2026, 3, 1, 23, 30))


@pytest.fixture
def clock() -> Clock:
    return Clock.fixed(SUNDAY_NIGHT_UTC)


async def test_the_weekly_log_takes_this_week_from_the_apps_clock(client, make_placement, login_as) -> None:
    this_week = format_week(MONDAY_IN_COPENHAGEN)
    arranged = await make_placement(start=MONDAY_IN_COPENHAGEN - dt.timedelta(weeks=1), weeks=6)
    body = {"placement_hours": 12, "ordinary_hours": 2, "ratings": []}
    base = f"/api/placements/{arranged.placement_id}/log/"
    async with login_as(arranged.mentor_id) as mentor:
        # The week turned at midnight in Denmark, though it is still Sunday in UTC.
        assert (await mentor.put(base + this_week, json=body)).status_code == 201
        # Long past by the server's own date, but not yet begun by the app's clock.
        future = await mentor.put(base + add_weeks(this_week, 1), json=body)
        assert future.status_code == 422 and future.json()["field"] == "week"
