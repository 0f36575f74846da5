"""The assessments, F and consent API as its callers use it, logged in as each party of a placement."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select

from placement.clock import SYSTEM_CLOCK
from placement.db.models import AuditEvent, User

TODAY = SYSTEM_CLOCK.today().isoformat()


def _base(arranged) -> str:  # type: ignore[no-untyped-def]
    return f"/api/placements/{arranged.placement_id}"


async def test_the_citizen_answers_on_their_own_placement_and_gets_the_mean_of_the_answered_items(
    make_placement, login_as
):
    arranged = await make_placement()
    async with login_as(arranged.citizen_user_id) as citizen:
        response = await citizen.post(
            f"{_base(arranged)}/assessments", json={"date": TODAY, "answers": {"A1": 5, "A2": 4, "A3": 4, "C1": 2}}
        )
    assert response.status_code == 201, response.text
    body = response.json()
    assert isinstance(body["id"], str) and body["date"] == TODAY
    assert body["scores"] == {"A": 4.33, "C": 2.0}


async def test_an_unknown_item_or_an_answer_outside_one_to_five_is_a_400_naming_the_item(make_placement, login_as):
    arranged = await make_placement()
    async with login_as(arranged.citizen_user_id) as citizen:
        for answers, field in (
            ({"A1": 4, "Z9": 3}, "answers.Z9"),
            ({"A1": 7}, "answers.A1"),
            ({"B2": "fem"}, "answers.B2"),
            ({"C1": 2.5}, "answers.C1"),
        ):
            response = await citizen.post(f"{_base(arranged)}/assessments", json={"date": TODAY, "answers": answers})
            assert response.status_code == 400, answers
            assert response.json()["field"] == field
            assert field.removeprefix("answers.") in response.json()["detail"]


async def test_a_date_in_the_future_or_long_before_the_start_is_a_400_naming_the_date(make_placement, login_as):
    arranged = await make_placement(start=SYSTEM_CLOCK.today() - dt.timedelta(days=7))
    async with login_as(arranged.citizen_user_id) as citizen:
        for day in (SYSTEM_CLOCK.today() + dt.timedelta(days=2), SYSTEM_CLOCK.today() - dt.timedelta(days=365)):
            response = await citizen.post(
                f"{_base(arranged)}/assessments", json={"date": day.isoformat(), "answers": {"A1": 3}}
            )
            assert response.status_code == 400
            assert response.json()["field"] == "date"


async def test_the_mentor_and_the_company_contact_may_not_answer(make_placement, login_as):
    arranged = await make_placement()
    for user_id in (arranged.mentor_id, arranged.company_contact_id):
        async with login_as(user_id) as other:
            response = await other.post(f"{_base(arranged)}/assessments", json={"date": TODAY, "answers": {"A1": 3}})
        assert response.status_code == 403


async def test_the_consultant_answers_in_dialogue_with_the_citizen_and_the_history_says_so(make_placement, login_as):
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        created = await consultant.post(f"{_base(arranged)}/assessments", json={"date": TODAY, "answers": {"E1": 4}})
        history = await consultant.get(f"{_base(arranged)}/assessments")
    assert created.status_code == 201
    [entry] = history.json()["assessments"]
    assert (entry["recorded_by_role"], entry["answers"], entry["scores"]) == ("consultant", {"E1": 4}, {"E": 4.0})


async def test_another_citizens_placement_is_a_404_like_a_missing_one(make_placement, login_as):
    mine, other = await make_placement(), await make_placement()
    async with login_as(mine.citizen_user_id) as citizen:
        for path in (
            f"{_base(other)}/assessments",
            f"/api/placements/{uuid.uuid4()}/assessments",
            "/api/placements/not-an-id/assessments",
        ):
            assert (await citizen.get(path)).status_code == 404
            assert (await citizen.post(path, json={"date": TODAY, "answers": {"A1": 3}})).status_code == 404


async def test_only_the_consultant_records_f_and_a_missing_or_empty_reason_is_named(make_placement, login_as):
    arranged = await make_placement()
    url = f"{_base(arranged)}/caseworker-assessments"
    async with login_as(arranged.consultant_id) as consultant:
        created = await consultant.post(url, json={"date": TODAY, "score": 4, "reason": "Stabilt fremmøde"})
        empty = await consultant.post(url, json={"date": TODAY, "score": 4, "reason": "  "})
        missing = await consultant.post(url, json={"date": TODAY, "score": 4})
        too_high = await consultant.post(url, json={"date": TODAY, "score": 6, "reason": "x"})
    assert created.status_code == 201 and created.json()["score"] == 4
    assert (empty.status_code, empty.json()["field"]) == (400, "reason")
    assert missing.status_code == 400 and "reason" in missing.json()["detail"]
    assert (too_high.status_code, too_high.json()["field"]) == (400, "score")
    async with login_as(arranged.citizen_user_id) as citizen:
        response = await citizen.post(url, json={"date": TODAY, "score": 5, "reason": "Jeg er klar"})
    assert response.status_code == 403


async def test_f_is_hidden_from_the_company_contact_and_the_mentor(make_placement, login_as):
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        await consultant.post(
            f"{_base(arranged)}/caseworker-assessments",
            json={"date": TODAY, "score": 2, "reason": "Langt fra job endnu"},
        )
    for user_id in (arranged.company_contact_id, arranged.mentor_id):
        async with login_as(user_id) as other:
            assert (await other.get(f"{_base(arranged)}/caseworker-assessments")).status_code == 403
            history = (await other.get(f"{_base(arranged)}/assessments")).json()
        assert "caseworker" not in history and "F" not in history["factors"]
        assert "Langt fra job endnu" not in str(history)


async def test_the_citizen_sees_f_and_who_held_the_case_but_the_consultants_name_only_the_jobcenter(
    make_placement, login_as, db
):
    arranged = await make_placement()
    name = (await db.get(User, arranged.consultant_id)).name
    async with login_as(arranged.consultant_id) as consultant:
        await consultant.post(
            f"{_base(arranged)}/caseworker-assessments", json={"date": TODAY, "score": 3, "reason": "Godt på vej"}
        )
        jobcenter = (await consultant.get(f"{_base(arranged)}/caseworker-assessments")).json()
    async with login_as(arranged.citizen_user_id) as citizen:
        own = (await citizen.get(f"{_base(arranged)}/caseworker-assessments")).json()
    assert jobcenter["case_holders"][0]["name"] == name and jobcenter["case_holders"][0]["role"] == "consultant"
    assert [(a["score"], a["reason"], a["case_holder"]) for a in own["assessments"]] == [(3, "Godt på vej", 1)]
    assert own["case_holders"] == [
        {"number": 1, "role": "consultant", "from": jobcenter["case_holders"][0]["from"], "until": None}
    ]
    assert name not in str(own)


async def test_consent_shows_b_to_the_company_contact_at_once_and_withdrawal_hides_it_at_once(make_placement, login_as):
    arranged = await make_placement()
    async with login_as(arranged.citizen_user_id) as citizen, login_as(arranged.company_contact_id) as contact:
        await citizen.post(f"{_base(arranged)}/assessments", json={"date": TODAY, "answers": {"A1": 4, "B1": 2}})

        async def contact_sees() -> tuple[dict[str, float], list[str]]:
            body = (await contact.get(f"{_base(arranged)}/assessments")).json()
            return body["assessments"][0]["scores"], body["factors"]

        assert await contact_sees() == ({"A": 4.0}, ["A", "C", "D", "E"])
        given = await citizen.put(f"{_base(arranged)}/consent/health", json={"share": True})
        assert given.status_code == 200 and given.json()["sharing"] is True
        assert await contact_sees() == ({"A": 4.0, "B": 2.0}, ["A", "B", "C", "D", "E"])
        withdrawn = await citizen.put(f"{_base(arranged)}/consent/health", json={"share": False})
        assert withdrawn.json()["sharing"] is False
        assert await contact_sees() == ({"A": 4.0}, ["A", "C", "D", "E"])

        state = (await citizen.get(f"{_base(arranged)}/consent/health")).json()
        assert (await contact.get(f"{_base(arranged)}/consent/health")).status_code == 403
    [period] = state["history"]
    assert state["kind"] == "share_health_b" and state["since"] is None
    assert (period["given_by_role"], period["withdrawn_by_role"]) == ("citizen", "citizen")
    assert period["given_at"] <= period["withdrawn_at"]


async def test_the_consultant_records_a_paper_consent_only_with_its_date_and_method_and_never_withdraws(
    make_placement, login_as
):
    arranged = await make_placement()
    url = f"{_base(arranged)}/consent/health"
    async with login_as(arranged.consultant_id) as consultant:
        bare = await consultant.put(url, json={"share": True})
        assert bare.status_code == 400 and bare.json()["field"] == "method"
        undated = await consultant.put(url, json={"share": True, "method": "paper"})
        assert undated.status_code == 400 and undated.json()["field"] == "given_on"
        future = await consultant.put(url, json={"share": True, "method": "paper", "given_on": "2999-01-01"})
        assert future.status_code == 400 and future.json()["field"] == "given_on"
        response = await consultant.put(url, json={"share": True, "method": "paper", "given_on": TODAY})
        assert response.status_code == 200
        [period] = response.json()["history"]
        assert (period["given_by_role"], period["method"], period["given_on"]) == ("consultant", "paper", TODAY)
        assert response.json()["placement_id"] == str(arranged.placement_id)
        assert (await consultant.put(url, json={"share": False})).status_code == 403
    async with login_as(arranged.citizen_user_id) as citizen:
        self_given = await citizen.put(url, json={"share": True, "method": "paper", "given_on": TODAY})
        assert self_given.status_code == 400 and self_given.json()["field"] == "method"
        assert (await citizen.put(url, json={"share": False})).json()["sharing"] is False
    async with login_as(arranged.mentor_id) as mentor:
        assert (await mentor.put(url, json={"share": True})).status_code == 403


async def test_consent_covers_one_placement_and_the_next_placement_of_the_citizen_starts_without_it(
    make_placement, login_as
):
    first = await make_placement()
    later = await make_placement(citizen=first.citizen_id)
    async with login_as(first.citizen_user_id) as citizen:
        for arranged in (first, later):
            await citizen.post(f"{_base(arranged)}/assessments", json={"date": TODAY, "answers": {"A1": 4, "B1": 2}})
        assert (await citizen.put(f"{_base(first)}/consent/health", json={"share": True})).json()["sharing"] is True
        assert (await citizen.get(f"{_base(later)}/consent/health")).json()["sharing"] is False
        uses = (await citizen.get("/api/me/data-use")).json()
    assert {(c["placement_id"], c["sharing"]) for c in uses["consents"]} == {
        (str(first.placement_id), True),
        (str(later.placement_id), False),
    }
    async with login_as(first.company_contact_id) as old_contact, login_as(later.company_contact_id) as new_contact:
        assert "B" in (await old_contact.get(f"{_base(first)}/assessments")).json()["factors"]
        seen = (await new_contact.get(f"{_base(later)}/assessments")).json()
        assert "B" not in seen["factors"] and seen["assessments"][0]["scores"] == {"A": 4.0}
        progress = (await new_contact.get(f"{_base(later)}/progress")).json()
        assert "B" not in progress["factors"]


async def test_every_read_through_the_api_is_audited(make_placement, login_as, db):
    arranged = await make_placement()
    async with login_as(arranged.mentor_id) as mentor:
        assert (await mentor.get(f"{_base(arranged)}/assessments")).status_code == 200
    async with login_as(arranged.citizen_user_id) as citizen:
        assert (await citizen.get(f"{_base(arranged)}/caseworker-assessments")).status_code == 200
        assert (await citizen.get(f"{_base(arranged)}/consent/health")).status_code == 200
    rows = (
        await db.execute(
            select(AuditEvent.actor_role, AuditEvent.object_type, func.count())
            .where(AuditEvent.citizen_id == arranged.citizen_id, AuditEvent.action == "read")
            .group_by(AuditEvent.actor_role, AuditEvent.object_type)
        )
    ).all()
    assert {(role, kind) for role, kind, _ in rows} == {
        ("mentor", "assessment"),
        ("citizen", "caseworker_assessment"),
        ("citizen", "health_consent"),
    }
