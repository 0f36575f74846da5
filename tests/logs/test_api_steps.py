"""Small steps reached, sent with a weekly entry through the API: saved with it, refused when not the placement's."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from goals.weeks import add_weeks, format_week
from placement.clock import SYSTEM_CLOCK
from placement.db.models import AuditEvent, SubGoalStep, WeeklyLog


def current_week() -> str:
    return format_week(SYSTEM_CLOCK.today())


def _body(**extra):  # type: ignore[no-untyped-def]
    return {"placement_hours": 12, "ordinary_hours": 2, "ratings": [], **extra}


async def _reached(db) -> list[tuple[object, int, str | None, str | None]]:  # type: ignore[no-untyped-def]
    rows = await db.execute(
        select(SubGoalStep.subgoal_id, SubGoalStep.position, SubGoalStep.reached_week, SubGoalStep.reached_by_role)
        .where(SubGoalStep.reached_week.is_not(None))
        .order_by(SubGoalStep.subgoal_id, SubGoalStep.position)
    )
    return [(g, p, w, r.value if r else None) for g, p, w, r in rows.all()]


async def test_steps_reached_are_saved_with_the_entry_in_its_week(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    first, second = arranged.subgoal_ids
    week = add_weeks(current_week(), -1)
    steps = [{"subgoal_id": str(first), "position": 0}, {"subgoal_id": str(second), "position": 1}]
    async with login_as(arranged.mentor_id) as mentor:
        created = await mentor.put(
            f"/api/placements/{arranged.placement_id}/log/{week}", json=_body(steps_reached=steps)
        )
        # Sent again (a retry, or the same step twice): the step keeps the week it was first reached.
        again = await mentor.put(
            f"/api/placements/{arranged.placement_id}/log/{current_week()}",
            json=_body(steps_reached=[steps[0], steps[0]]),
        )
        goals = (await mentor.get(f"/api/placements/{arranged.placement_id}/subgoals")).json()
    assert created.status_code == 201 and again.status_code == 201, (created.text, again.text)
    assert sorted(await _reached(db), key=str) == sorted(
        [(first, 0, week, "mentor"), (second, 1, week, "mentor")], key=str
    )
    shown = {(g["id"], s["position"]): s["reached_week"] for g in goals for s in g["steps"]}
    assert shown[str(first), 0] == week and shown[str(first), 1] is None and shown[str(second), 1] == week


async def test_steps_of_another_placement_or_that_do_not_exist_are_refused_naming_the_field(
    client, db, make_placement, login_as
) -> None:
    arranged, other = await make_placement(), await make_placement()
    own = str(arranged.subgoal_ids[0])
    url = f"/api/placements/{arranged.placement_id}/log/{current_week()}"
    cases = [
        ([{"subgoal_id": str(other.subgoal_ids[0]), "position": 0}], "steps_reached[0].subgoal_id"),
        (
            [{"subgoal_id": own, "position": 0}, {"subgoal_id": "not-an-id", "position": 0}],
            "steps_reached[1].subgoal_id",
        ),
        ([{"subgoal_id": own, "position": 2}], "steps_reached[0].position"),
        ([{"subgoal_id": own, "position": -1}], "steps_reached[0].position"),
    ]
    async with login_as(arranged.company_contact_id) as contact:
        for steps, field in cases:
            response = await contact.put(url, json=_body(steps_reached=steps))
            assert response.status_code == 400, (steps, response.text)
            assert response.json()["field"] == field, (steps, response.json())
        for malformed in ([{"subgoal_id": own, "position": "0"}], [{"subgoal_id": own, "position": 0, "week": "x"}]):
            response = await contact.put(url, json=_body(steps_reached=malformed))
            assert response.status_code == 400 and response.json()["field"].startswith("steps_reached"), response.text
    assert await db.scalar(select(func.count()).select_from(WeeklyLog)) == 0
    assert await _reached(db) == []


async def test_only_the_log_authors_tick_steps(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    body = _body(steps_reached=[{"subgoal_id": str(arranged.subgoal_ids[0]), "position": 0}])
    async with login_as(arranged.citizen_user_id) as citizen:
        refused = await citizen.put(f"/api/placements/{arranged.placement_id}/log/{current_week()}", json=body)
    assert refused.status_code == 403
    async with login_as(arranged.consultant_id) as consultant:
        saved = await consultant.put(f"/api/placements/{arranged.placement_id}/log/{current_week()}", json=body)
    assert saved.status_code == 201
    assert await _reached(db) == [(arranged.subgoal_ids[0], 0, current_week(), "consultant")]


async def test_two_observers_ticking_one_step_at_once_keep_the_first_and_audit_it_once(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    goal = arranged.subgoal_ids[0]
    body = _body(steps_reached=[{"subgoal_id": str(goal), "position": 0}])
    url = f"/api/placements/{arranged.placement_id}/log/{current_week()}"
    async with login_as(arranged.mentor_id) as mentor, login_as(arranged.company_contact_id) as contact:
        answers = await asyncio.gather(mentor.put(url, json=body), contact.put(url, json=body))
    assert [a.status_code for a in answers] == [201, 201], [a.text for a in answers]
    reached = await _reached(db)
    assert len(reached) == 1 and reached[0][:3] == (goal, 0, current_week())
    assert reached[0][3] in ("mentor", "company_contact")
    audited = await db.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.object_id == str(goal), AuditEvent.purpose == "small step reached")
    )
    assert audited == 1
