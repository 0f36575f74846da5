"""Administration: staff accounts, disabling, and handing a caseload over; the admin reads no case data."""

from __future__ import annotations

from sqlalchemy import func, select

from placement.db.models import ConsultantAssignment, Placement


async def test_only_an_admin_manages_accounts(client, make_user, login) -> None:
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    assert (await client.get("/api/admin/users")).status_code == 403
    body = {"email": "new@example.dk", "name": "Ny", "role": "consultant", "password": "long-enough-pw"}
    assert (await client.post("/api/admin/users", json=body)).status_code == 403


async def test_an_admin_creates_a_consultant_who_can_log_in(client, app, make_user, login, login_as) -> None:
    admin = await make_user("admin")
    await login(client, admin.email)
    body = {
        "email": "Ny.Konsulent@Example.dk",
        "name": "Ny Konsulent",
        "role": "consultant",
        "password": "long-enough-pw",
    }
    created = await client.post("/api/admin/users", json=body)
    assert created.status_code == 201
    assert created.json()["email"] == "ny.konsulent@example.dk" and created.json()["role"] == "consultant"
    listed = {row["email"]: row for row in (await client.get("/api/admin/users")).json()}
    assert listed["ny.konsulent@example.dk"]["is_active"] is True


async def test_an_admin_cannot_create_placement_parties_directly(client, make_user, login) -> None:
    admin = await make_user("admin")
    await login(client, admin.email)
    body = {"email": "borger@example.dk", "name": "Borger", "role": "citizen", "password": "long-enough-pw"}
    response = await client.post("/api/admin/users", json=body)
    assert response.status_code == 400 and response.json()["field"] == "role"


async def test_disabling_an_account_ends_its_sessions_at_once(client, make_user, login, login_as) -> None:
    admin, consultant = await make_user("admin"), await make_user("consultant")
    async with login_as(consultant.id) as consultant_client:
        assert (await consultant_client.get("/api/me")).status_code == 200
        await login(client, admin.email)
        assert (await client.post(f"/api/admin/users/{consultant.id}/disable")).status_code == 200
        assert (await consultant_client.get("/api/me")).status_code == 401


async def test_handover_moves_the_caseload_and_access_follows(
    client, db, make_placement, make_user, login, login_as
) -> None:
    admin, successor = await make_user("admin"), await make_user("consultant")
    arranged = await make_placement()
    await make_placement(consultant_id=arranged.consultant_id)
    await login(client, admin.email)
    moved = await client.post(
        "/api/admin/handover",
        json={"from_consultant_id": str(arranged.consultant_id), "to_consultant_id": str(successor.id)},
    )
    assert moved.status_code == 200 and moved.json() == {"moved": 2}
    async with login_as(successor.id) as successor_client:
        assert (await successor_client.get(f"/api/placements/{arranged.placement_id}/assessments")).status_code == 200
    async with login_as(arranged.consultant_id) as former:
        assert (await former.get(f"/api/placements/{arranged.placement_id}/assessments")).status_code == 404
    assert (
        await db.scalar(
            select(func.count())
            .select_from(ConsultantAssignment)
            .where(ConsultantAssignment.consultant_id == successor.id)
        )
        == 2
    )
    assert await db.scalar(select(Placement.consultant_id).where(Placement.id == arranged.placement_id)) == successor.id


async def test_handover_refuses_a_target_that_is_not_a_consultant(client, make_placement, make_user, login) -> None:
    admin, leader = await make_user("admin"), await make_user("leader")
    arranged = await make_placement()
    await login(client, admin.email)
    response = await client.post(
        "/api/admin/handover",
        json={"from_consultant_id": str(arranged.consultant_id), "to_consultant_id": str(leader.id)},
    )
    assert response.status_code == 400 and response.json()["field"] == "to_consultant_id"


async def test_the_admin_page_lists_accounts_and_creates_one(client, make_user, login) -> None:
    admin = await make_user("admin", name="Anne Admin")
    await login(client, admin.email)
    html = (await client.get("/admin", headers={"accept": "text/html"})).text
    assert "Anne Admin" in html and "Overdrag sager" in html
    response = await client.post(
        "/admin/users",
        data={"email": "leder@example.dk", "name": "Lis Leder", "role": "leader", "password": "long-enough-pw"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "Lis Leder" in (await client.get("/admin", headers={"accept": "text/html"})).text
