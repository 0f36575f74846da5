"""Progress through the API: the public shape, small steps, disagreements, and each party's field rules."""

from __future__ import annotations

import datetime as dt

from goals.weeks import add_weeks, format_week
from placement.db.models import Assessment, AssessmentAnswer, CaseworkerAssessment, Consent, Role, SubGoalRating, WeeklyLog


async def _history(db, arranged, weeks: int = 4) -> None:  # type: ignore[no-untyped-def]
    """Four weeks in which the company contact's and mentor's ratings rise, plus B and F assessments."""
    start = format_week(dt.date.today() - dt.timedelta(weeks=weeks - 1))
    for n in range(weeks):
        week = add_weeks(start, n)
        for author, role, offset in ((arranged.company_contact_id, Role.COMPANY_CONTACT, 0),
                                     (arranged.mentor_id, Role.MENTOR, -2 if n == weeks - 1 else 0)):
            log = WeeklyLog(placement_id=arranged.placement_id, week=week, author_id=author, author_role=role,
                            placement_hours=10 + 2 * n, ordinary_hours=n, absence_hours=0,
                            small_steps="Tog selv telefonen" if n == 2 and role is Role.MENTOR else "")
            log.ratings = [SubGoalRating(subgoal_id=arranged.subgoal_ids[0], rating=max(1, min(5, 1 + n + offset)))]
            db.add(log)
    assessment = Assessment(placement_id=arranged.placement_id, assessed_on=dt.date.today(),
                            recorded_by_id=arranged.citizen_user_id, recorded_by_role=Role.CITIZEN)
    assessment.answers = [AssessmentAnswer(question_key="A1", factor="A", value=4),
                          AssessmentAnswer(question_key="B1", factor="B", value=2)]
    db.add(assessment)
    db.add(CaseworkerAssessment(placement_id=arranged.placement_id, consultant_id=arranged.consultant_id,
                                assessed_on=dt.date.today(), score=3, reason="Stabilt fremmøde"))
    await db.commit()


async def test_progress_has_the_public_shape_with_small_steps_and_a_verdict(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    await _history(db, arranged)
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


async def test_the_company_never_sees_f_and_sees_b_only_with_consent(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    await _history(db, arranged)
    url = f"/api/placements/{arranged.placement_id}/progress"
    async with login_as(arranged.company_contact_id) as contact:
        before = (await contact.get(url)).json()
        assert "B" not in before["factors"] and before["factors"]["A"]
        assert before["caseworker"] is None
        assert all(r["factor"] != "B" for r in before["recommendation"]["reasons"])
        db.add(Consent(citizen_id=arranged.citizen_id, kind="share_health_b",
                       given_at=dt.datetime.now(dt.UTC), recorded_by_id=arranged.citizen_user_id))
        await db.commit()
        after = (await contact.get(url)).json()
        assert after["factors"]["B"][0]["score"] == 2 and after["caseworker"] is None


async def test_the_citizen_sees_their_own_f(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    await _history(db, arranged)
    async with login_as(arranged.citizen_user_id) as citizen:
        body = (await citizen.get(f"/api/placements/{arranged.placement_id}/progress")).json()
    assert body["caseworker"][0]["score"] == 3 and "B" in body["factors"]


async def test_too_little_data_says_too_early(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        body = (await consultant.get(f"/api/placements/{arranged.placement_id}/progress")).json()
    assert body["recommendation"]["verdict"] == "too_early"
