"""The start page in Danish and English, the language switch, and what every page offers for keyboard and screen readers."""

from __future__ import annotations

import pytest


async def test_start_page_is_in_danish_by_default(client, read_page) -> None:
    response = await client.get("/")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = read_page(response.text)
    assert page.one("html").attrs["lang"] == "da"
    assert page.one("h1").text == "Små skridt, der kan ses"
    assert page.one("button", name="lang").text == "English"
    assert page.one("button", name="lang").attrs["lang"] == "en"


async def test_start_page_is_in_english_after_choosing_english(client, post_form, read_page) -> None:
    switched = await post_form("/sprog", {"lang": "en", "next": "/faktorer"})

    assert switched.status_code == 303
    assert switched.headers["location"] == "/faktorer"
    assert client.cookies["lang"] == "en"
    page = read_page((await client.get("/")).text)
    assert page.one("html").attrs["lang"] == "en"
    assert page.one("h1").text == "Small steps you can see"
    assert "Who uses it" in page.text
    assert page.one("button", name="lang").text == "Dansk"


async def test_choosing_danish_again_switches_back(client, post_form, read_page) -> None:
    await post_form("/sprog", {"lang": "en"})
    await post_form("/sprog", {"lang": "da"})

    page = read_page((await client.get("/", headers={"accept-language": "en"})).text)
    assert page.one("html").attrs["lang"] == "da"
    assert page.one("h1").text == "Små skridt, der kan ses"


async def test_start_page_follows_an_english_browser(client, read_page) -> None:
    response = await client.get("/", headers={"accept-language": "en-GB,en;q=0.9,da;q=0.5"})

    page = read_page(response.text)
    assert page.one("html").attrs["lang"] == "en"
    assert page.one("h1").text == "Small steps you can see"


async def test_an_unsupported_browser_language_gets_danish(client, read_page) -> None:
    page = read_page((await client.get("/", headers={"accept-language": "de-DE,fr;q=0.8"})).text)

    assert page.one("html").attrs["lang"] == "da"


async def test_language_switch_never_sends_the_user_to_another_site(client, post_form) -> None:
    response = await post_form("/sprog", {"lang": "en", "next": "//evil.example/phish"})

    assert response.status_code == 303
    assert response.headers["location"] == "/"


async def test_language_switch_without_the_form_token_is_refused(client) -> None:
    response = await client.post("/sprog", data={"lang": "en"}, headers={"accept": "text/html"})

    assert response.status_code == 403
    assert "lang" not in client.cookies


@pytest.mark.parametrize("path", ["/", "/faktorer"])
async def test_page_has_one_h1_landmarks_a_skip_link_and_the_current_nav_entry(client, read_page, path) -> None:
    page = read_page((await client.get(path)).text)

    assert len(page.all("h1")) == 1
    skip = page.all("a")[0]
    assert skip.attrs["href"] == "#main" and skip.text == "Spring til indhold"
    assert page.one("main").attrs["id"] == "main"
    assert len(page.all("header")) == 1 and len(page.all("footer")) == 1
    menu = page.one("nav", aria_label="Hovedmenu")
    assert [a.attrs["href"] for a in menu.all("a", aria_current="page")] == [path]
    assert page.one("title").text.endswith("· Progression")


async def test_start_page_leads_to_the_factor_page(client, read_page) -> None:
    page = read_page((await client.get("/")).text)

    links = {a.text: a.attrs["href"] for a in page.one("main").all("a")}
    assert links["Se faktorerne og spørgsmålene"] == "/faktorer"
    assert (await client.get("/faktorer")).status_code == 200


@pytest.mark.parametrize("target", ["//evil.example/", "/\\evil.example/", "https://evil.example/", "evil.example"])
async def test_the_language_switch_never_sends_the_browser_to_another_site(client, post_form, target: str) -> None:
    switched = await post_form("/sprog", {"lang": "en", "next": target})

    assert switched.status_code == 303
    assert switched.headers["location"] == "/"
