"""Placements and sub-goals through the public API: planning, validation, versions, scope and audit."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import func, select

from goals.weeks import add_weeks, format_week
from placement.clock import SYSTEM_CLOCK
from placement.db.models import AuditEvent, ConsultantAssignment

START = dt.date(2026, 11, 2)


async def _planned(client) -> dict:  # type: ignore[no-untyped-def,type-arg]
    company = (await client.post("/api/companies", json={"name": "Lager A/S", "cvr": "10150817"})).json()
    citizen = (
        await client.post(
            "/api/citizens", json={"name": "Sara Jensen", "case_ref": "SAG-1", "target_group": "aktivitetsparat"}
        )
    ).json()
    first = format_week(START)
    body = {
        "citizen_id": citizen["id"],
        "company_id": company["id"],
        "purpose": "Optrapning mod ordinære timer",
        "tasks": "Pakke ordrer på lageret",
        "contact_person": "Jens Lager",
        "start_date": START.isoformat(),
        "planned_end_date": (START + dt.timedelta(weeks=13, days=-1)).isoformat(),
        "weekly_plan": [
            {"week": add_weeks(first, n), "placement_hours": 10 + 2 * n, "ordinary_hours_target": max(0, n - 6)}
            for n in range(13)
        ],
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
    citizen = (
        await client.post("/api/citizens", json={"name": "S", "case_ref": "S-1", "target_group": "jobparat"})
    ).json()
    base = {
        "citizen_id": citizen["id"],
        "company_id": company["id"],
        "purpose": "P",
        "start_date": "2026-11-02",
        "planned_end_date": "2027-01-31",
    }
    cases = [
        ({"weekly_plan": [{"week": "2026-48", "placement_hours": 10}]}, "weekly_plan[0].week"),
        ({"weekly_plan": [{"week": "2027-W20", "placement_hours": 10}]}, "weekly_plan[0].week"),
        ({"weekly_plan": [{"week": "2026-W46", "placement_hours": -1}]}, "weekly_plan[0].placement_hours"),
        (
            {"weekly_plan": [{"week": "2026-W46", "placement_hours": 8}, {"week": "2026-W46", "placement_hours": 9}]},
            "weekly_plan[1].week",
        ),
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
    ok = await client.post(
        url,
        json={
            "factor": "D",
            "title": "Spørger en kollega",
            "target": "Spørger selv om hjælp",
            "horizon": "short",
            "steps": ["Hilser", "Spørger om én ting"],
        },
    )
    assert ok.status_code == 201 and [s["text"] for s in ok.json()["steps"]] == ["Hilser", "Spørger om én ting"]
    for factor in ("F", "G"):
        bad = await client.post(url, json={"factor": factor, "title": "t", "target": "t", "horizon": "short"})
        assert bad.status_code == 400 and bad.json()["field"] == "factor"
    bad_horizon = await client.post(url, json={"factor": "A", "title": "t", "target": "t", "horizon": "medium"})
    assert bad_horizon.json()["field"] == "horizon"


async def test_a_sub_goal_of_another_placement_is_not_found(client, make_placement, login_as) -> None:
    mine, other = await make_placement(), await make_placement(subgoals=1)
    async with login_as(mine.consultant_id) as consultant:
        response = await consultant.patch(
            f"/api/placements/{mine.placement_id}/subgoals/{other.subgoal_ids[0]}",
            json={"title": "x"},
            headers={"If-Match": "1"},
        )
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
        edit = await contact.patch(
            f"/api/placements/{arranged.placement_id}", json={"purpose": "x"}, headers={"If-Match": "1"}
        )
        assert edit.status_code == 403


async def test_ending_records_the_decision_and_its_reason(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        decided = await consultant.post(
            f"/api/placements/{arranged.placement_id}/decisions",
            json={"decision": "end", "reason": "Ordinær ansættelse 15 timer"},
        )
        assert decided.status_code == 201
        placement = (await consultant.get(f"/api/placements/{arranged.placement_id}")).json()
        assert placement["status"] == "ended" and placement["ended_on"] == SYSTEM_CLOCK.today().isoformat()


async def test_every_read_of_a_placement_is_audited(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.mentor_id) as mentor:
        await mentor.get(f"/api/placements/{arranged.placement_id}")
    rows = (
        await db.execute(
            select(AuditEvent.actor_role, AuditEvent.citizen_id).where(
                AuditEvent.action == "read", AuditEvent.object_type == "placement"
            )
        )
    ).all()
    assert [(r.actor_role, r.citizen_id) for r in rows] == [("mentor", arranged.citizen_id)]


async def test_a_small_step_is_marked_reached_by_the_company_contact(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    week = format_week(dt.date.today())
    async with login_as(arranged.company_contact_id) as contact:
        response = await contact.post(
            f"/api/placements/{arranged.placement_id}/subgoals/{arranged.subgoal_ids[0]}/steps/0/reached",
            json={"week": week},
        )
        assert response.status_code == 200
        assert response.json()["steps"][0] == {
            "position": 0,
            "text": "Første skridt",
            "reached_week": week,
            "reached_by_role": "company_contact",
        }


async def test_an_edit_without_if_match_is_refused_and_names_the_header(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    placement = await _planned(client)
    response = await client.patch(f"/api/placements/{placement['id']}", json={"purpose": "x"})
    assert response.status_code == 428 and response.json()["field"] == "If-Match"


async def test_a_stale_edit_says_the_current_version_and_which_fields_differ(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    placement = await _planned(client)
    url = f"/api/placements/{placement['id']}"
    await client.patch(url, json={"mentor_name": "Mette"}, headers={"If-Match": "1"})
    stale = await client.patch(
        url, json={"mentor_name": "Mads", "purpose": placement["purpose"]}, headers={"If-Match": "1"}
    )
    assert stale.status_code == 409
    detail = stale.json()["detail"]
    assert "it is now version 2" in detail and "mentor_name" in detail and "purpose" not in detail.split("(")[1]


async def test_a_placement_goes_from_planned_to_active_and_ends_only_by_a_decision(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    placement = await _planned(client)
    url = f"/api/placements/{placement['id']}"
    ended = await client.patch(url, json={"status": "ended"}, headers={"If-Match": "1"})
    assert ended.status_code == 422 and ended.json()["field"] == "status"
    active = await client.patch(url, json={"status": "active"}, headers={"If-Match": "1"})
    assert active.status_code == 200 and active.json()["status"] == "active"
    back = await client.patch(url, json={"status": "planned"}, headers={"If-Match": "2"})
    assert back.status_code == 422
    await client.post(f"{url}/decisions", json={"decision": "end", "reason": "Ordinært job"})
    after = await client.patch(url, json={"purpose": "x"}, headers={"If-Match": "3"})
    assert after.status_code == 422


async def test_extending_moves_the_planned_end_and_adds_weeks_at_the_last_weeks_hours(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    placement = await _planned(client)
    url = f"/api/placements/{placement['id']}/decisions"
    too_early = await client.post(url, json={"decision": "extend", "reason": "r", "planned_end_date": "2026-12-01"})
    assert too_early.status_code == 400 and too_early.json()["field"] == "planned_end_date"
    new_end = (START + dt.timedelta(weeks=15, days=-1)).isoformat()
    assert (
        await client.post(
            url, json={"decision": "extend", "reason": "Tæt på ordinære timer", "planned_end_date": new_end}
        )
    ).status_code == 201
    after = (await client.get(f"/api/placements/{placement['id']}")).json()
    assert after["planned_end_date"] == new_end and after["version"] == 2
    assert [(w["placement_hours"], w["ordinary_hours_target"]) for w in after["weekly_plan"][-3:]] == [(34, 6)] * 3
    decisions = (await client.get(url)).json()
    assert [(d["decision"], d["reason"]) for d in decisions] == [("extend", "Tæt på ordinære timer")]


async def test_extending_through_an_edit_takes_a_later_end_and_more_plan_weeks(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    placement = await _planned(client)
    url = f"/api/placements/{placement['id']}"
    plan = placement["weekly_plan"] + [
        {"week": add_weeks(placement["weekly_plan"][-1]["week"], 1), "placement_hours": 37, "ordinary_hours_target": 10}
    ]
    outside = await client.patch(url, json={"weekly_plan": plan}, headers={"If-Match": "1"})
    assert outside.status_code == 400 and outside.json()["field"] == "weekly_plan[13].week"
    new_end = (START + dt.timedelta(weeks=14, days=-1)).isoformat()
    extended = await client.patch(
        url, json={"planned_end_date": new_end, "weekly_plan": plan}, headers={"If-Match": "1"}
    )
    assert extended.status_code == 200 and len(extended.json()["weekly_plan"]) == 14
    shorter = await client.patch(url, json={"planned_end_date": START.isoformat()}, headers={"If-Match": "2"})
    assert shorter.status_code == 400 and shorter.json()["field"] == "planned_end_date"


async def test_unknown_citizen_or_company_ids_are_refused_by_name(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    placement = await _planned(client)
    body = {
        "citizen_id": placement["citizen"]["id"],
        "company_id": placement["company"]["id"],
        "purpose": "P",
        "start_date": "2026-11-02",
        "planned_end_date": "2026-11-30",
    }
    for field, value in (("citizen_id", "00000000-0000-0000-0000-000000000000"), ("company_id", "not-an-id")):
        response = await client.post("/api/placements", json={**body, field: value})
        assert response.status_code == 400 and response.json()["field"] == field


async def test_listing_placements_writes_one_audit_row_per_citizen_shown(client, db, make_placement, login_as) -> None:
    consultant_id = (await make_placement()).consultant_id
    await make_placement(consultant_id=consultant_id)
    await make_placement()
    async with login_as(consultant_id) as consultant:
        assert len((await consultant.get("/api/placements")).json()) == 2
    rows = await db.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "list", AuditEvent.object_type == "placement", AuditEvent.actor_id == consultant_id)
    )
    assert rows == 2


async def test_reading_sub_goals_and_a_placement_each_leave_an_audit_row(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.citizen_user_id) as citizen:
        await citizen.get(f"/api/placements/{arranged.placement_id}/subgoals")
        await citizen.get(f"/api/placements/{arranged.placement_id}")
    rows = (
        (
            await db.execute(
                select(AuditEvent.object_type).where(
                    AuditEvent.actor_id == arranged.citizen_user_id, AuditEvent.action == "read"
                )
            )
        )
        .scalars()
        .all()
    )
    assert sorted(rows) == ["placement", "subgoal"]


async def test_the_company_contact_may_not_add_sub_goals_or_decide(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.company_contact_id) as contact:
        url = f"/api/placements/{arranged.placement_id}"
        goal = await contact.post(
            f"{url}/subgoals", json={"factor": "A", "title": "t", "target": "t", "horizon": "short"}
        )
        decide = await contact.post(f"{url}/decisions", json={"decision": "end", "reason": "r"})
        assert goal.status_code == decide.status_code == 403


async def test_a_small_step_takes_a_week_of_the_placement_up_to_this_week_and_keeps_the_first_observer(
    client, make_placement, login_as
) -> None:
    arranged = await make_placement()
    url = f"/api/placements/{arranged.placement_id}/subgoals/{arranged.subgoal_ids[0]}/steps/1/reached"
    this_week = format_week(SYSTEM_CLOCK.today())
    async with login_as(arranged.mentor_id) as mentor:
        for week in ("2026-48", add_weeks(this_week, 1), "2020-W10"):
            bad = await mentor.post(url, json={"week": week})
            assert bad.status_code == 400 and bad.json()["field"] == "week", week
        assert (await mentor.post(url, json={"week": this_week})).json()["steps"][1]["reached_by_role"] == "mentor"
    async with login_as(arranged.consultant_id) as consultant:
        again = await consultant.post(url, json={"week": this_week})
        assert again.json()["steps"][1]["reached_by_role"] == "mentor"
    async with login_as(arranged.citizen_user_id) as citizen:
        assert (await citizen.post(url, json={"week": this_week})).status_code == 403


async def test_a_sub_goal_edit_needs_its_current_version(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    url = f"/api/placements/{arranged.placement_id}/subgoals/{arranged.subgoal_ids[0]}"
    async with login_as(arranged.consultant_id) as consultant:
        first = await consultant.patch(
            url, json={"target": "Møder til tiden fem dage i træk"}, headers={"If-Match": "1"}
        )
        assert first.status_code == 200 and first.json()["version"] == 2
        stale = await consultant.patch(url, json={"title": "Andet"}, headers={"If-Match": "1"})
        assert stale.status_code == 409 and "version 2" in stale.json()["detail"]


async def test_the_sub_goal_library_has_examples_for_every_factor_a_to_e(client, make_user, login) -> None:
    mentor = await make_user("mentor")
    await login(client, mentor.email)
    library = (await client.get("/api/subgoal-library")).json()
    assert [f["code"] for f in library["factors"]] == ["A", "B", "C", "D", "E"]
    assert all(4 <= len(f["examples"]) <= 6 for f in library["factors"])
    example = library["factors"][3]["examples"][0]
    assert set(example) == {"id", "title", "target", "horizon", "steps"} and 2 <= len(example["steps"]) <= 4


async def test_the_placement_shows_its_parties(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        placement = (await consultant.get(f"/api/placements/{arranged.placement_id}")).json()
    assert sorted(m["role"] for m in placement["members"]) == ["citizen", "company_contact", "mentor"]
    assert {m["id"] for m in placement["members"]} == {
        str(arranged.company_contact_id),
        str(arranged.mentor_id),
        str(arranged.citizen_user_id),
    }


async def test_two_editors_of_the_same_version_at_once_get_one_success_and_one_conflict(
    client, make_placement, login_as
) -> None:
    arranged = await make_placement()
    url = f"/api/placements/{arranged.placement_id}"
    async with login_as(arranged.consultant_id) as first, login_as(arranged.consultant_id) as second:
        answers = await asyncio.gather(
            first.patch(url, json={"purpose": "Første"}, headers={"If-Match": "1"}),
            second.patch(url, json={"purpose": "Anden"}, headers={"If-Match": "1"}),
        )
        assert sorted(a.status_code for a in answers) == [200, 409]
        winner = next(a for a in answers if a.status_code == 200).json()["purpose"]
        assert (await first.get(url)).json()["purpose"] == winner
