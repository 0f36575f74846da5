"""The menu (templates/partials/nav.html) shows what each role can reach and nothing else; the front page leads a
signed-in person to their start page."""

from __future__ import annotations

import pytest

MENUS = {
    "anonymous": ["Forside", "Faktorer og spørgsmål", "Log ind"],
    "admin": ["Forside", "Administration", "Faktorer og spørgsmål", "Log ud"],
    "leader": ["Forside", "Indsigt", "Faktorer og spørgsmål", "Log ud"],
    "consultant": [
        "Forside",
        "Oversigt",
        "Forløb",
        "Borgere",
        "Virksomheder",
        "Indsigt",
        "Faktorer og spørgsmål",
        "Log ud",
    ],
    "company_contact": ["Forside", "Mine forløb", "Indsigt", "Faktorer og spørgsmål", "Log ud"],
    "mentor": ["Forside", "Mine forløb", "Faktorer og spørgsmål", "Log ud"],
    "citizen": ["Forside", "Mit forløb", "Faktorer og spørgsmål", "Log ud"],
}
START = {
    "admin": "/admin",
    "leader": "/indsigt",
    "consultant": "/oversigt",
    "company_contact": "/mine-forloeb",
    "mentor": "/mine-forloeb",
    "citizen": "/mig",
}


async def _user_id(role: str, make_placement, make_user):  # type: ignore[no-untyped-def]
    if role in ("admin", "leader"):
        return (await make_user(role)).id
    return (await make_placement()).actor(role).user_id


def _menu(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.text for item in page.one("nav", class_="main-nav").one("ul").all("li")]


async def test_the_anonymous_menu(client, read_page) -> None:
    assert _menu(read_page((await client.get("/")).text)) == MENUS["anonymous"]


@pytest.mark.parametrize("role", sorted(START))
async def test_the_menu_of_each_role_and_the_way_from_the_front_page(
    client, make_placement, make_user, login_as, read_page, role
) -> None:
    async with login_as(await _user_id(role, make_placement, make_user)) as person:
        start = read_page((await person.get(START[role])).text)
        front = read_page((await person.get("/")).text)
    assert _menu(start) == MENUS[role]
    current = [a.text for a in start.one("nav", class_="main-nav").all("a") if a.attrs.get("aria-current") == "page"]
    assert current == [MENUS[role][1]]  # the start page is marked as where the person is
    assert front.one("a", class_="button", href=START[role]).text == "Gå til din startside"
