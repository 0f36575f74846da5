"""placement_fact stays current: after every write path its row equals a recomputation from the base tables."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select

from goals.weeks import format_week
from placement.db import fact_rows
from placement.db.models import Outcome, OutcomeCheckpoint, OutcomeStatus, PlacementFact, PlacementWeekFact, Role

TODAY = dt.date.today()
WEEK = format_week(TODAY)


async def _stored(db, placement_id: uuid.UUID) -> tuple[dict[str, Any], list[dict[str, Any]]]:  # type: ignore[no-untyped-def]
    db.expire_all()
    fact = (await db.execute(select(PlacementFact.__table__).where(PlacementFact.placement_id == placement_id))).one()
    weeks = (
        await db.execute(
            select(PlacementWeekFact.__table__)
            .where(PlacementWeekFact.placement_id == placement_id)
            .order_by(PlacementWeekFact.week_index)
        )
    ).all()
    return dict(fact._mapping), [dict(row._mapping) for row in weeks]


async def _matches_recomputation(db, placement_id: uuid.UUID) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    stored, stored_weeks = await _stored(db, placement_id)
    computed, computed_weeks = await db.run_sync(lambda session: fact_rows.compute(session, [placement_id]))
    assert stored == {key: _plain(value) for key, value in computed[0].items()}
    assert stored_weeks == sorted(computed_weeks, key=lambda row: row["week_index"])
    await db.rollback()
    return stored


def _plain(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value


async def test_a_weekly_log_updates_the_facts(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    before = await _matches_recomputation(db, arranged.placement_id)
    assert before["weeks_logged"] == 0 and before["subgoals_reached"] == 0
    async with login_as(arranged.company_contact_id) as contact:
        response = await contact.put(
            f"/api/placements/{arranged.placement_id}/log/{WEEK}",
            json={
                "placement_hours": 12,
                "ordinary_hours": 4,
                "ratings": [{"subgoal_id": str(arranged.subgoal_ids[0]), "rating": 5}],
            },
        )
        assert response.status_code in (200, 201), response.text
        after = await _matches_recomputation(db, arranged.placement_id)
        assert after["weeks_logged"] == 1 and after["subgoals_reached"] == 1 and after["last_ordinary_hours"] == 4
        # Writing the same week again replaces the ratings: the sub-goal is no longer reached.
        response = await contact.put(
            f"/api/placements/{arranged.placement_id}/log/{WEEK}",
            json={
                "placement_hours": 12,
                "ordinary_hours": 2,
                "ratings": [{"subgoal_id": str(arranged.subgoal_ids[0]), "rating": 3}],
            },
        )
        assert response.status_code == 200, response.text
    again = await _matches_recomputation(db, arranged.placement_id)
    assert again["subgoals_reached"] == 0 and again["last_ordinary_hours"] == 2 and again["weeks_logged"] == 1


async def test_self_assessments_and_the_caseworker_rating_update_the_changes(client, db, make_placement, login_as):
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        for day, value in ((TODAY - dt.timedelta(days=14), 2), (TODAY, 4)):
            response = await consultant.post(
                f"/api/placements/{arranged.placement_id}/assessments",
                json={"date": day.isoformat(), "answers": {"A1": value, "C2": 3}},
            )
            assert response.status_code == 201, response.text
            response = await consultant.post(
                f"/api/placements/{arranged.placement_id}/caseworker-assessments",
                json={"date": day.isoformat(), "score": value + 1, "reason": "Møder stabilt"},
            )
            assert response.status_code == 201, response.text
    stored = await _matches_recomputation(db, arranged.placement_id)
    assert (
        stored["change_a"] == 2 and stored["change_c"] == 0 and stored["change_f"] == 2 and stored["change_b"] is None
    )


async def test_a_plan_edit_and_a_follow_up_date_update_the_facts(client, db, make_placement, login_as):
    arranged = await make_placement(weeks=13)
    assert (await _matches_recomputation(db, arranged.placement_id))["length_band"] == "9-13"
    start = (await _stored(db, arranged.placement_id))[0]["start_date"]
    async with login_as(arranged.consultant_id) as consultant:
        response = await consultant.patch(
            f"/api/placements/{arranged.placement_id}",
            headers={"If-Match": "1"},
            json={
                "planned_end_date": (start + dt.timedelta(weeks=20)).isoformat(),
                "follow_up_date": TODAY.isoformat(),
            },
        )
        assert response.status_code == 200, response.text
    stored = await _matches_recomputation(db, arranged.placement_id)
    assert stored["length_band"] == "14-26" and stored["has_follow_up"] is True


async def test_a_decision_and_a_new_subgoal_update_the_facts(client, db, make_placement, login_as):
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        response = await consultant.post(
            f"/api/placements/{arranged.placement_id}/subgoals",
            json={"factor": "E", "title": "Kontakter mentor", "target": "Skriver selv", "horizon": "short"},
        )
        assert response.status_code == 201, response.text
        response = await consultant.post(
            f"/api/placements/{arranged.placement_id}/decisions", json={"decision": "continue", "reason": "Godt"}
        )
        assert response.status_code == 201, response.text
    stored = await _matches_recomputation(db, arranged.placement_id)
    assert stored["subgoals"] == 3 and stored["subgoal_e"] is True and stored["has_follow_up"] is True


async def test_a_citizens_target_group_and_a_handover_update_the_facts(client, db, make_placement, make_user, login_as):
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        response = await consultant.patch(
            f"/api/citizens/{arranged.citizen_id}", headers={"If-Match": "1"}, json={"target_group": "jobparat"}
        )
        assert response.status_code == 200, response.text
    assert (await _matches_recomputation(db, arranged.placement_id))["target_group"] == "jobparat"
    admin_id, successor_id = (await make_user("admin")).id, (await make_user("consultant")).id
    async with login_as(admin_id) as person:
        response = await person.post(
            "/api/admin/handover",
            json={"from_consultant_id": str(arranged.consultant_id), "to_consultant_id": str(successor_id)},
        )
        assert response.status_code == 200, response.text
    assert (await _matches_recomputation(db, arranged.placement_id))["consultant_id"] == successor_id


async def test_an_outcome_updates_the_facts(db, make_placement):
    arranged = await make_placement(start=TODAY - dt.timedelta(weeks=30), weeks=13)
    db.add(
        Outcome(
            placement_id=arranged.placement_id,
            checkpoint=OutcomeCheckpoint.THREE_MONTHS,
            status=OutcomeStatus.EDUCATION,
            observed_on=TODAY,
            recorded_by_id=arranged.consultant_id,
        )
    )
    await db.commit()
    assert (await _matches_recomputation(db, arranged.placement_id))["outcome_3m"] == "education"
    outcome = await db.scalar(select(Outcome).where(Outcome.placement_id == arranged.placement_id))
    outcome.status = OutcomeStatus.ORDINARY_JOB
    await db.commit()
    assert (await _matches_recomputation(db, arranged.placement_id))["outcome_3m"] == "ordinary_job"


async def test_a_refused_write_leaves_the_facts_as_they_were(client, db, make_placement, login_as):
    arranged = await make_placement()
    before = await _matches_recomputation(db, arranged.placement_id)
    async with login_as(arranged.company_contact_id) as contact:
        response = await contact.put(
            f"/api/placements/{arranged.placement_id}/log/{WEEK}",
            json={"placement_hours": 500, "ratings": [{"subgoal_id": str(arranged.subgoal_ids[0]), "rating": 5}]},
        )
        assert response.status_code in (400, 422)
    assert await _matches_recomputation(db, arranged.placement_id) == before


async def test_weeks_are_summed_by_their_place_in_the_placement(db, make_placement):
    arranged = await make_placement(start=TODAY - dt.timedelta(weeks=2))
    from placement.db.models import WeeklyLog

    db.add(
        WeeklyLog(
            placement_id=arranged.placement_id,
            week=WEEK,
            author_id=arranged.mentor_id,
            author_role=Role.MENTOR,
            placement_hours=9,
            ordinary_hours=3,
        )
    )
    await db.commit()
    _, weeks = await _stored(db, arranged.placement_id)
    logged = [row for row in weeks if row["ordinary_hours"] is not None]
    assert [(row["week_index"], row["ordinary_hours"], row["placement_hours"]) for row in logged] == [(3, 3.0, 9.0)]


async def test_concurrent_writers_to_one_placement_leave_the_facts_whole(client, db, make_placement, extra_authors):
    """Ten mentors log at once (PostgreSQL runs them side by side): no write is lost from the facts, none fails."""
    import asyncio

    from goals.weeks import add_weeks

    arranged = await make_placement(start=TODAY - dt.timedelta(weeks=3))
    authors = await extra_authors(arranged.placement_id, 10)
    weeks = [WEEK, add_weeks(WEEK, -1)]
    responses = await asyncio.gather(
        *(
            author.put(
                f"/api/placements/{arranged.placement_id}/log/{weeks[n % 2]}",
                json={
                    "placement_hours": 10 + n,
                    "ordinary_hours": n,
                    "ratings": [{"subgoal_id": str(arranged.subgoal_ids[0]), "rating": 1 + n % 5}],
                },
            )
            for n, author in enumerate(authors)
        )
    )
    assert [r.status_code for r in responses] == [201] * 10, [r.text for r in responses if r.status_code != 201]
    stored = await _matches_recomputation(db, arranged.placement_id)
    assert stored["weeks_logged"] == 2
