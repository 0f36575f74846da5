"""Placements and sub-goals through the public API: planning, validation, versions, scope and audit."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from goals.weeks import add_weeks, format_week
from placement.db.models import AuditEvent, ConsultantAssignment

START = dt.date(2026, 11, 2)


async def _planned(client) -> dict:  # type: ignore[no-untyped-def,type-arg]
    company = (await client.post("/api/companies", json={"name": "Lager A/S", "cvr": "10150817"})).json()
    citizen = (await client.post("/api/citizens", json={"name": "Sara Jensen", "case_ref": "SAG-1",
                                                        "target_group": "aktivitetsparat"})).json()
    first = format_week(START)
    body = {
        "citizen_id": citizen["id"], "company_id": company["id"], "purpose": "Optrapning mod ordinære timer",
        "start_date": START.isoformat(), "planned_end_date": (START + dt.timedelta(weeks=13, days=-1)).isoformat(),
        "weekly_plan": [{"week": add_weeks(first, n), "placement_hours": 10 + 2 * n,
                         "ordinary_hours_target": max(0, n - 6)} for n in range(13)],
    }
    response = await client.post("/api/placements", json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_consultant_plans_a_placement_with_a_rising_hours_plan(client, db, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    placement = await _planned(client)
    assert placement["version"] == 1 and placement["status"] == "planned"
    assert placement["consultant"]["id"] == str(consultant.id)
    hours = [w["placement_hours"] for w in placement["weekly_plan"]]
    assert hours == sorted(hours) and hours[-1] == 34
    assert await db.scalar(select(func.count()).select_from(ConsultantAssignment)) == 1
    listed = (await client.get("/api/placements")).json()
    assert [p["id"] for p in listed] == [placement["id"]]


async def test_a_stale_edit_gets_409_and_a_fresh_one_a_new_version(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    placement = await _planned(client)
    url = f"/api/placements/{placement['id']}"
    first = await client.patch(url, json={"purpose": "Afklaring"}, headers={"If-Match": "1"})
    assert first.status_code == 200 and first.json()["version"] == 2
    stale = await client.patch(url, json={"purpose": "Noget andet"}, headers={"If-Match": "1"})
    assert stale.status_code == 409 and "version" in stale.json()["detail"]
    assert (await client.get(url)).json()["purpose"] == "Afklaring"


async def test_plan_validation_names_the_field(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    company = (await client.post("/api/companies", json={"name": "L", "cvr": "10150817"})).json()
    citizen = (await client.post("/api/citizens", json={"name": "S", "case_ref": "S-1", "target_group": "x"})).json()
    base = {"citizen_id": citizen["id"], "company_id": company["id"], "purpose": "P",
            "start_date": "2026-11-02", "planned_end_date": "2027-01-31"}
    cases = [
        ({"weekly_plan": [{"week": "2026-48", "placement_hours": 10}]}, "weekly_plan[0].week"),
        ({"weekly_plan": [{"week": "2027-W20", "placement_hours": 10}]}, "weekly_plan[0].week"),
        ({"weekly_plan": [{"week": "2026-W46", "placement_hours": -1}]}, "weekly_plan[0].placement_hours"),
        ({"weekly_plan": [{"week": "2026-W46", "placement_hours": 8}, {"week": "2026-W46", "placement_hours": 9}]},
         "weekly_plan[1].week"),
        ({"planned_end_date": "2026-10-01"}, "planned_end_date"),
    ]
    for change, field in cases:
        response = await client.post("/api/placements", json={**base, **change})
        assert response.status_code == 400, (change, response.text)
        assert response.json()["field"] == field, (change, response.json())


async def test_sub_goals_take_factors_a_to_e_only(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    placement = await _planned(client)
    url = f"/api/placements/{placement['id']}/subgoals"
    ok = await client.post(url, json={"factor": "D", "title": "Spørger en kollega", "target": "Spørger selv om hjælp",
                                      "horizon": "short", "steps": ["Hilser", "Spørger om én ting"]})
    assert ok.status_code == 201 and [s["text"] for s in ok.json()["steps"]] == ["Hilser", "Spørger om én ting"]
    for factor in ("F", "G"):
        bad = await client.post(url, json={"factor": factor, "title": "t", "target": "t", "horizon": "short"})
        assert bad.status_code == 400 and bad.json()["field"] == "factor"
    bad_horizon = await client.post(url, json={"factor": "A", "title": "t", "target": "t", "horizon": "medium"})
    assert bad_horizon.json()["field"] == "horizon"


async def test_a_sub_goal_of_another_placement_is_not_found(client, make_placement, login_as) -> None:
    mine, other = await make_placement(), await make_placement(subgoals=1)
    async with login_as(mine.consultant_id) as consultant:
        response = await consultant.patch(f"/api/placements/{mine.placement_id}/subgoals/{other.subgoal_ids[0]}",
                                          json={"title": "x"}, headers={"If-Match": "1"})
        assert response.status_code == 404


async def test_another_consultant_gets_the_same_404_as_for_a_missing_id(client, make_placement, login_as) -> None:
    arranged, other = await make_placement(), await make_placement()
    async with login_as(other.consultant_id) as stranger:
        foreign = await stranger.get(f"/api/placements/{arranged.placement_id}")
        missing = await stranger.get("/api/placements/00000000-0000-0000-0000-000000000000")
        assert foreign.status_code == missing.status_code == 404 and foreign.json() == missing.json()


async def test_the_company_contact_reads_but_may_not_edit(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.company_contact_id) as contact:
        assert (await contact.get(f"/api/placements/{arranged.placement_id}")).status_code == 200
        edit = await contact.patch(f"/api/placements/{arranged.placement_id}", json={"purpose": "x"},
                                   headers={"If-Match": "1"})
        assert edit.status_code == 403


async def test_ending_records_the_decision_and_its_reason(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        decided = await consultant.post(f"/api/placements/{arranged.placement_id}/decisions",
                                        json={"decision": "end", "reason": "Ordinær ansættelse 15 timer"})
        assert decided.status_code == 201
        placement = (await consultant.get(f"/api/placements/{arranged.placement_id}")).json()
        assert placement["status"] == "ended" and placement["ended_on"] == dt.date.today().isoformat()


async def test_every_read_of_a_placement_is_audited(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.mentor_id) as mentor:
        await mentor.get(f"/api/placements/{arranged.placement_id}")
    rows = (await db.execute(select(AuditEvent.actor_role, AuditEvent.citizen_id)
                             .where(AuditEvent.action == "read", AuditEvent.object_type == "placement"))).all()
    assert [(r.actor_role, r.citizen_id) for r in rows] == [("mentor", arranged.citizen_id)]


async def test_a_small_step_is_marked_reached_by_the_company_contact(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    week = format_week(dt.date.today())
    async with login_as(arranged.company_contact_id) as contact:
        response = await contact.post(
            f"/api/placements/{arranged.placement_id}/subgoals/{arranged.subgoal_ids[0]}/steps/0/reached",
            json={"week": week})
        assert response.status_code == 200
        assert response.json()["steps"][0] == {"position": 0, "text": "Første skridt", "reached_week": week,
                                               "reached_by_role": "company_contact"}
