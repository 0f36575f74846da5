"""Errors: a browser gets a clear page in its language and never the cause; the API and other clients keep JSON."""

from __future__ import annotations

import logging

import pytest
from litestar import Litestar, get
from litestar.exceptions import NotAuthorizedException

from placement.errors import Forbidden, NotFound, TooManyAttempts

BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
CAUSE = "postgresql://admin:hunter2@db refused the connection"
MESSAGE = "a message written for API clients"


@get("/test-fejl/uventet", opt={"public": True}, include_in_schema=False)
async def crashes() -> None:
    raise RuntimeError(CAUSE)


@get("/api/test-fejl/uventet", opt={"public": True}, include_in_schema=False)
async def api_crashes() -> None:
    raise RuntimeError(CAUSE)


@get("/test-fejl/login", opt={"public": True}, include_in_schema=False)
async def needs_login() -> None:
    raise NotAuthorizedException(MESSAGE)


@get("/test-fejl/rolle", opt={"public": True}, include_in_schema=False)
async def wrong_role() -> None:
    raise Forbidden(MESSAGE)


@get("/test-fejl/mangler", opt={"public": True}, include_in_schema=False)
async def missing() -> None:
    raise NotFound(MESSAGE)


@get("/test-fejl/for-mange", opt={"public": True}, include_in_schema=False)
async def too_many() -> None:
    raise TooManyAttempts(MESSAGE, retry_after=90)


@pytest.fixture
def app(app: Litestar) -> Litestar:
    """The service with routes that fail in each way a real page can."""
    for handler in (crashes, api_crashes, needs_login, wrong_role, missing, too_many):
        app.register(handler)
    return app


@pytest.mark.parametrize(
    ("method", "path", "status", "title"),
    [
        ("GET", "/findes-ikke", 404, "Siden findes ikke"),
        ("GET", "/test-fejl/mangler", 404, "Siden findes ikke"),
        ("GET", "/test-fejl/login", 401, "Du er ikke logget ind"),
        ("GET", "/test-fejl/rolle", 403, "Du har ikke adgang"),
        ("DELETE", "/faktorer", 405, "Det kan ikke lade sig gøre her"),
        ("GET", "/test-fejl/for-mange", 429, "For mange forsøg"),
        ("GET", "/test-fejl/uventet", 500, "Der skete en fejl hos os"),
    ],
)
async def test_a_browser_gets_a_danish_error_page_without_the_cause(
    client, read_page, method, path, status, title
) -> None:
    response = await client.request(method, path, headers=BROWSER)

    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    page = read_page(response.text)
    assert page.one("html").attrs["lang"] == "da"
    assert page.one("h1").text == title
    assert f"Fejl {status}" in page.text
    assert page.one("main").one("a", href="/").text == "Til forsiden"
    assert CAUSE not in response.text and MESSAGE not in response.text and "Traceback" not in response.text


async def test_error_page_is_in_english_for_an_english_browser(client, read_page) -> None:
    response = await client.get("/findes-ikke", headers={**BROWSER, "accept-language": "en"})

    page = read_page(response.text)
    assert response.status_code == 404
    assert page.one("html").attrs["lang"] == "en"
    assert page.one("h1").text == "Page not found"
    assert page.one("main").one("a", href="/").text == "Go to the home page"


async def test_too_many_attempts_page_says_when_to_try_again(client, read_page) -> None:
    danish = await client.get("/test-fejl/for-mange", headers=BROWSER)
    english = await client.get("/test-fejl/for-mange", headers={**BROWSER, "accept-language": "en"})

    assert danish.headers["retry-after"] == "90"
    assert "Du kan prøve igen om 2 minutter." in read_page(danish.text).text
    assert "You can try again in 2 minutes." in read_page(english.text).text


async def test_unexpected_error_page_gives_the_request_id_and_the_log_gets_the_cause_without_its_message(
    client, read_page, caplog
) -> None:
    with caplog.at_level(logging.ERROR, logger="placement.errors"):
        response = await client.get("/test-fejl/uventet", headers=BROWSER)

    request_id = response.headers["x-request-id"]
    assert read_page(response.text).one("code").text == request_id
    [record] = [r for r in caplog.records if r.name == "placement.errors"]
    assert request_id in record.getMessage() and "/test-fejl/uventet" in record.getMessage()
    # Where and what failed, never the message: messages quote data (here a password in a URL).
    assert "builtins.RuntimeError" in record.getMessage() and "test_handlers.py:" in record.getMessage()
    assert record.exc_info is None and "hunter2" not in caplog.text


async def test_a_bad_form_shows_the_error_page_not_a_crash(client, post_form, read_page) -> None:
    response = await post_form("/sprog", {"next": "/"}, headers=BROWSER)

    assert response.status_code == 400
    page = read_page(response.text)
    assert page.one("h1").text == "Oplysningerne kunne ikke bruges"
    assert "`lang`" not in response.text


async def test_a_form_without_its_token_shows_the_403_page(client, read_page) -> None:
    response = await client.post("/sprog", data={"lang": "en"}, headers=BROWSER)

    assert response.status_code == 403
    assert read_page(response.text).one("h1").text == "Du har ikke adgang"
    assert "CSRF" not in response.text


@pytest.mark.parametrize(
    ("path", "accept", "status", "detail"),
    [
        ("/api/findes-ikke", BROWSER["accept"], 404, "Not Found"),
        ("/api/test-fejl/uventet", BROWSER["accept"], 500, "Internal server error"),
        ("/findes-ikke", "*/*", 404, "Not Found"),
        ("/test-fejl/uventet", "application/json", 500, "Internal server error"),
        ("/test-fejl/for-mange", "application/json", 429, MESSAGE),
    ],
)
async def test_the_api_and_clients_that_do_not_ask_for_html_get_json(client, path, accept, status, detail) -> None:
    response = await client.get(path, headers={"accept": accept})

    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"status_code": status, "detail": detail}
    assert "Traceback" not in response.text


async def test_a_bad_form_from_a_client_without_html_is_a_json_400_that_names_the_field(post_form) -> None:
    response = await post_form("/sprog", {"next": "/"})

    assert response.status_code == 400
    body = response.json()
    assert body["status_code"] == 400 and "lang" in body["detail"]
