"""The weekly log through the API: one entry per week and author, clear refusals, visibility, concurrency."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import func, select

from goals.weeks import add_weeks, format_week
from placement.accounts.passwords import hash_password
from placement.db.models import AuditEvent, PlacementMember, Role, SubGoalRating, User, WeeklyLog

THIS_WEEK = format_week(dt.date.today())


def _body(arranged, rating: int = 3, **extra):  # type: ignore[no-untyped-def]
    return {"placement_hours": 12, "ordinary_hours": 2, "absence_hours": 1,
            "ratings": [{"subgoal_id": str(arranged.subgoal_ids[0]), "rating": rating, "note": "Mødte til tiden"}],
            "small_steps": "Spurgte selv en kollega om hjælp", **extra}


async def test_the_first_write_creates_and_the_next_updates_the_same_entry(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    url = f"/api/placements/{arranged.placement_id}/log/{THIS_WEEK}"
    async with login_as(arranged.company_contact_id) as contact:
        first = await contact.put(url, json=_body(arranged, 2))
        assert first.status_code == 201 and first.json()["author_role"] == "company_contact"
        second = await contact.put(url, json=_body(arranged, 4))
        assert second.status_code == 200 and second.json()["ratings"][0]["rating"] == 4
    assert await db.scalar(select(func.count()).select_from(WeeklyLog)) == 1
    assert await db.scalar(select(func.count()).select_from(SubGoalRating)) == 1


async def test_each_observer_has_their_own_entry_for_the_week(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    url = f"/api/placements/{arranged.placement_id}/log/{THIS_WEEK}"
    for user_id in (arranged.company_contact_id, arranged.mentor_id, arranged.consultant_id):
        async with login_as(user_id) as observer:
            assert (await observer.put(url, json=_body(arranged))).status_code == 201
    async with login_as(arranged.citizen_user_id) as citizen:
        roles = sorted(e["author_role"] for e in (await citizen.get(f"/api/placements/{arranged.placement_id}/log")).json())
    assert roles == ["company_contact", "consultant", "mentor"]


async def test_bad_input_gets_a_400_that_names_the_field(client, make_placement, login_as) -> None:
    arranged, other = await make_placement(), await make_placement()
    url = f"/api/placements/{arranged.placement_id}/log/{THIS_WEEK}"
    cases = [
        ({"ratings": [{"subgoal_id": str(arranged.subgoal_ids[0]), "rating": 6}]}, "ratings[0].rating"),
        ({"ratings": [{"subgoal_id": str(arranged.subgoal_ids[0]), "rating": 0}]}, "ratings[0].rating"),
        ({"ratings": [{"subgoal_id": str(arranged.subgoal_ids[0]), "rating": 3},
                      {"subgoal_id": str(other.subgoal_ids[0]), "rating": 3}]}, "ratings[1].subgoal_id"),
        ({"placement_hours": -2}, "placement_hours"),
        ({"ordinary_hours": 90}, "ordinary_hours"),
        ({"placement_hours": 60, "absence_hours": 30}, "absence_hours"),
    ]
    async with login_as(arranged.mentor_id) as mentor:
        for change, field in cases:
            response = await mentor.put(url, json={**_body(arranged), **change})
            assert response.status_code == 400, (change, response.text)
            assert response.json()["field"] == field, (change, response.json())
        malformed = await mentor.put(f"/api/placements/{arranged.placement_id}/log/2026-48", json=_body(arranged))
        assert malformed.status_code == 400 and malformed.json()["field"] == "week"


async def test_weeks_in_the_future_or_outside_the_placement_are_refused(client, make_placement, login_as) -> None:
    arranged = await make_placement(weeks=6)
    async with login_as(arranged.mentor_id) as mentor:
        base = f"/api/placements/{arranged.placement_id}/log/"
        future = await mentor.put(base + add_weeks(THIS_WEEK, 1), json=_body(arranged))
        assert future.status_code == 422 and "not happened" in future.json()["detail"]
        before = await mentor.put(base + add_weeks(THIS_WEEK, -10), json=_body(arranged))
        assert before.status_code == 422 and "before the placement started" in before.json()["detail"]


async def test_a_citizen_cannot_write_the_log_and_a_foreign_placement_is_404(client, make_placement, login_as) -> None:
    arranged, other = await make_placement(), await make_placement()
    async with login_as(arranged.citizen_user_id) as citizen:
        response = await citizen.put(f"/api/placements/{arranged.placement_id}/log/{THIS_WEEK}", json=_body(arranged))
        assert response.status_code == 403
    async with login_as(arranged.mentor_id) as mentor:
        response = await mentor.put(f"/api/placements/{other.placement_id}/log/{THIS_WEEK}", json=_body(other))
        assert response.status_code == 404


async def test_an_entry_the_consultant_keeps_internal_is_hidden_from_the_company(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        await consultant.put(f"/api/placements/{arranged.placement_id}/log/{THIS_WEEK}",
                             json=_body(arranged, shared=False, note="Intern note om helbred"))
        assert len((await consultant.get(f"/api/placements/{arranged.placement_id}/log")).json()) == 1
    async with login_as(arranged.company_contact_id) as contact:
        seen = await contact.get(f"/api/placements/{arranged.placement_id}/log")
        assert seen.json() == [] and "Intern note" not in seen.text
        refused = await contact.put(f"/api/placements/{arranged.placement_id}/log/{THIS_WEEK}",
                                    json=_body(arranged, shared=False))
        assert refused.status_code == 400 and refused.json()["field"] == "shared"


async def test_writing_and_reading_the_log_is_audited(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.mentor_id) as mentor:
        await mentor.put(f"/api/placements/{arranged.placement_id}/log/{THIS_WEEK}", json=_body(arranged))
        await mentor.get(f"/api/placements/{arranged.placement_id}/log")
    actions = set(await db.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "weekly_log",
                                                                   AuditEvent.citizen_id == arranged.citizen_id)))
    assert actions == {"write", "read"}


async def test_a_double_submitted_entry_is_stored_once(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    url = f"/api/placements/{arranged.placement_id}/log/{THIS_WEEK}"
    async with login_as(arranged.company_contact_id) as contact:
        results = await asyncio.gather(contact.put(url, json=_body(arranged)), contact.put(url, json=_body(arranged)))
    assert sorted(r.status_code for r in results) == [200, 201]
    assert await db.scalar(select(func.count()).select_from(WeeklyLog)) == 1


async def test_fifty_concurrent_writes_from_different_authors_are_all_stored(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    password_hash = await hash_password("correct-horse-battery-staple")
    mentors = [User(email=f"mentor{n}@example.dk", name=f"Mentor {n}", role=Role.MENTOR, password_hash=password_hash)
               for n in range(50)]
    db.add_all(mentors)
    await db.flush()
    db.add_all(PlacementMember(placement_id=arranged.placement_id, user_id=m.id, role=Role.MENTOR) for m in mentors)
    await db.commit()
    url = f"/api/placements/{arranged.placement_id}/log/{THIS_WEEK}"
    clients = []
    for mentor in mentors:
        context = login_as(mentor.id)
        clients.append((context, await context.__aenter__()))
    try:
        responses = await asyncio.gather(*(c.put(url, json=_body(arranged, rating=1 + n % 5))
                                           for n, (_, c) in enumerate(clients)))
    finally:
        for context, _ in clients:
            await context.__aexit__(None, None, None)
    assert [r.status_code for r in responses] == [201] * 50
    assert await db.scalar(select(func.count()).select_from(WeeklyLog)) == 50
    assert await db.scalar(select(func.count()).select_from(SubGoalRating)) == 50
