"""The citizen's own overview and their view of when their data was used, through the services."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from goals.questions import default_bank
from goals.weeks import format_week
from placement.assessments import services as assessments
from placement.citizen_view import services
from placement.clock import SYSTEM_CLOCK
from placement.db.models import AuditEvent, Role, SubGoalStep, User, WeeklyLog
from placement.errors import Forbidden

BANK = default_bank()
TODAY = SYSTEM_CLOCK.today()


async def _log(db, arranged, role, *, week, hours, small_steps="", shared=True):  # type: ignore[no-untyped-def]
    db.add(
        WeeklyLog(
            placement_id=arranged.placement_id,
            week=week,
            author_id=arranged.actor(role).user_id,
            author_role=Role(role),
            placement_hours=hours,
            ordinary_hours=1,
            small_steps=small_steps,
            shared=shared,
        )
    )
    await db.commit()


async def test_the_citizen_sees_their_sub_goals_with_the_steps_reached_and_what_comes_next(db, make_placement):
    arranged = await make_placement(subgoals=2)
    step = await db.scalar(
        select(SubGoalStep).where(SubGoalStep.subgoal_id == arranged.subgoal_ids[0], SubGoalStep.position == 0)
    )
    step.reached_week, step.reached_by_role = format_week(TODAY), Role.MENTOR
    await db.commit()

    [overview] = await services.citizen_overview(db, arranged.actor("citizen"), BANK, today=SYSTEM_CLOCK.today())
    first, second = overview.subgoals
    assert (first.title, first.reached, first.next_step) == ("Delmål 1", 1, "Andet skridt")
    assert (second.title, second.reached, second.next_step) == ("Delmål 2", 0, "Første skridt")
    assert overview.purpose.startswith("Afklaring af arbejdsevne")
    assert any(s.kind.value == "step_reached" and s.text == "Første skridt" for s in overview.small_steps)


async def test_sub_goals_of_every_factor_are_shown_to_the_citizen_health_included(db, make_placement):
    arranged = await make_placement(subgoals=5)
    [overview] = await services.citizen_overview(db, arranged.actor("citizen"), BANK, today=SYSTEM_CLOCK.today())
    assert sorted(goal.factor for goal in overview.subgoals) == ["A", "B", "C", "D", "E"]


async def test_the_citizen_never_sees_another_citizens_placement(db, make_placement):
    mine, other = await make_placement(), await make_placement()
    overviews = await services.citizen_overview(db, mine.actor("citizen"), BANK, today=SYSTEM_CLOCK.today())
    assert [o.id for o in overviews] == [mine.placement_id]
    assert other.placement_id not in {o.id for o in overviews}


async def test_only_a_citizen_has_an_own_overview_and_data_use_list(db, make_placement):
    arranged = await make_placement()
    for role in ("consultant", "company_contact", "mentor"):
        with pytest.raises(Forbidden):
            await services.citizen_overview(db, arranged.actor(role), BANK, today=SYSTEM_CLOCK.today())
        with pytest.raises(Forbidden):
            await services.my_data_uses(db, arranged.actor(role))


async def test_hours_and_small_steps_come_only_from_entries_shared_with_the_citizen(db, make_placement):
    arranged = await make_placement()
    week = format_week(TODAY)
    await _log(db, arranged, "mentor", week=week, hours=9, small_steps="Spiste frokost med kollegerne")
    await _log(db, arranged, "company_contact", week=week, hours=12)
    await _log(db, arranged, "consultant", week=week, hours=3, small_steps="Internt notat", shared=False)

    [overview] = await services.citizen_overview(db, arranged.actor("citizen"), BANK, today=SYSTEM_CLOCK.today())
    # The company contact's own count of the hours is the one of record.
    assert overview.this_week is not None and overview.this_week.placement_hours == 12
    texts = [step.text for step in overview.small_steps]
    assert "Spiste frokost med kollegerne" in texts and "Internt notat" not in texts


async def test_the_citizens_scores_over_time_keep_the_consultants_view_apart(db, make_placement):
    arranged = await make_placement()
    await assessments.record_assessment(
        db,
        arranged.actor("citizen"),
        BANK,
        arranged.placement_id,
        on=TODAY,
        answers={"A1": 4, "B1": 2},
        today=SYSTEM_CLOCK.today(),
    )
    await assessments.record_caseworker_assessment(
        db,
        arranged.actor("consultant"),
        arranged.placement_id,
        on=TODAY,
        score=3,
        reason="Godt i gang",
        today=SYSTEM_CLOCK.today(),
    )
    await db.commit()
    [overview] = await services.citizen_overview(db, arranged.actor("citizen"), BANK, today=SYSTEM_CLOCK.today())
    assert overview.history.assessments[0].scores == {"A": 4.0, "B": 2.0}
    assert overview.history.caseworker is not None
    assert [(e.score, e.reason) for e in overview.history.caseworker.entries] == [(3, "Godt i gang")]


async def test_data_use_lists_role_and_action_and_never_a_name(db, make_placement):
    arranged = await make_placement()
    await assessments.read_assessments(db, arranged.actor("company_contact"), BANK, arranged.placement_id)
    await assessments.read_caseworker_assessments(db, arranged.actor("consultant"), arranged.placement_id)
    await db.commit()

    uses = await services.my_data_uses(db, arranged.actor("citizen"))
    assert {(u.role, u.action, u.object_type) for u in uses} == {
        ("company_contact", "read", "assessment"),
        ("consultant", "read", "caseworker_assessment"),
    }
    names = {user.name for user in await db.scalars(select(User))}
    shown = {value for use in uses for value in (use.role, use.action, use.object_type, use.purpose)}
    assert not names & shown
    assert not any(hasattr(use, attr) for use in uses for attr in ("actor_id", "name", "email"))


async def test_data_use_shows_nothing_of_another_citizen(db, make_placement):
    mine, other = await make_placement(), await make_placement()
    await assessments.read_assessments(db, other.actor("mentor"), BANK, other.placement_id)
    await db.commit()
    assert await services.my_data_uses(db, mine.actor("citizen")) == []


async def test_reading_the_own_page_and_the_data_use_list_is_audited(db, make_placement):
    arranged = await make_placement()
    citizen = arranged.actor("citizen")
    await services.citizen_overview(db, citizen, BANK, today=SYSTEM_CLOCK.today())
    await services.my_data_uses(db, citizen)
    await db.commit()
    rows = (
        await db.execute(
            select(AuditEvent.object_type, func.count())
            .where(AuditEvent.actor_id == citizen.user_id, AuditEvent.citizen_id == arranged.citizen_id)
            .group_by(AuditEvent.object_type)
        )
    ).all()
    assert dict(rows) == {"own_overview": 1, "data_use": 1}
