"""The company contact's and mentor's start page /mine-forloeb: this week's log done or due, the weeks still
missing, the plan's sub-goals and steps; only their own placements, each read audited."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from goals.weeks import add_weeks, format_week
from placement.db.models import AuditEvent, Citizen, PlacementMember, Role, SubGoalStep, WeeklyLog

THIS_WEEK = format_week(dt.date.today())


def _log(arranged, author_id, role: Role, week: str) -> WeeklyLog:  # type: ignore[no-untyped-def]
    return WeeklyLog(
        placement_id=arranged.placement_id,
        week=week,
        author_id=author_id,
        author_role=role,
        placement_hours=10,
        ordinary_hours=0,
        absence_hours=0,
    )


async def test_the_contact_sees_this_weeks_log_done_the_missing_weeks_and_the_plan(
    client, db, make_placement, login_as, read_page
) -> None:
    arranged = await make_placement(start=dt.date.today() - dt.timedelta(weeks=4))
    db.add_all(
        [
            _log(arranged, arranged.company_contact_id, Role.COMPANY_CONTACT, THIS_WEEK),
            _log(arranged, arranged.company_contact_id, Role.COMPANY_CONTACT, add_weeks(THIS_WEEK, -2)),
            # The mentor's entry is the mentor's: it does not fill the contact's week.
            _log(arranged, arranged.mentor_id, Role.MENTOR, add_weeks(THIS_WEEK, -1)),
        ]
    )
    step = await db.scalar(
        select(SubGoalStep).where(SubGoalStep.subgoal_id == arranged.subgoal_ids[0], SubGoalStep.position == 0)
    )
    step.reached_week = add_weeks(THIS_WEEK, -1)  # type: ignore[union-attr]
    # The contact joined when the placement began; the mentor joined today.
    await db.execute(
        update(PlacementMember)
        .where(PlacementMember.user_id == arranged.company_contact_id)
        .values(created_at=dt.datetime.now(dt.UTC) - dt.timedelta(weeks=4))
    )
    await db.commit()
    async with login_as(arranged.company_contact_id) as contact:
        response = await contact.get("/mine-forloeb")
    async with login_as(arranged.mentor_id) as mentor:
        mentors = read_page((await mentor.get("/mine-forloeb")).text)
    assert not mentors.all("ul", class_="week-chips")  # no week from before the mentor joined is asked for
    assert response.status_code == 200
    page = read_page(response.text)
    card = page.one("article", class_="partner-card")
    week_no = int(THIS_WEEK[-2:])
    receipt = card.one("p", class_="logged").one("a")
    assert receipt.text == f"Logget for uge {week_no} ✓"
    assert receipt.attrs["href"] == f"/forloeb/{arranged.placement_id}/logbog/{THIS_WEEK}"
    assert "Udfyld ugens logbog" not in card.text
    missing = [a.attrs["href"].rsplit("=", 1)[1] for a in card.one("ul", class_="week-chips").all("a")]
    assert missing == [add_weeks(THIS_WEEK, -4), add_weeks(THIS_WEEK, -3), add_weeks(THIS_WEEK, -1)]
    goals = card.all("li", class_="goal")
    assert [goal.one("h4").text for goal in goals] == ["Delmål 1", "Delmål 2"]
    steps = goals[0].one("ol", class_="steps").all("li")
    assert steps[0].text.startswith("✓ Første skridt") and f"uge {int(add_weeks(THIS_WEEK, -1)[-2:])}" in steps[0].text
    assert steps[1].text == "○ Andet skridt"


async def test_a_week_not_logged_yet_is_one_big_tap_to_the_form(
    client, db, make_placement, login_as, read_page
) -> None:
    arranged = await make_placement(start=dt.date.today())
    async with login_as(arranged.mentor_id) as mentor:
        page = read_page((await mentor.get("/mine-forloeb")).text)
    tap = page.one("a", class_="big-tap")
    assert tap.attrs["href"] == f"/forloeb/{arranged.placement_id}/logbog"
    assert tap.text.startswith("Udfyld ugens logbog")
    assert not page.all("ul", class_="week-chips")  # the first week: nothing missing yet


async def test_a_placement_that_has_not_started_says_when_the_log_opens(client, make_placement, login_as, read_page):
    start = dt.date.today() + dt.timedelta(weeks=2)
    arranged = await make_placement(start=start)
    async with login_as(arranged.company_contact_id) as contact:
        card = read_page((await contact.get("/mine-forloeb")).text).one("article", class_="partner-card")
    assert f"Praktikken begynder i uge {start.isocalendar().week}" in card.text
    assert not card.all("a", class_="big-tap")


async def test_only_the_persons_own_placements_and_every_read_audited(client, db, make_placement, login_as) -> None:
    mine, other = await make_placement(), await make_placement()
    other_name = (await db.get(Citizen, other.citizen_id)).name  # type: ignore[union-attr]
    own_name = (await db.get(Citizen, mine.citizen_id)).name  # type: ignore[union-attr]
    async with login_as(mine.company_contact_id) as contact:
        response = await contact.get("/mine-forloeb")
    assert own_name in response.text
    assert other_name not in response.text and str(other.placement_id) not in response.text
    rows = (
        await db.scalars(
            select(AuditEvent).where(
                AuditEvent.actor_id == mine.company_contact_id, AuditEvent.object_type == "partner_start"
            )
        )
    ).all()
    assert [(r.citizen_id, r.object_id, r.action) for r in rows] == [(mine.citizen_id, str(mine.placement_id), "read")]


async def test_the_page_is_the_contacts_and_mentors_alone(client, make_placement, make_user, login_as) -> None:
    arranged = await make_placement()
    for user_id in (arranged.consultant_id, arranged.citizen_user_id, (await make_user("leader")).id):
        async with login_as(user_id) as other:
            assert (await other.get("/mine-forloeb")).status_code == 403
