"""Logging in and out: server-side sessions, rotation, timeouts, disabled accounts, CSRF and cookie flags."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from sqlalchemy import func, select, update

from placement.app import create_app
from placement.auth.services import end_user_sessions
from placement.db.engine import create_engine
from placement.db.models import AuthSession, User
from tests.fixtures.clients import serve

PASSWORD = "correct-horse-battery-staple"


async def _csrf(client) -> str:  # type: ignore[no-untyped-def]
    await client.get("/health")
    token = client.cookies.get("csrftoken") or client.cookies.get("__Host-csrftoken")  # the second in production
    client.headers["x-csrftoken"] = token
    return token


async def test_login_sets_a_new_session_and_me_answers(client, make_user) -> None:
    user = await make_user("consultant")
    await _csrf(client)
    client.cookies.set("session", "chosen-by-an-attacker", domain="testserver.local")
    response = await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert response.json() == {
        "id": str(user.id),
        "email": user.email,
        "name": user.name,
        "role": "consultant",
        "start_page": "/oversigt",
    }
    assert response.cookies.get("session") not in (None, "chosen-by-an-attacker")
    me = await client.get("/api/me")
    assert me.json()["email"] == user.email


async def test_each_login_gets_a_different_session_and_the_replaced_one_ends(client, make_user, db) -> None:
    user = await make_user("mentor")
    await _csrf(client)
    first = (await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})).cookies["session"]
    second = (await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})).cookies["session"]
    assert first != second
    assert await db.scalar(select(func.count()).select_from(AuthSession).where(AuthSession.user_id == user.id)) == 1


async def test_the_database_holds_only_a_hash_of_the_session_token(client, make_user, db) -> None:
    user = await make_user("consultant")
    await _csrf(client)
    token = (await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})).cookies["session"]
    stored = await db.scalar(select(AuthSession.token_hash).where(AuthSession.user_id == user.id))
    assert stored and token not in stored


async def test_logout_ends_the_session_on_the_server(client, make_user) -> None:
    user = await make_user("consultant")
    await _csrf(client)
    await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})
    token = client.cookies.get("session")
    assert (await client.post("/api/auth/logout")).status_code == 204
    client.cookies.set("session", token, domain="testserver.local")  # the old cookie, replayed
    assert (await client.get("/api/me")).status_code == 401


async def test_logging_in_again_ends_the_session_the_browser_had(client, make_user, db) -> None:
    first, second = await make_user("consultant"), await make_user("mentor")
    await _csrf(client)
    await client.post("/api/auth/login", json={"email": first.email, "password": PASSWORD})
    old = client.cookies.get("session")
    await client.post("/api/auth/login", json={"email": second.email, "password": PASSWORD})
    assert (await client.get("/api/me")).json()["email"] == second.email
    assert await db.scalar(select(func.count()).select_from(AuthSession).where(AuthSession.user_id == first.id)) == 0
    client.cookies.set("session", old, domain="testserver.local")
    assert (await client.get("/api/me")).status_code == 401


async def test_logging_out_after_the_session_timed_out_still_clears_the_cookie(client, make_user, db) -> None:
    user = await make_user("consultant")
    await _csrf(client)
    await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31)
    await db.execute(update(AuthSession).where(AuthSession.user_id == user.id).values(last_seen_at=long_ago))
    await db.commit()
    api = await client.post("/api/auth/logout")
    assert api.status_code == 204 and 'session=""' in api.headers["set-cookie"]
    page = await client.post("/logout", data={"_csrf_token": client.headers["x-csrftoken"]})
    assert page.status_code == 303 and page.headers["location"] == "/"


async def test_logout_without_the_csrf_token_is_refused(client, make_user) -> None:
    user = await make_user("consultant")
    await _csrf(client)
    await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})
    del client.headers["x-csrftoken"]
    assert (await client.post("/api/auth/logout")).status_code == 403
    client.headers["x-csrftoken"] = client.cookies.get("csrftoken")
    assert (await client.get("/api/me")).status_code == 200


async def test_wrong_password_is_401_with_a_message_that_does_not_say_which_part_was_wrong(client, make_user) -> None:
    user = await make_user("consultant")
    await _csrf(client)
    wrong = await client.post("/api/auth/login", json={"email": user.email, "password": "not-the-password"})
    unknown = await client.post("/api/auth/login", json={"email": "nobody@example.dk", "password": "not-the-password"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


async def test_a_session_idle_too_long_stops_working(client, make_user, db) -> None:
    user = await make_user("consultant")
    await _csrf(client)
    await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31)
    await db.execute(update(AuthSession).where(AuthSession.user_id == user.id).values(last_seen_at=long_ago))
    await db.commit()
    assert (await client.get("/api/me")).status_code == 401


async def test_a_session_past_its_absolute_lifetime_stops_working(client, make_user, db) -> None:
    user = await make_user("consultant")
    await _csrf(client)
    await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})
    await db.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user.id)
        .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    )
    await db.commit()
    assert (await client.get("/api/me")).status_code == 401


async def test_a_disabled_account_loses_its_sessions_at_once_and_cannot_log_in(client, make_user, db) -> None:
    user = await make_user("company_contact")
    await _csrf(client)
    await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})
    await db.execute(update(User).where(User.id == user.id).values(is_active=False))
    await db.commit()
    assert (await client.get("/api/me")).status_code == 401
    again = await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})
    assert again.status_code == 401


async def test_ending_all_of_a_users_sessions_logs_out_every_device(client, make_user, db, login_as) -> None:
    user = await make_user("consultant")
    async with login_as(user.id) as phone, login_as(user.id) as desktop:
        assert (await phone.get("/api/me")).status_code == 200
        await end_user_sessions(db, user.id)
        await db.commit()
        assert (await phone.get("/api/me")).status_code == 401
        assert (await desktop.get("/api/me")).status_code == 401


async def test_unsafe_calls_without_the_csrf_header_are_refused(client, make_user, login) -> None:
    user = await make_user("consultant")
    await login(client, user.email)
    del client.headers["x-csrftoken"]
    assert (await client.post("/api/auth/logout")).status_code == 403
    assert (await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})).status_code == 403


async def test_the_session_cookie_is_httponly_and_samesite(client, make_user) -> None:
    user = await make_user("consultant")
    await _csrf(client)
    response = await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie


async def test_in_production_the_session_cookie_is_secure_with_a_host_prefix(settings, make_user) -> None:
    user = await make_user("consultant")
    production = create_app(
        settings.with_overrides(env="production", secret_key="p" * 48, base_url="https://testserver.local")
    )
    try:
        async with serve(production, "https://testserver.local") as client:
            await _csrf(client)
            response = await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})
            cookie = response.headers["set-cookie"]
            assert cookie.startswith("__Host-session=")
            assert "Secure" in cookie and "HttpOnly" in cookie and "Domain" not in cookie
            assert (await client.get("/api/me")).status_code == 200
    finally:
        await production.state.engine.dispose()


async def test_pages_behind_the_login_redirect_to_it_and_the_api_answers_401(client) -> None:
    page = await client.get("/mig", headers={"accept": "text/html"}, follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/login?next=%2Fmig"
    assert (await client.get("/api/me")).status_code == 401


async def test_the_login_page_logs_in_and_goes_back_to_the_page_asked_for(client, make_user) -> None:
    user = await make_user("consultant")
    await client.get("/login")
    response = await client.post(
        "/login",
        data={
            "email": user.email,
            "password": PASSWORD,
            "next": "/faktorer",
            "_csrf_token": client.cookies.get("csrftoken"),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/faktorer"
    assert (await client.get("/api/me")).status_code == 200


async def test_the_login_page_never_redirects_to_another_site(client, make_user) -> None:
    user = await make_user("consultant")
    await client.get("/login")
    response = await client.post(
        "/login",
        data={
            "email": user.email,
            "password": PASSWORD,
            "next": "//evil.example/",
            "_csrf_token": client.cookies.get("csrftoken"),
        },
        follow_redirects=False,
    )
    assert response.headers["location"].startswith("/") and not response.headers["location"].startswith("//")


async def test_failed_logins_are_logged_without_password_or_email(client, make_user, caplog) -> None:
    user = await make_user("consultant", email="canary.person@example.dk")
    await _csrf(client)
    with caplog.at_level(logging.DEBUG):
        await client.post("/api/auth/login", json={"email": user.email, "password": "Secret-Canary-Password"})
    text = caplog.text
    assert "failed login" in text
    assert "Secret-Canary-Password" not in text and "canary.person" not in text


async def test_a_password_hashed_with_older_parameters_is_rehashed_at_login(client, make_user, db) -> None:
    from argon2 import PasswordHasher

    import placement.accounts.passwords as passwords

    user = await make_user("consultant")
    old = PasswordHasher(time_cost=1, memory_cost=512, parallelism=1).hash(PASSWORD)
    await db.execute(update(User).where(User.id == user.id).values(password_hash=old))
    await db.commit()
    await _csrf(client)
    assert (await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})).status_code == 200
    user_id = user.id
    db.expire_all()
    stored = await db.scalar(select(User.password_hash).where(User.id == user_id))
    assert stored != old and stored.startswith("$argon2id$")
    assert not passwords.needs_rehash(stored)


async def test_a_signed_in_request_does_not_wait_for_a_long_write_elsewhere(client, make_user, settings) -> None:
    # Checking the session only reads: on SQLite it must not queue for the write lock that another process holds.
    user = await make_user("consultant")
    await _csrf(client)
    await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})
    other_process = create_engine(settings)
    holding, done = asyncio.Event(), asyncio.Event()

    async def long_write() -> None:
        async with other_process.begin() as connection:
            await connection.execute(update(User).where(User.id == user.id).values(name="Skrives netop nu"))
            holding.set()
            await done.wait()

    writer = asyncio.create_task(long_write())
    try:
        await holding.wait()
        async with asyncio.timeout(5):
            assert (await client.get("/api/me")).json()["email"] == user.email
    finally:
        done.set()
        await writer
        await other_process.dispose()


async def test_a_used_session_moves_its_idle_clock_on_and_an_ended_one_is_deleted(client, make_user, db) -> None:
    user = await make_user("consultant")
    await _csrf(client)
    await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})
    two_minutes_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=2)
    await db.execute(update(AuthSession).where(AuthSession.user_id == user.id).values(last_seen_at=two_minutes_ago))
    await db.commit()
    assert (await client.get("/api/me")).status_code == 200
    await db.commit()  # a fresh snapshot for the check below
    seen = await db.scalar(select(AuthSession.last_seen_at).where(AuthSession.user_id == user.id))
    assert seen is not None and seen > two_minutes_ago + dt.timedelta(minutes=1)
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31)
    await db.execute(update(AuthSession).where(AuthSession.user_id == user.id).values(last_seen_at=long_ago))
    await db.commit()
    assert (await client.get("/api/me")).status_code == 401
    assert await db.scalar(select(func.count()).select_from(AuthSession).where(AuthSession.user_id == user.id)) == 0
