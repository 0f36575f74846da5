"""The weekly log service with a database and an Actor: week rules, every problem at once, the upsert, the form."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from goals.weeks import add_weeks, format_week, week_monday
from placement.clock import SYSTEM_CLOCK
from placement.db.models import Placement, SubGoalRating, WeeklyLog
from placement.errors import Forbidden, InvalidInput, NotFound
from placement.logs import services
from placement.logs.rules import PICKER_WEEKS, EntryProblem, EntryRefused, LogInput, RatingInput, WeekRefused

GRACE = 2


def current_week() -> str:
    return format_week(SYSTEM_CLOCK.today())


def _entry(arranged, rating: int = 3, **changes) -> LogInput:  # type: ignore[no-untyped-def]
    values = {
        "placement_hours": 12,
        "ordinary_hours": 2,
        "absence_hours": 1,
        "ratings": [RatingInput(str(arranged.subgoal_ids[0]), rating)],
        "small_steps": " Ringede selv ",
    }
    return LogInput(**{**values, **changes})


async def test_writing_twice_updates_the_one_entry_and_replaces_its_ratings(db, make_placement) -> None:
    arranged = await make_placement()
    mentor, week = arranged.actor("mentor"), current_week()
    first, created = await services.write_log(
        db, mentor, arranged.placement_id, week, _entry(arranged, 2), grace_weeks=GRACE, clock=SYSTEM_CLOCK
    )
    await db.commit()
    assert created and first.small_steps == "Ringede selv" and first.version == 1
    assert [(r.subgoal_id, r.rating) for r in first.ratings] == [(arranged.subgoal_ids[0], 2)]
    second, created_again = await services.write_log(
        db,
        mentor,
        arranged.placement_id,
        week,
        _entry(arranged, ratings=[RatingInput(str(arranged.subgoal_ids[1]), 5, "Nået!")]),
        grace_weeks=GRACE,
        clock=SYSTEM_CLOCK,
    )
    await db.commit()
    assert not created_again and second.id == first.id and second.version == 2
    assert [(r.subgoal_id, r.rating, r.note) for r in second.ratings] == [(arranged.subgoal_ids[1], 5, "Nået!")]
    assert await db.scalar(select(func.count()).select_from(WeeklyLog)) == 1
    assert await db.scalar(select(func.count()).select_from(SubGoalRating)) == 1


async def test_what_the_caller_could_not_read_is_refused_first_with_the_entrys_own_problems(db, make_placement) -> None:
    arranged = await make_placement()
    unreadable = EntryProblem("hours", "absence_hours must be a number of hours", field="absence_hours")
    with pytest.raises(EntryRefused) as refused:
        await services.write_log(
            db,
            arranged.actor("mentor"),
            arranged.placement_id,
            format_week(SYSTEM_CLOCK.today()),
            _entry(arranged, rating=9, absence_hours=0),
            grace_weeks=GRACE,
            clock=SYSTEM_CLOCK,
            found=[unreadable],
        )
    assert [(p.field, p.kind) for p in refused.value.problems] == [
        ("absence_hours", "hours"),
        ("ratings[0].rating", "rating"),
    ]
    # Nothing the caller could not read is written, even when the rest of the entry is sound.
    with pytest.raises(EntryRefused):
        await services.write_log(
            db,
            arranged.actor("mentor"),
            arranged.placement_id,
            format_week(SYSTEM_CLOCK.today()),
            _entry(arranged),
            grace_weeks=GRACE,
            clock=SYSTEM_CLOCK,
            found=[unreadable],
        )
    assert await db.scalar(select(func.count()).select_from(WeeklyLog)) == 0


async def test_an_entry_is_refused_with_every_problem_named(db, make_placement) -> None:
    arranged, other = await make_placement(), await make_placement()
    bad = LogInput(
        placement_hours=-1,
        ordinary_hours=81,
        absence_hours=float("nan"),
        small_steps="x" * 4001,
        ratings=[
            RatingInput(str(arranged.subgoal_ids[0]), 6),
            RatingInput(str(other.subgoal_ids[0]), 3),
            RatingInput(str(arranged.subgoal_ids[0]), 2, "y" * 501),
        ],
        shared=False,
    )
    with pytest.raises(EntryRefused) as refused:
        await services.write_log(
            db,
            arranged.actor("company_contact"),
            arranged.placement_id,
            current_week(),
            bad,
            grace_weeks=GRACE,
            clock=SYSTEM_CLOCK,
        )
    assert [(p.field, p.kind) for p in refused.value.problems] == [
        ("placement_hours", "hours"),
        ("ordinary_hours", "hours"),
        ("absence_hours", "hours"),
        ("ratings[0].rating", "rating"),
        ("ratings[1].subgoal_id", "subgoal"),
        ("ratings[2].subgoal_id", "subgoal"),
        ("ratings[2].note", "too_long"),
        ("small_steps", "too_long"),
        ("shared", "shared"),
    ]
    assert refused.value.field == "placement_hours"


async def test_weeks_run_from_the_first_week_to_the_grace_period_after_the_actual_end(db, make_placement) -> None:
    monday = dt.date(2026, 9, 7)
    arranged = await make_placement(start=monday, weeks=8)
    placement = await db.get(Placement, arranged.placement_id)
    assert placement is not None
    today = dt.date(2027, 1, 4)
    assert services.writable_weeks(placement, GRACE) == ("2026-W37", "2026-W46")
    services.check_week(placement, "2026-W37", GRACE, today)
    services.check_week(placement, "2026-W46", GRACE, today)
    for week, kind in (("2026-W36", "before_start"), ("2026-W47", "after_end"), ("2027-W02", "future")):
        with pytest.raises(WeekRefused) as refused:
            services.check_week(placement, week, GRACE, today)
        assert refused.value.kind == kind and refused.value.field == "week"
    with pytest.raises(InvalidInput) as malformed:
        services.check_week(placement, "2026-W60", GRACE, today)
    assert malformed.value.field == "week"
    # Ended early: the grace period counts from the day it actually ended.
    placement.ended_on = dt.date(2026, 9, 20)
    assert services.writable_weeks(placement, GRACE) == ("2026-W37", "2026-W40")


async def test_only_the_three_observers_write_and_a_foreign_placement_does_not_exist(db, make_placement) -> None:
    arranged, other = await make_placement(), await make_placement()
    with pytest.raises(Forbidden):
        await services.write_log(
            db,
            arranged.actor("citizen"),
            arranged.placement_id,
            current_week(),
            _entry(arranged),
            grace_weeks=GRACE,
            clock=SYSTEM_CLOCK,
        )
    with pytest.raises(NotFound):
        await services.write_log(
            db,
            arranged.actor("mentor"),
            other.placement_id,
            current_week(),
            _entry(other),
            grace_weeks=GRACE,
            clock=SYSTEM_CLOCK,
        )
    with pytest.raises(Forbidden):
        await services.log_form(
            db, arranged.actor("citizen"), arranged.placement_id, None, grace_weeks=GRACE, today=SYSTEM_CLOCK.today()
        )


async def test_the_form_defaults_to_this_week_and_brings_last_weeks_entry(db, make_placement) -> None:
    arranged = await make_placement()
    contact, week = arranged.actor("company_contact"), current_week()
    last = add_weeks(week, -1)
    await services.write_log(
        db,
        contact,
        arranged.placement_id,
        last,
        _entry(arranged, 2, placement_hours=9.5),
        grace_weeks=GRACE,
        clock=SYSTEM_CLOCK,
    )
    await db.commit()
    form = await services.log_form(
        db, contact, arranged.placement_id, None, grace_weeks=GRACE, today=SYSTEM_CLOCK.today()
    )
    assert form.week == week and form.entry is None and form.refused_kind is None
    assert form.previous is not None and form.previous.week == last and form.previous.placement_hours == 9.5
    assert form.previous.ratings == {arranged.subgoal_ids[0]: 2}
    assert [c.week for c in form.choices] == [add_weeks(week, -n) for n in range(PICKER_WEEKS)]
    assert [c.logged for c in form.choices] == [False, True, False, False]
    assert [g.id for g in form.subgoals] == arranged.subgoal_ids
    assert form.planned_hours is not None


async def test_the_form_reports_a_week_it_cannot_write_and_falls_back(db, make_placement) -> None:
    arranged = await make_placement()
    future = add_weeks(current_week(), 1)
    form = await services.log_form(
        db, arranged.actor("mentor"), arranged.placement_id, future, grace_weeks=GRACE, today=SYSTEM_CLOCK.today()
    )
    assert (form.refused_week, form.refused_kind, form.week) == (future, "future", current_week())
    garbled = await services.log_form(
        db, arranged.actor("mentor"), arranged.placement_id, "uge 3", grace_weeks=GRACE, today=SYSTEM_CLOCK.today()
    )
    assert garbled.refused_kind == "malformed"


async def test_the_picker_never_offers_a_week_before_the_start_or_after_the_grace_period(db, make_placement) -> None:
    started_last_week = await make_placement(start=week_monday(add_weeks(current_week(), -1)))
    form = await services.log_form(
        db,
        started_last_week.actor("mentor"),
        started_last_week.placement_id,
        None,
        grace_weeks=GRACE,
        today=SYSTEM_CLOCK.today(),
    )
    assert [c.week for c in form.choices] == [current_week(), add_weeks(current_week(), -1)]
    long_over = await make_placement(start=dt.date.today() - dt.timedelta(weeks=30), weeks=6)
    closed = await services.log_form(
        db, long_over.actor("mentor"), long_over.placement_id, None, grace_weeks=GRACE, today=SYSTEM_CLOCK.today()
    )
    assert closed.week == closed.last_week and closed.choices[0].week == closed.last_week
    in_three_weeks = week_monday(add_weeks(current_week(), 3))
    not_yet = await make_placement(start=in_three_weeks)
    waiting = await services.log_form(
        db, not_yet.actor("mentor"), not_yet.placement_id, None, grace_weeks=GRACE, today=SYSTEM_CLOCK.today()
    )
    assert waiting.week is None and waiting.choices == []
    assert waiting.first_week == format_week(in_three_weeks)
