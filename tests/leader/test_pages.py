"""The leader's old start page /ledelse: it moves on to management information at /indsigt, the leader's start page."""

from __future__ import annotations

from tests.fixtures.pages import parse


async def test_the_old_leader_page_moves_every_signed_in_person_on_to_insights(
    client, make_placement, make_user, login_as
) -> None:
    arranged = await make_placement()
    for user_id in (
        (await make_user("leader")).id,
        arranged.consultant_id,
        arranged.mentor_id,
        (await make_user("admin")).id,
    ):
        async with login_as(user_id) as person:
            response = await person.get("/ledelse", follow_redirects=False)
            assert response.status_code == 301
            assert response.headers["location"] == "/indsigt"


async def test_the_leaders_start_page_is_insights(client, make_user, login_as) -> None:
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        front = parse((await person.get("/")).text)
        start = front.one("p", class_="signed-in-start").one("a")
        assert start.attrs["href"] == "/indsigt"
        nav = parse((await person.get("/indsigt")).text).one("nav")
        assert [a.attrs["href"] for a in nav.all("a") if a.text == "Indsigt"] == ["/indsigt"]
