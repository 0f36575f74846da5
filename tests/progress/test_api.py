"""Progress through the API: the public shape, small steps, disagreements, and each party's field rules."""

from __future__ import annotations

import datetime as dt

from placement.db.models import Consent


async def test_progress_has_the_public_shape_with_small_steps_and_a_verdict(
    client, db, make_placement, login_as, add_history
) -> None:
    arranged = await make_placement()
    await add_history(arranged)
    async with login_as(arranged.consultant_id) as consultant:
        body = (await consultant.get(f"/api/placements/{arranged.placement_id}/progress")).json()
    assert set(body) >= {"factors", "subgoals", "hours", "small_steps", "disagreements", "recommendation"}
    assert body["factors"]["A"][0]["score"] == 4 and body["factors"]["B"][0]["score"] == 2
    assert body["caseworker"][0]["score"] == 3
    goal = next(s for s in body["subgoals"] if s["id"] == str(arranged.subgoal_ids[0]))
    assert {r["author_role"] for r in goal["ratings"]} == {"company_contact", "mentor"}
    assert set(body["hours"][0]) >= {"week", "planned", "placement_hours", "ordinary_hours"}
    kinds = {s["kind"] for s in body["small_steps"]}
    assert {"rating_rose", "ordinary_hours_rose", "observed"} <= kinds
    assert body["disagreements"] and body["disagreements"][0]["gap"] >= 2
    assert body["recommendation"]["verdict"] in {"continue", "adjust", "consider_ending", "too_early"}
    assert all(r["values"] for r in body["recommendation"]["reasons"])


async def test_the_company_never_sees_f_and_sees_b_only_with_consent(
    client, db, make_placement, login_as, add_history
) -> None:
    arranged = await make_placement()
    await add_history(arranged)
    url = f"/api/placements/{arranged.placement_id}/progress"
    async with login_as(arranged.company_contact_id) as contact:
        before = (await contact.get(url)).json()
        assert "B" not in before["factors"] and before["factors"]["A"]
        assert before["caseworker"] is None
        assert all(r["factor"] != "B" for r in before["recommendation"]["reasons"])
        db.add(
            Consent(
                placement_id=arranged.placement_id,
                kind="share_health_b",
                method="service",
                given_on=dt.date.today(),
                given_at=dt.datetime.now(dt.UTC),
                recorded_by_id=arranged.citizen_user_id,
            )
        )
        await db.commit()
        after = (await contact.get(url)).json()
        assert after["factors"]["B"][0]["score"] == 2 and after["caseworker"] is None


async def test_the_citizen_sees_their_own_f(client, db, make_placement, login_as, add_history) -> None:
    arranged = await make_placement()
    await add_history(arranged)
    async with login_as(arranged.citizen_user_id) as citizen:
        body = (await citizen.get(f"/api/placements/{arranged.placement_id}/progress")).json()
    assert body["caseworker"][0]["score"] == 3 and "B" in body["factors"]


async def test_too_little_data_says_too_early(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        body = (await consultant.get(f"/api/placements/{arranged.placement_id}/progress")).json()
    assert body["recommendation"]["verdict"] == "too_early"


async def test_progress_gives_setbacks_beside_the_small_steps_and_never_counts_them(
    client, db, make_placement, login_as, add_history
) -> None:
    arranged = await make_placement()
    await add_history(arranged)  # the mentor's rating falls by two in the last week
    async with login_as(arranged.consultant_id) as consultant:
        body = (await consultant.get(f"/api/placements/{arranged.placement_id}/progress")).json()
    (fall,) = body["setbacks"]
    assert fall["seen_by"] == "mentor" and fall["subgoal_id"] == str(arranged.subgoal_ids[0])
    assert (fall["before"], fall["after"]) == (3, 2)
    last_week = max(log["week"] for s in body["subgoals"] for log in s["ratings"])
    assert fall["week"] == last_week
    # The fall is no small step: no rise is reported for the mentor in that week.
    assert not [
        s
        for s in body["small_steps"]
        if s["week"] == last_week and s["seen_by"] == "mentor" and s["kind"] == "rating_rose"
    ]
