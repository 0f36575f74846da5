"""Named selections of question items per target group, as the consultants keep them through the API."""

from __future__ import annotations

from sqlalchemy import func, select

from placement.db.models import QuestionSelection

URL = "/api/question-selections"


async def test_a_consultant_saves_lists_and_deletes_a_selection_for_a_target_group(make_placement, login_as):
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        body = {"name": "Helbred og netværk", "target_group": "aktivitetsparat", "items": ["C1", "B2", "B1"]}
        created = await consultant.post(URL, json=body)
        assert created.status_code == 201, created.text
        assert created.json()["items"] == ["B1", "B2", "C1"]
        listed = (await consultant.get(URL, params={"target_group": "aktivitetsparat"})).json()["selections"]
        assert [s["name"] for s in listed] == ["Helbred og netværk"]
        assert (await consultant.get(URL, params={"target_group": "jobparat"})).json()["selections"] == []
        assert (await consultant.post(URL, json=body)).status_code == 409
        assert (await consultant.delete(f"{URL}/{created.json()['id']}")).status_code == 204
        assert (await consultant.get(URL)).json()["selections"] == []


async def test_bad_selections_are_named_and_nothing_is_stored(make_placement, login_as, db):
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        for change, field in (
            ({"target_group": "ukendt-gruppe"}, "target_group"),
            ({"items": []}, "items"),
            ({"items": ["A1", "Z9"]}, "items"),
            ({"name": " "}, "name"),
            ({"name": "x" * 201}, "name"),
        ):
            body = {"name": "Udvalg", "target_group": "jobparat", "items": ["A1"], **change}
            response = await consultant.post(URL, json=body)
            assert response.status_code in (400, 422), change
            assert response.json()["field"] == field, change
        assert (await consultant.get(URL, params={"target_group": "ukendt-gruppe"})).status_code == 422
    assert await db.scalar(select(func.count()).select_from(QuestionSelection)) == 0


async def test_only_consultants_keep_selections(make_placement, login_as, make_user):
    arranged = await make_placement()
    admin = await make_user("admin")
    for user_id in (admin.id, arranged.citizen_user_id, arranged.company_contact_id):
        async with login_as(user_id) as other:
            assert (await other.get(URL)).status_code == 403
