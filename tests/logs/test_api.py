"""The weekly log through the API: one entry per week and author, clear refusals, visibility, concurrency."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import func, select

from goals.weeks import add_weeks, format_week
from placement.clock import SYSTEM_CLOCK
from placement.db.models import AuditEvent, SubGoalRating, WeeklyLog


def current_week() -> str:
    return format_week(SYSTEM_CLOCK.today())


def _body(arranged, rating: int = 3, **extra):  # type: ignore[no-untyped-def]
    return {
        "placement_hours": 12,
        "ordinary_hours": 2,
        "absence_hours": 1,
        "ratings": [{"subgoal_id": str(arranged.subgoal_ids[0]), "rating": rating, "note": "Mødte til tiden"}],
        "small_steps": "Spurgte selv en kollega om hjælp",
        **extra,
    }


async def _count(db, model) -> int:  # type: ignore[no-untyped-def]
    return await db.scalar(select(func.count()).select_from(model))


async def test_the_first_write_creates_and_the_next_updates_the_same_entry(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    week = current_week()
    url = f"/api/placements/{arranged.placement_id}/log/{week}"
    async with login_as(arranged.company_contact_id) as contact:
        first = await contact.put(url, json=_body(arranged, 2))
        assert first.status_code == 201, first.text
        body = first.json()
        assert body["week"] == week and body["author_role"] == "company_contact" and body["version"] == 1
        assert (body["placement_hours"], body["ordinary_hours"], body["absence_hours"]) == (12, 2, 1)
        assert body["ratings"] == [{"subgoal_id": str(arranged.subgoal_ids[0]), "rating": 2, "note": "Mødte til tiden"}]
        assert body["small_steps"] == "Spurgte selv en kollega om hjælp" and body["shared"] is True
        second = await contact.put(
            url, json={**_body(arranged, 4), "ratings": [{"subgoal_id": str(arranged.subgoal_ids[1]), "rating": 4}]}
        )
        assert second.status_code == 200, second.text
        assert second.json()["id"] == body["id"] and second.json()["version"] == 2
        assert second.json()["ratings"] == [{"subgoal_id": str(arranged.subgoal_ids[1]), "rating": 4, "note": ""}]
    assert await _count(db, WeeklyLog) == 1
    assert await _count(db, SubGoalRating) == 1


async def test_each_observer_has_their_own_entry_for_the_week(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    url = f"/api/placements/{arranged.placement_id}/log/{current_week()}"
    for user_id in (arranged.company_contact_id, arranged.mentor_id, arranged.consultant_id):
        async with login_as(user_id) as observer:
            assert (await observer.put(url, json=_body(arranged))).status_code == 201
    async with login_as(arranged.citizen_user_id) as citizen:
        entries = (await citizen.get(f"/api/placements/{arranged.placement_id}/log")).json()
    assert sorted(e["author_role"] for e in entries) == ["company_contact", "consultant", "mentor"]
    assert await _count(db, WeeklyLog) == 3


async def test_the_log_lists_the_newest_week_first(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    weeks = [add_weeks(current_week(), -n) for n in (2, 0, 1)]
    async with login_as(arranged.mentor_id) as mentor:
        for week in weeks:
            await mentor.put(f"/api/placements/{arranged.placement_id}/log/{week}", json=_body(arranged))
        entries = (await mentor.get(f"/api/placements/{arranged.placement_id}/log")).json()
    assert [e["week"] for e in entries] == sorted(weeks, reverse=True)
    assert set(entries[0]) >= {
        "week",
        "author_role",
        "placement_hours",
        "ordinary_hours",
        "absence_hours",
        "ratings",
        "small_steps",
        "note",
        "version",
    }


async def test_bad_input_gets_a_400_that_names_the_field(client, db, make_placement, login_as) -> None:
    arranged, other = await make_placement(), await make_placement()
    url = f"/api/placements/{arranged.placement_id}/log/{current_week()}"
    goal, second_goal = str(arranged.subgoal_ids[0]), str(arranged.subgoal_ids[1])
    cases = [
        ({"ratings": [{"subgoal_id": goal, "rating": 6}]}, "ratings[0].rating"),
        ({"ratings": [{"subgoal_id": goal, "rating": 0}]}, "ratings[0].rating"),
        (
            {"ratings": [{"subgoal_id": goal, "rating": 3}, {"subgoal_id": second_goal, "rating": -1}]},
            "ratings[1].rating",
        ),
        (
            {"ratings": [{"subgoal_id": goal, "rating": 3}, {"subgoal_id": str(other.subgoal_ids[0]), "rating": 3}]},
            "ratings[1].subgoal_id",
        ),
        (
            {"ratings": [{"subgoal_id": goal, "rating": 3}, {"subgoal_id": "not-an-id", "rating": 3}]},
            "ratings[1].subgoal_id",
        ),
        ({"ratings": [{"subgoal_id": goal, "rating": 3}, {"subgoal_id": goal, "rating": 4}]}, "ratings[1].subgoal_id"),
        ({"ratings": [{"subgoal_id": goal, "rating": 3, "note": "x" * 501}]}, "ratings[0].note"),
        ({"placement_hours": -2}, "placement_hours"),
        ({"placement_hours": 81}, "placement_hours"),
        ({"ordinary_hours": 90}, "ordinary_hours"),
        ({"absence_hours": -0.5}, "absence_hours"),
        ({"placement_hours": 60, "absence_hours": 30}, "placement_hours"),
        ({"small_steps": "x" * 4001}, "small_steps"),
    ]
    async with login_as(arranged.mentor_id) as mentor:
        for change, field in cases:
            response = await mentor.put(url, json={**_body(arranged), **change})
            assert response.status_code == 400, (change, response.text)
            assert response.json()["field"] == field, (change, response.json())
        for week in ("2026-48", "2026-W54", "2025-W53", "W48-2026", "2026-W4８"):
            malformed = await mentor.put(f"/api/placements/{arranged.placement_id}/log/{week}", json=_body(arranged))
            assert malformed.status_code == 400 and malformed.json()["field"] == "week", (week, malformed.text)
        wrong_type = await mentor.put(
            url, json={**_body(arranged), "ratings": [{"subgoal_id": goal, "rating": "good"}]}
        )
        assert wrong_type.status_code == 400 and "rating" in wrong_type.json()["field"], wrong_type.text
    assert await _count(db, WeeklyLog) == 0


async def test_weeks_in_the_future_or_before_the_start_are_refused(client, make_placement, login_as) -> None:
    arranged = await make_placement(weeks=6)
    base = f"/api/placements/{arranged.placement_id}/log/"
    async with login_as(arranged.mentor_id) as mentor:
        future = await mentor.put(base + add_weeks(current_week(), 1), json=_body(arranged))
        assert future.status_code == 422 and "not happened" in future.json()["detail"]
        assert future.json()["field"] == "week"
        before = await mentor.put(base + add_weeks(current_week(), -10), json=_body(arranged))
        assert before.status_code == 422 and "before the placement started" in before.json()["detail"]


async def test_the_last_weeks_can_be_logged_during_the_grace_period_and_not_after(
    client, settings, make_placement, login_as
) -> None:
    # Started ten weeks ago and planned for six: its last week lies about four weeks back.
    start = dt.date.today() - dt.timedelta(weeks=10)
    arranged = await make_placement(start=start, weeks=6)
    last_week = format_week(start + dt.timedelta(weeks=6, days=-1))
    base = f"/api/placements/{arranged.placement_id}/log/"
    async with login_as(arranged.mentor_id) as mentor:
        within = await mentor.put(base + add_weeks(last_week, settings.log_grace_weeks), json=_body(arranged))
        assert within.status_code == 201, within.text
        after = await mentor.put(base + add_weeks(last_week, settings.log_grace_weeks + 1), json=_body(arranged))
        assert after.status_code == 422 and "after the placement's end" in after.json()["detail"]


async def test_a_citizen_cannot_write_the_log_and_a_foreign_placement_is_404(
    client, make_placement, make_user, login_as
) -> None:
    arranged, other = await make_placement(), await make_placement()
    url = f"/api/placements/{arranged.placement_id}/log/{current_week()}"
    async with login_as(arranged.citizen_user_id) as citizen:
        assert (await citizen.put(url, json=_body(arranged))).status_code == 403
    leader = await make_user("leader")
    async with login_as(leader.id) as leading:
        assert (await leading.put(url, json=_body(arranged))).status_code == 403
    async with login_as(arranged.mentor_id) as mentor:
        foreign = await mentor.put(f"/api/placements/{other.placement_id}/log/{current_week()}", json=_body(other))
        missing = await mentor.put(
            f"/api/placements/0192d5d6-0000-7000-8000-000000000000/log/{current_week()}", json=_body(other)
        )
        assert foreign.status_code == missing.status_code == 404
        assert foreign.json() == missing.json()
        assert (await mentor.get(f"/api/placements/{other.placement_id}/log")).status_code == 404


async def test_an_entry_the_consultant_keeps_internal_is_hidden_from_the_other_parties(
    client, make_placement, login_as
) -> None:
    arranged = await make_placement()
    url = f"/api/placements/{arranged.placement_id}/log"
    async with login_as(arranged.consultant_id) as consultant:
        internal = await consultant.put(
            f"{url}/{current_week()}", json=_body(arranged, shared=False, note="Intern note om helbred")
        )
        assert internal.status_code == 201 and internal.json()["shared"] is False
        assert len((await consultant.get(url)).json()) == 1
    async with login_as(arranged.mentor_id) as mentor:
        await mentor.put(f"{url}/{current_week()}", json=_body(arranged))
    for party in (arranged.company_contact_id, arranged.mentor_id, arranged.citizen_user_id):
        async with login_as(party) as reader:
            seen = await reader.get(url)
            assert [e["author_role"] for e in seen.json()] == ["mentor"] and "Intern note" not in seen.text
    async with login_as(arranged.company_contact_id) as contact:
        refused = await contact.put(f"{url}/{current_week()}", json=_body(arranged, shared=False))
        assert refused.status_code == 400 and refused.json()["field"] == "shared"


async def test_writing_and_reading_the_log_is_audited(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.mentor_id) as mentor:
        written = await mentor.put(
            f"/api/placements/{arranged.placement_id}/log/{current_week()}", json=_body(arranged)
        )
        await mentor.get(f"/api/placements/{arranged.placement_id}/log")
    rows = (
        await db.execute(
            select(AuditEvent.action, AuditEvent.object_id, AuditEvent.actor_id).where(
                AuditEvent.object_type == "weekly_log", AuditEvent.citizen_id == arranged.citizen_id
            )
        )
    ).all()
    assert {r.action for r in rows} == {"write", "read"}
    assert all(r.actor_id == arranged.mentor_id for r in rows)
    assert next(r.object_id for r in rows if r.action == "write") == written.json()["id"]


async def test_a_double_submitted_entry_is_stored_once(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    url = f"/api/placements/{arranged.placement_id}/log/{current_week()}"
    async with login_as(arranged.company_contact_id) as contact:
        results = await asyncio.gather(contact.put(url, json=_body(arranged)), contact.put(url, json=_body(arranged)))
    assert sorted(r.status_code for r in results) == [200, 201]
    assert await _count(db, WeeklyLog) == 1
    assert await _count(db, SubGoalRating) == 1


async def test_concurrent_updates_of_one_entry_take_turns_and_all_succeed(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    url = f"/api/placements/{arranged.placement_id}/log/{current_week()}"
    async with login_as(arranged.mentor_id) as mentor:
        assert (await mentor.put(url, json=_body(arranged))).status_code == 201
        results = await asyncio.gather(*(mentor.put(url, json=_body(arranged, rating=1 + n % 5)) for n in range(10)))
        assert [r.status_code for r in results] == [200] * 10, [r.text for r in results if r.status_code != 200]
        assert sorted(r.json()["version"] for r in results) == list(range(2, 12))
    assert await _count(db, WeeklyLog) == 1
    assert await _count(db, SubGoalRating) == 1


async def test_fifty_concurrent_writes_from_different_authors_are_all_stored(
    client, db, make_placement, extra_authors
) -> None:
    arranged = await make_placement()
    authors = await extra_authors(arranged.placement_id, 50)
    url = f"/api/placements/{arranged.placement_id}/log/{current_week()}"
    responses = await asyncio.gather(
        *(author.put(url, json=_body(arranged, rating=1 + n % 5)) for n, author in enumerate(authors))
    )
    assert [r.status_code for r in responses] == [201] * 50, [r.text for r in responses if r.status_code != 201]
    assert await _count(db, WeeklyLog) == 50
    assert await _count(db, SubGoalRating) == 50
    stored = dict(
        (
            await db.execute(
                select(WeeklyLog.id, func.count(SubGoalRating.id)).join(SubGoalRating).group_by(WeeklyLog.id)
            )
        ).all()
    )
    assert len(stored) == 50 and set(stored.values()) == {1}
