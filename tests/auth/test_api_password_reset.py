"""Password reset: the same 202 for any address, a mailed single-use link for 30 minutes (its token only hashed), and
setting the password ends every session of the account; asked for under the login's brute-force limit."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import func, select, update

from placement.clock import Clock
from placement.config import Settings
from placement.db.models import AuthSession, PasswordReset, User
from tests.fixtures.clients import anonymous_client
from tests.fixtures.factories import TEST_PASSWORD
from tests.fixtures.mail import Inbox, bodies, deliver, with_smtp

NEW_PASSWORD = "a-fresh-password-42"


@pytest.fixture
def settings(settings: Settings, smtp_server: Inbox) -> Settings:
    return with_smtp(settings, smtp_server)


@pytest.fixture
def moment() -> list[dt.datetime]:
    """The app's time, which a test moves on by changing moment[0]."""
    return [dt.datetime.now(dt.UTC)]


@pytest.fixture
def clock(moment: list[dt.datetime]) -> Clock:
    return Clock(source=lambda: moment[0])


async def _ask(client, email: str):  # type: ignore[no-untyped-def]
    return await client.post("/api/auth/password-reset", json={"email": email})


async def _mailed_token(app, inbox: Inbox, email: str) -> str:  # type: ignore[no-untyped-def]
    await deliver(app)
    [message] = inbox.to(email)
    text, _html = bodies(message)
    link = next(word for word in text.split() if "/ny-adgangskode#" in word)
    assert link.startswith("http://127.0.0.1:8000/ny-adgangskode#")  # PLACEMENT_BASE_URL's default, never Host
    return link.split("#", 1)[1]


async def test_known_and_unknown_addresses_get_the_same_answer_and_only_the_account_a_mail(
    app, client, db, make_user, smtp_server
) -> None:
    user = await make_user("mentor", name="Mette Mentor Madsen")
    async with anonymous_client(app) as anonymous:
        started = time.perf_counter()
        unknown = await _ask(anonymous, "nobody@example.dk")
        unknown_seconds = time.perf_counter() - started
        started = time.perf_counter()
        known = await _ask(anonymous, user.email.upper())
        known_seconds = time.perf_counter() - started
    assert unknown.status_code == known.status_code == 202
    assert unknown.json() == known.json()
    assert abs(known_seconds - unknown_seconds) < 0.5
    token = await _mailed_token(app, smtp_server, user.email)
    [message] = smtp_server.messages
    text, html = bodies(message)
    assert message["Subject"] == "Vælg en ny adgangskode" and "Hej Mette" in text and "Mentor Madsen" not in text
    assert "30 minutter" in text and f"#{token}" in html
    assert len(token) >= 43  # 32 random bytes, url-safe: 256 bits
    stored = await db.scalar(select(PasswordReset.token_hash))
    assert stored and token not in stored


async def test_the_link_sets_the_password_once_and_ends_every_session_of_the_account(
    app, client, db, make_user, login_as, smtp_server
) -> None:
    user = await make_user("consultant")
    async with login_as(user.id) as elsewhere:
        assert (await elsewhere.get("/api/me")).status_code == 200
        async with anonymous_client(app) as anonymous:
            await _ask(anonymous, user.email)
            token = await _mailed_token(app, smtp_server, user.email)
            confirmed = await anonymous.post(
                "/api/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD}
            )
            assert confirmed.status_code == 204
            again = await anonymous.post(
                "/api/auth/password-reset/confirm", json={"token": token, "password": "yet-another-password"}
            )
            assert again.status_code == 409
        assert (await elsewhere.get("/api/me")).status_code == 401
    assert await db.scalar(select(func.count()).select_from(AuthSession).where(AuthSession.user_id == user.id)) == 0
    async with anonymous_client(app) as anonymous:
        old = await anonymous.post("/api/auth/login", json={"email": user.email, "password": TEST_PASSWORD})
        new = await anonymous.post("/api/auth/login", json={"email": user.email, "password": NEW_PASSWORD})
    assert (old.status_code, new.status_code) == (401, 200)


async def test_the_link_expires_after_30_minutes(app, client, make_user, moment, smtp_server) -> None:
    user = await make_user("mentor")
    async with anonymous_client(app) as anonymous:
        await _ask(anonymous, user.email)
        token = await _mailed_token(app, smtp_server, user.email)
        moment[0] += dt.timedelta(minutes=30, seconds=1)
        late = await anonymous.post("/api/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD})
    assert late.status_code == 410 and late.json()["field"] == "token"


async def test_a_weak_password_or_an_unknown_token_is_refused_and_the_link_still_works(
    app, client, make_user, smtp_server
) -> None:
    user = await make_user("mentor")
    async with anonymous_client(app) as anonymous:
        await _ask(anonymous, user.email)
        token = await _mailed_token(app, smtp_server, user.email)
        weak = await anonymous.post("/api/auth/password-reset/confirm", json={"token": token, "password": "short"})
        unknown = await anonymous.post(
            "/api/auth/password-reset/confirm", json={"token": "x" * 43, "password": NEW_PASSWORD}
        )
        good = await anonymous.post("/api/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD})
    assert (weak.status_code, weak.json()["field"]) == (400, "password")
    assert unknown.status_code == 404
    assert good.status_code == 204


async def test_a_new_request_makes_the_earlier_link_useless(app, client, make_user, smtp_server) -> None:
    user = await make_user("mentor")
    async with anonymous_client(app) as anonymous:
        await _ask(anonymous, user.email)
        first = await _mailed_token(app, smtp_server, user.email)
        smtp_server.messages.clear()
        await _ask(anonymous, user.email)
        second = await _mailed_token(app, smtp_server, user.email)
        old = await anonymous.post("/api/auth/password-reset/confirm", json={"token": first, "password": NEW_PASSWORD})
        new = await anonymous.post("/api/auth/password-reset/confirm", json={"token": second, "password": NEW_PASSWORD})
    assert (old.status_code, new.status_code) == (404, 204)


async def test_an_english_speaking_account_gets_the_mail_in_english(app, client, db, make_user, smtp_server) -> None:
    user = await make_user("mentor")
    await db.execute(update(User).where(User.id == user.id).values(language="en"))
    await db.commit()
    async with anonymous_client(app) as anonymous:
        await _ask(anonymous, user.email)
    await deliver(app)
    [message] = smtp_server.to(user.email)
    assert message["Subject"] == "Choose a new password"
    assert "works once and for 30 minutes" in bodies(message)[0]


async def test_a_disabled_account_gets_no_mail(app, client, db, make_user, smtp_server) -> None:
    user = await make_user("mentor")
    await db.execute(update(User).where(User.id == user.id).values(is_active=False))
    await db.commit()
    async with anonymous_client(app) as anonymous:
        assert (await _ask(anonymous, user.email)).status_code == 202
    await deliver(app)
    assert smtp_server.messages == []


async def test_requests_are_limited_like_logins(app, client, make_user, smtp_server) -> None:
    user = await make_user("mentor")
    async with anonymous_client(app) as anonymous:
        answers = [(await _ask(anonymous, user.email)).status_code for _ in range(6)]
        login = await anonymous.post("/api/auth/login", json={"email": user.email, "password": TEST_PASSWORD})
    assert answers == [202] * 5 + [429]
    assert login.status_code == 429  # one limit for every try at an account
    await deliver(app)
    assert len(smtp_server.to(user.email)) == 5
