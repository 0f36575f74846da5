"""Refusals leave a trace: a 403 and a foreign object's 404 each leave one denied row and nothing else of the request;
a search leaves rows for the citizens it matched and never the text that was typed."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from placement.db.models import AuditEvent, AuditOutcome, Company


async def _rows(db, actor_id: uuid.UUID) -> list[AuditEvent]:  # type: ignore[no-untyped-def]
    await db.commit()  # a fresh snapshot: on SQLite an open read would not see what the app wrote since
    return list(await db.scalars(select(AuditEvent).where(AuditEvent.actor_id == actor_id).order_by(AuditEvent.at)))


async def test_a_mentor_creating_a_company_gets_403_and_leaves_one_denied_row_and_no_company(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    companies_before = await db.scalar(select(func.count()).select_from(Company))
    async with login_as(arranged.mentor_id) as mentor:
        response = await mentor.post("/api/companies", json={"name": "Ulovlig ApS", "cvr": "12345674"})
        request_id = response.headers["x-request-id"]
    assert response.status_code == 403
    rows = await _rows(db, arranged.mentor_id)
    assert [(r.outcome, r.actor_role, r.action, r.request_id) for r in rows] == [
        (AuditOutcome.DENIED, "mentor", "manage_companies", request_id)
    ]
    assert await db.scalar(select(func.count()).select_from(Company)) == companies_before


async def test_a_leader_listing_placements_gets_403_and_leaves_one_denied_row(client, db, make_user, login) -> None:
    leader = await make_user("leader")
    await login(client, leader.email)
    response = await client.get("/api/placements")
    assert response.status_code == 403
    rows = await _rows(db, leader.id)
    assert [(r.outcome, r.actor_role, r.action) for r in rows] == [(AuditOutcome.DENIED, "leader", "read_placement")]


async def test_a_role_refused_on_one_placement_is_audited_with_the_placement(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    async with login_as(arranged.mentor_id) as mentor:
        response = await mentor.get(f"/api/placements/{arranged.placement_id}/caseworker-assessments")
    assert response.status_code == 403
    rows = await _rows(db, arranged.mentor_id)
    denied = [r for r in rows if r.outcome is AuditOutcome.DENIED]
    assert [(r.object_type, r.object_id) for r in denied] == [("caseworker_assessment", str(arranged.placement_id))]
    assert all(r.outcome is AuditOutcome.DENIED for r in rows)  # the read of the placement rolled back with the 403


async def test_a_refused_page_leaves_its_denied_row_too(client, db, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.mentor_id) as mentor:
        response = await mentor.get("/borgere", headers={"Accept": "text/html"})
    assert response.status_code == 403
    assert [(r.outcome, r.action) for r in await _rows(db, arranged.mentor_id)] == [
        (AuditOutcome.DENIED, "manage_citizens")
    ]


async def test_a_foreign_placement_is_a_404_that_keeps_only_its_denied_row(
    client, db, make_placement, login_as
) -> None:
    arranged, other = await make_placement(), await make_placement()
    async with login_as(other.consultant_id) as stranger:
        response = await stranger.patch(
            f"/api/placements/{arranged.placement_id}", headers={"If-Match": "1"}, json={"purpose": "Noget andet"}
        )
    assert response.status_code == 404
    rows = await _rows(db, other.consultant_id)
    assert [(r.outcome, r.object_type, r.object_id) for r in rows] == [
        (AuditOutcome.DENIED, "placement", str(arranged.placement_id))
    ]


async def test_a_search_is_audited_as_the_citizens_it_matched_and_never_as_the_typed_text(
    client, db, make_user, login
) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    ids = {}
    for name, ref in (("Sørensen Kvist", "SAG-KV-1"), ("Hansen Kvist", "SAG-KV-2"), ("Ida Berg", "SAG-BE-3")):
        created = await client.post("/api/citizens", json={"name": name, "case_ref": ref, "target_group": "jobparat"})
        ids[name] = created.json()["id"]
    typed = "Kvist"
    assert len((await client.get("/api/citizens", params={"q": typed})).json()) == 2
    page = await client.get("/borgere", params={"q": "SAG-BE"}, headers={"Accept": "text/html"})
    assert page.status_code == 200
    await db.commit()
    searches = list(
        await db.scalars(select(AuditEvent).where(AuditEvent.actor_id == consultant.id, AuditEvent.action == "search"))
    )
    assert sorted(str(r.citizen_id) for r in searches) == sorted(ids.values())
    everything = (await db.execute(select(AuditEvent.__table__))).all()
    assert not [row for row in everything if any(typed in str(v) or "SAG-BE" in str(v) for v in row)]


async def test_a_role_refused_on_a_placement_route_is_audited_with_the_placements_id(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement()
    week = "2026-W10"
    async with login_as(arranged.citizen_user_id) as citizen:
        response = await citizen.put(
            f"/api/placements/{arranged.placement_id}/log/{week}",
            json={"placement_hours": 10, "ordinary_hours": 0, "ratings": []},
        )
    assert response.status_code == 403
    assert [
        (r.outcome, r.actor_role, r.action, r.object_type, r.object_id)
        for r in await _rows(db, arranged.citizen_user_id)
    ] == [(AuditOutcome.DENIED, "citizen", "write_log", "placement", str(arranged.placement_id))]
