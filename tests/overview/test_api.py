"""The consultant's overview: own caseload only, the alerts a consultant acts on, a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import event, update

from goals.weeks import add_weeks, format_week
from placement.db.models import Placement, Role, SubGoalRating, WeeklyLog

THIS_WEEK = format_week(dt.date.today())


async def test_the_overview_lists_only_my_placements_with_who_has_not_logged(
    client, db, make_placement, login_as
) -> None:
    mine, _other = await make_placement(), await make_placement()
    db.add(
        WeeklyLog(
            placement_id=mine.placement_id,
            week=THIS_WEEK,
            author_id=mine.mentor_id,
            author_role=Role.MENTOR,
            placement_hours=10,
            ordinary_hours=0,
            absence_hours=0,
        )
    )
    await db.commit()
    async with login_as(mine.consultant_id) as consultant:
        rows = (await consultant.get("/api/overview")).json()
    assert [r["placement_id"] for r in rows] == [str(mine.placement_id)]
    assert rows[0]["not_logged_this_week"] == ["company_contact", "consultant"]


async def test_ratings_that_have_not_moved_for_three_weeks_and_a_near_end_are_flagged(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement(start=dt.date.today() - dt.timedelta(weeks=10), weeks=11)
    for n in range(3):
        log = WeeklyLog(
            placement_id=arranged.placement_id,
            week=add_weeks(THIS_WEEK, -n),
            author_id=arranged.mentor_id,
            author_role=Role.MENTOR,
            placement_hours=10,
            ordinary_hours=0,
            absence_hours=0,
        )
        log.ratings = [SubGoalRating(subgoal_id=arranged.subgoal_ids[0], rating=2)]
        db.add(log)
    await db.commit()
    async with login_as(arranged.consultant_id) as consultant:
        row = (await consultant.get("/api/overview")).json()[0]
    assert row["ratings_unmoved_three_weeks"] is True and row["near_planned_end"] is True
    assert row["no_follow_up_date"] is True


async def test_a_rating_that_moved_is_not_a_stall(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    for n in range(3):
        log = WeeklyLog(
            placement_id=arranged.placement_id,
            week=add_weeks(THIS_WEEK, -n),
            author_id=arranged.mentor_id,
            author_role=Role.MENTOR,
            placement_hours=10,
            ordinary_hours=0,
            absence_hours=0,
        )
        log.ratings = [SubGoalRating(subgoal_id=arranged.subgoal_ids[0], rating=4 - n)]
        db.add(log)
    await db.execute(update(Placement).values(follow_up_date=dt.date.today() + dt.timedelta(days=7)))
    await db.commit()
    async with login_as(arranged.consultant_id) as consultant:
        row = (await consultant.get("/api/overview")).json()[0]
    assert row["ratings_unmoved_three_weeks"] is False and row["no_follow_up_date"] is False


async def test_other_roles_get_403(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.company_contact_id) as contact:
        assert (await contact.get("/api/overview")).status_code == 403


async def test_the_overview_uses_the_same_number_of_queries_for_3_and_for_30_placements(
    app, client, make_placement, login_as
) -> None:
    first = await make_placement()
    for _ in range(2):
        await make_placement(consultant_id=first.consultant_id)
    statements: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    async with login_as(first.consultant_id) as consultant:
        event.listen(app.state.engine.sync_engine, "before_cursor_execute", count)
        try:
            await consultant.get("/api/overview")
            small = len(statements)
            for _ in range(27):
                await make_placement(consultant_id=first.consultant_id)
            statements.clear()
            rows = (await consultant.get("/api/overview")).json()
            large = len(statements)
        finally:
            event.remove(app.state.engine.sync_engine, "before_cursor_execute", count)
    assert len(rows) == 30 and small == large


async def test_each_placement_carries_the_verdict_of_its_progress_page(
    client, db, make_placement, add_history, login_as
) -> None:
    rising, fresh = await make_placement(), await make_placement()
    await add_history(rising)
    await db.execute(
        update(Placement).where(Placement.id == fresh.placement_id).values(consultant_id=rising.consultant_id)
    )
    await db.commit()
    async with login_as(rising.consultant_id) as consultant:
        rows = {r["placement_id"]: r["recommendation"] for r in (await consultant.get("/api/overview")).json()}
        for placement_id, verdict in rows.items():
            progress = (await consultant.get(f"/api/placements/{placement_id}/progress")).json()
            assert verdict == progress["recommendation"]["verdict"]
    assert rows[str(fresh.placement_id)] == "too_early" and rows[str(rising.placement_id)] != "too_early"
