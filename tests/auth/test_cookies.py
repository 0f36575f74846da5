"""Every cookie operation in production: set and deleted with Secure, Path=/, no Domain, and the __Host- rules."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from http.cookies import SimpleCookie
from pathlib import Path

import httpx
import pytest
from litestar import Litestar

from placement.app import create_app
from placement.config import Settings
from placement.db.models import User
from tests.fixtures.clients import browser, serve
from tests.fixtures.factories import TEST_PASSWORD, set_password

ORIGIN = "https://praktik.kommune.example"


@pytest.fixture
async def production(settings: Settings) -> AsyncIterator[Litestar]:
    application = create_app(settings.with_overrides(env="production", secret_key="p" * 48, base_url=ORIGIN))
    yield application
    await application.state.engine.dispose()


def _cookies(response: httpx.Response) -> dict[str, dict[str, str | bool]]:
    """Each Set-Cookie of a response by name, with its attributes (lower-case keys; flags as True or '')."""
    found: dict[str, dict[str, str | bool]] = {}
    for header in response.headers.get_list("set-cookie"):
        parsed: SimpleCookie = SimpleCookie()
        parsed.load(header)
        for name, morsel in parsed.items():
            found[name] = {"value": morsel.value, **{key: morsel[key] for key in morsel}}
    return found


def _assert_production_cookie(cookie: dict[str, str | bool], *, name: str, httponly: bool, samesite: str) -> None:
    assert cookie["secure"] is True, f"{name} without Secure"
    assert cookie["path"] == "/" and not cookie["domain"], f"{name} must be for this origin's every path only"
    assert bool(cookie["httponly"]) is httponly, f"{name}: HttpOnly should be {httponly}"
    assert str(cookie["samesite"]).lower() == samesite, f"{name}: SameSite {cookie['samesite']}"


def _assert_deleted(cookie: dict[str, str | bool]) -> None:
    assert cookie["value"] == "" and cookie["max-age"] == "0"


async def _csrf(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    cookie = _cookies(response)["__Host-csrftoken"]
    _assert_production_cookie(cookie, name="__Host-csrftoken", httponly=False, samesite="strict")
    client.headers["x-csrftoken"] = str(cookie["value"])


async def test_login_rotation_and_logout_through_the_api_set_and_delete_a_secure_host_cookie(
    production, make_user
) -> None:
    user = await make_user("consultant")
    async with serve(production, ORIGIN) as client:
        await _csrf(client)
        first = _cookies(await client.post("/api/auth/login", json={"email": user.email, "password": TEST_PASSWORD}))
        _assert_production_cookie(first["__Host-session"], name="session", httponly=True, samesite="lax")
        assert first["__Host-session"]["max-age"] == str(10 * 3600)
        again = _cookies(await client.post("/api/auth/login", json={"email": user.email, "password": TEST_PASSWORD}))
        _assert_production_cookie(again["__Host-session"], name="rotated session", httponly=True, samesite="lax")
        assert again["__Host-session"]["value"] != first["__Host-session"]["value"]
        logout = await client.post("/api/auth/logout")
        assert logout.status_code == 204
        gone = _cookies(logout)["__Host-session"]
        _assert_production_cookie(gone, name="deleted session", httponly=True, samesite="lax")
        _assert_deleted(gone)
        assert "__Host-session" not in client.cookies and (await client.get("/api/me")).status_code == 401


async def test_the_login_and_logout_pages_set_and_delete_a_secure_host_cookie(production, make_user) -> None:
    user = await make_user("consultant")
    async with serve(production, ORIGIN) as client:
        await _csrf(client)
        login = await client.post(
            "/login", data={"email": user.email, "password": TEST_PASSWORD, "next": "/"}, follow_redirects=False
        )
        assert login.status_code == 303
        _assert_production_cookie(_cookies(login)["__Host-session"], name="session", httponly=True, samesite="lax")
        logout = await client.post("/logout", follow_redirects=False)
        assert logout.status_code == 303
        gone = _cookies(logout)["__Host-session"]
        _assert_production_cookie(gone, name="deleted session", httponly=True, samesite="lax")
        _assert_deleted(gone)
        assert (await client.get("/api/me")).status_code == 401


async def test_accepting_an_invitation_sets_a_secure_host_cookie(production, make_placement, db) -> None:
    arranged = await make_placement()
    await set_password(db, arranged.consultant_id)
    consultant = await db.get(User, arranged.consultant_id)
    assert consultant is not None
    consultant_email = consultant.email
    async with (
        serve(production, ORIGIN) as consultant,
        browser(production, ORIGIN) as invited,
    ):
        await _csrf(consultant)
        await consultant.post("/api/auth/login", json={"email": consultant_email, "password": TEST_PASSWORD})
        created = await consultant.post(
            f"/api/placements/{arranged.placement_id}/invitations",
            json={"role": "mentor", "email": "mette@firma.dk", "name": "Mette"},
        )
        assert created.json()["url"].startswith(f"{ORIGIN}/invitation#")
        await _csrf(invited)
        accepted = await invited.post(
            "/api/invitations/accept",
            json={"token": created.json()["url"].split("#", 1)[1], "password": "a-brand-new-password"},
        )
        assert accepted.status_code == 201
        _assert_production_cookie(_cookies(accepted)["__Host-session"], name="session", httponly=True, samesite="lax")


async def test_the_language_switch_sets_a_secure_cookie(production) -> None:
    async with serve(production, ORIGIN) as client:
        await _csrf(client)
        switched = await client.post("/sprog", data={"lang": "en", "next": "/"}, follow_redirects=False)
        assert switched.status_code == 303
        _assert_production_cookie(_cookies(switched)["lang"], name="lang", httponly=True, samesite="lax")


def test_every_cookie_of_the_service_is_made_by_the_one_helper() -> None:
    """Cookies get their flags in placement/auth/cookies.py only (CSRF's through Litestar's config in app.py)."""
    root = Path(__file__).resolve().parents[2] / "placement"
    makers = re.compile(r"\bCookie\(|\.set_cookie\(|\.delete_cookie\(")
    found = sorted(str(path.relative_to(root)) for path in root.rglob("*.py") if makers.search(path.read_text()))
    assert found == ["auth/cookies.py"]
