"""Each role's start page: named in GET /api/me, and where the login form lands."""

from __future__ import annotations

import pytest

from placement.db.models import User
from tests.fixtures.clients import anonymous_client
from tests.fixtures.factories import TEST_PASSWORD, set_password

START_PAGES = {
    "admin": "/admin",
    "leader": "/indsigt",
    "consultant": "/oversigt",
    "company_contact": "/mine-forloeb",
    "mentor": "/mine-forloeb",
    "citizen": "/mig",
}


async def _accounts(make_placement, make_user) -> dict[str, object]:  # type: ignore[no-untyped-def]
    arranged = await make_placement()
    return {
        "admin": (await make_user("admin")).id,
        "leader": (await make_user("leader")).id,
        **{role: arranged.actor(role).user_id for role in ("consultant", "company_contact", "mentor", "citizen")},
    }


async def test_me_names_the_start_page_of_each_role(client, make_placement, make_user, login_as) -> None:
    for role, user_id in (await _accounts(make_placement, make_user)).items():
        async with login_as(user_id) as person:
            me = (await person.get("/api/me")).json()
        assert (me["role"], me["start_page"]) == (role, START_PAGES[role])


@pytest.mark.parametrize("role", sorted(START_PAGES))
async def test_the_login_form_lands_on_the_start_page_of_the_role(
    app, client, db, make_placement, make_user, role
) -> None:
    user = await db.get(User, (await _accounts(make_placement, make_user))[role])
    assert user is not None
    await set_password(db, user.id)
    async with anonymous_client(app) as browser:
        response = await browser.post(
            "/login",
            data={"email": user.email, "password": TEST_PASSWORD},
            follow_redirects=False,
        )
        assert response.status_code == 303 and response.headers["location"] == START_PAGES[role]
        assert (await browser.get(START_PAGES[role])).status_code == 200


async def test_a_next_page_asked_for_wins_over_the_start_page(app, client, db, make_placement) -> None:
    arranged = await make_placement()
    await set_password(db, arranged.mentor_id)
    user = await db.get(User, arranged.mentor_id)
    async with anonymous_client(app) as browser:
        target = f"/forloeb/{arranged.placement_id}/logbog"
        response = await browser.post(
            "/login",
            data={"email": user.email, "password": TEST_PASSWORD, "next": target},  # type: ignore[union-attr]
            follow_redirects=False,
        )
    assert response.headers["location"] == target
