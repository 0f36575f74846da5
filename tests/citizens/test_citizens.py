"""Citizens: no CPR number anywhere, scoped to the consultant, every read audited."""

from __future__ import annotations

from sqlalchemy import func, select

from placement.db.models import AuditEvent


async def test_a_consultant_creates_and_finds_their_citizen(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    created = await client.post("/api/citizens", json={"name": "Sara Jensen", "case_ref": "SAG-2026-0042",
                                                       "target_group": "aktivitetsparat"})
    assert created.status_code == 201
    assert [c["name"] for c in (await client.get("/api/citizens", params={"q": "sara"})).json()] == ["Sara Jensen"]


async def test_a_cpr_field_is_refused(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    response = await client.post("/api/citizens", json={"name": "A", "case_ref": "S-1", "target_group": "x",
                                                        "cpr": "010190-1234"})
    assert response.status_code == 400 and "cpr" in response.text


async def test_a_case_reference_shaped_like_a_cpr_number_is_refused(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    response = await client.post("/api/citizens", json={"name": "A", "case_ref": "010190-1234", "target_group": "x"})
    assert response.status_code == 400 and response.json()["field"] == "case_ref" and "CPR" in response.json()["detail"]


async def test_another_consultants_citizen_does_not_exist_for_me(client, make_user, login, login_as) -> None:
    mine, theirs = await make_user("consultant"), await make_user("consultant")
    async with login_as(theirs.id) as other:
        citizen = (await other.post("/api/citizens", json={"name": "Ole", "case_ref": "S-9", "target_group": "x"})).json()
    await login(client, mine.email)
    assert (await client.get(f"/api/citizens/{citizen['id']}")).status_code == 404
    assert (await client.get("/api/citizens")).json() == []


async def test_listing_citizens_leaves_one_audit_row_per_citizen_shown(client, db, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    for n in range(3):
        await client.post("/api/citizens", json={"name": f"B{n}", "case_ref": f"S-{n}", "target_group": "x"})
    await client.get("/api/citizens")
    listed = await db.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "list",
                                                                               AuditEvent.object_type == "citizen"))
    assert listed == 3
