"""Citizens: no CPR number anywhere, scoped to the consultant, every read audited."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select, update

from placement.db.models import AuditEvent, Placement


async def test_a_consultant_creates_and_finds_their_citizen(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    created = await client.post(
        "/api/citizens", json={"name": "Sara Jensen", "case_ref": "SAG-2026-0042", "target_group": "aktivitetsparat"}
    )
    assert created.status_code == 201
    assert [c["name"] for c in (await client.get("/api/citizens", params={"q": "sara"})).json()] == ["Sara Jensen"]


async def test_a_cpr_field_is_refused(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    response = await client.post(
        "/api/citizens", json={"name": "A", "case_ref": "S-1", "target_group": "jobparat", "cpr": "010190-1234"}
    )
    assert response.status_code == 400 and "cpr" in response.text


async def test_a_case_reference_shaped_like_a_cpr_number_is_refused(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    response = await client.post(
        "/api/citizens", json={"name": "A", "case_ref": "010190-1234", "target_group": "jobparat"}
    )
    assert response.status_code == 400 and response.json()["field"] == "case_ref" and "CPR" in response.json()["detail"]


async def test_another_consultants_citizen_does_not_exist_for_me(client, make_user, login, login_as) -> None:
    mine, theirs = await make_user("consultant"), await make_user("consultant")
    async with login_as(theirs.id) as other:
        citizen = (
            await other.post("/api/citizens", json={"name": "Ole", "case_ref": "S-9", "target_group": "jobparat"})
        ).json()
    await login(client, mine.email)
    assert (await client.get(f"/api/citizens/{citizen['id']}")).status_code == 404
    assert (await client.get("/api/citizens")).json() == []


async def test_listing_citizens_leaves_one_audit_row_per_citizen_shown(client, db, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    for n in range(3):
        await client.post("/api/citizens", json={"name": f"B{n}", "case_ref": f"S-{n}", "target_group": "jobparat"})
    await client.get("/api/citizens")
    listed = await db.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "list", AuditEvent.object_type == "citizen")
    )
    assert listed == 3


async def test_every_cpr_field_name_is_refused_with_a_message_that_no_cpr_is_stored(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    body = {"name": "A", "case_ref": "S-1", "target_group": "jobparat"}
    for field in ("cpr", "cpr_number", "CPR-nr"):
        response = await client.post("/api/citizens", json={**body, field: "0101901234"})
        assert response.status_code == 400 and response.json()["field"] == field
        assert "no CPR number is stored" in response.json()["detail"]
    created = (await client.post("/api/citizens", json=body)).json()
    patched = await client.patch(
        f"/api/citizens/{created['id']}", json={"cpr_number": "0101901234"}, headers={"If-Match": "1"}
    )
    assert patched.status_code == 400 and "no CPR number is stored" in patched.json()["detail"]


async def test_a_name_or_case_reference_shaped_like_a_cpr_number_is_refused(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    for field, value in (("name", "Ole 010190-1234"), ("case_ref", "0101901234"), ("name", "0101901234")):
        body = {"name": "A", "case_ref": "S-1", "target_group": "jobparat", field: value}
        response = await client.post("/api/citizens", json=body)
        assert response.status_code == 400 and response.json()["field"] == field
        assert "no CPR number is stored" in response.json()["detail"]
    assert (await client.get("/api/citizens")).json() == []


async def test_a_citizen_without_placements_stays_reachable_by_its_creator_and_moves_with_a_handover(
    client, db, make_user, login, login_as
) -> None:
    creator, colleague = await make_user("consultant"), await make_user("consultant")
    await login(client, creator.email)
    citizen = (
        await client.post("/api/citizens", json={"name": "Bo", "case_ref": "S-7", "target_group": "jobparat"})
    ).json()
    assert (await client.get(f"/api/citizens/{citizen['id']}")).status_code == 200
    company = (await client.post("/api/companies", json={"name": "L", "cvr": "10150817"})).json()
    placement = (
        await client.post(
            "/api/placements",
            json={
                "citizen_id": citizen["id"],
                "company_id": company["id"],
                "purpose": "P",
                "start_date": "2026-11-02",
                "planned_end_date": "2026-11-30",
            },
        )
    ).json()
    await db.execute(
        update(Placement).where(Placement.id == uuid.UUID(placement["id"])).values(consultant_id=colleague.id)
    )
    await db.commit()
    assert (await client.get(f"/api/citizens/{citizen['id']}")).status_code == 404
    async with login_as(colleague.id) as other:
        assert [c["name"] for c in (await other.get("/api/citizens")).json()] == ["Bo"]


async def test_the_creator_of_a_citizen_is_stored_on_the_citizen_and_decides_the_reach_without_the_audit_trail(
    client, db, make_user, login
) -> None:
    from placement.db.models import Citizen

    creator = await make_user("consultant")
    await login(client, creator.email)
    created = (
        await client.post("/api/citizens", json={"name": "Bo", "case_ref": "S-8", "target_group": "jobparat"})
    ).json()
    assert (await db.get(Citizen, uuid.UUID(created["id"]))).created_by_id == creator.id  # type: ignore[union-attr]
    # A record whose creation left no audit row (an import, say) is reached by its column alone.
    imported = Citizen(name="Imported", case_ref="S-IMP", target_group="x", created_by_id=creator.id)
    db.add(imported)
    await db.commit()
    assert (await client.get(f"/api/citizens/{imported.id}")).status_code == 200


async def test_reading_a_citizen_is_audited_and_a_foreign_one_is_audited_as_denied(
    client, db, make_user, login, login_as
) -> None:
    mine, theirs = await make_user("consultant"), await make_user("consultant")
    async with login_as(theirs.id) as other:
        foreign = (
            await other.post("/api/citizens", json={"name": "F", "case_ref": "S-F", "target_group": "jobparat"})
        ).json()
    await login(client, mine.email)
    own = (await client.post("/api/citizens", json={"name": "O", "case_ref": "S-O", "target_group": "jobparat"})).json()
    await client.get(f"/api/citizens/{own['id']}")
    await client.get(f"/api/citizens/{foreign['id']}")
    rows = (
        await db.execute(
            select(AuditEvent.action, AuditEvent.outcome, AuditEvent.object_id).where(
                AuditEvent.actor_id == mine.id, AuditEvent.action == "read"
            )
        )
    ).all()
    assert sorted((r.outcome.value, r.object_id) for r in rows) == sorted(
        [("allowed", own["id"]), ("denied", foreign["id"])]
    )


async def test_a_duplicate_case_reference_is_a_conflict_naming_the_field(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    body = {"name": "A", "case_ref": "S-1", "target_group": "jobparat"}
    await client.post("/api/citizens", json=body)
    again = await client.post("/api/citizens", json={**body, "name": "B"})
    assert again.status_code == 409 and again.json()["field"] == "case_ref"


async def test_the_citizen_pages_create_list_and_refuse_a_cpr_number_in_danish(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    html = {"accept": "text/html"}
    form = await client.get("/borgere/ny", headers=html)
    assert form.status_code == 200 and 'name="cpr' not in form.text.lower()
    refused = await client.post(
        "/borgere/ny", headers=html, data={"name": "Sara", "case_ref": "010190-1234", "target_group": "aktivitetsparat"}
    )
    assert refused.status_code == 400 and 'id="case_ref-error"' in refused.text
    assert "tjenesten gemmer ingen CPR-numre" in refused.text and 'value="Sara"' in refused.text
    created = await client.post(
        "/borgere/ny",
        headers=html,
        follow_redirects=False,
        data={"name": "Sara", "case_ref": "SAG-42", "target_group": "aktivitetsparat"},
    )
    assert created.status_code == 303
    page = await client.get(created.headers["location"], headers=html)
    assert "Sara" in page.text and "SAG-42" in page.text and "/forloeb/nyt?borger=" in page.text
    listed = await client.get("/borgere", params={"q": "sar"}, headers=html)
    assert "Sara" in listed.text


async def test_a_malformed_citizen_id_is_simply_not_found_in_the_api_and_the_pages(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    assert (await client.get("/api/citizens/not-an-id")).status_code == 404
    page = await client.get("/borgere/not-an-id", headers={"accept": "text/html"})
    assert page.status_code == 404 and "<html" in page.text
