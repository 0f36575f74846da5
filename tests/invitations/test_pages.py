"""The invitation page: accepting in the browser lands on the start page of the invited role."""

from __future__ import annotations

import pytest

from tests.fixtures.clients import anonymous_client

LANDS_ON = {"company_contact": "/mine-forloeb", "mentor": "/mine-forloeb", "citizen": "/mig"}


@pytest.mark.parametrize("role", sorted(LANDS_ON))
async def test_accepting_an_invitation_lands_on_the_start_page_of_the_role(
    app, client, make_placement, login_as, role
) -> None:
    arranged = await make_placement(citizen_account=False)
    async with login_as(arranged.consultant_id) as consultant:
        created = await consultant.post(
            f"/api/placements/{arranged.placement_id}/invitations",
            json={"role": role, "email": f"{role}@firma.dk", "name": "Kim"},
        )
    token = created.json()["url"].split("#", 1)[1]
    async with anonymous_client(app) as newcomer:
        response = await newcomer.post(
            "/invitation", data={"token": token, "password": "a-brand-new-password"}, follow_redirects=False
        )
        assert response.status_code == 303 and response.headers["location"] == LANDS_ON[role]
        assert (await newcomer.get(LANDS_ON[role])).status_code == 200
        assert (await newcomer.get("/api/me")).json()["start_page"] == LANDS_ON[role]


async def test_the_api_acceptance_names_the_start_page(app, client, make_placement, login_as) -> None:
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        created = await consultant.post(
            f"/api/placements/{arranged.placement_id}/invitations",
            json={"role": "mentor", "email": "ny.mentor@firma.dk", "name": "Mia"},
        )
    token = created.json()["url"].split("#", 1)[1]
    async with anonymous_client(app) as newcomer:
        accepted = await newcomer.post("/api/invitations/accept", json={"token": token, "password": "a-new-password-1"})
    assert accepted.status_code == 201 and accepted.json()["start_page"] == "/mine-forloeb"
