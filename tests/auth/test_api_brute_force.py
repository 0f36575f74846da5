"""Repeated failed logins get 429 for a while, counted in the database per account and per client."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from placement.auth import services
from placement.db.models import LoginAttempt
from placement.errors import TooManyAttempts, Unauthenticated

PASSWORD = "correct-horse-battery-staple"


async def _csrf(client) -> None:  # type: ignore[no-untyped-def]
    await client.get("/health")
    client.headers["x-csrftoken"] = client.cookies.get("csrftoken")


async def test_an_account_is_locked_after_five_failures_even_with_the_right_password(client, make_user) -> None:
    user = await make_user("consultant")
    await _csrf(client)
    for _ in range(5):
        assert (
            await client.post("/api/auth/login", json={"email": user.email, "password": "wrong-one"})
        ).status_code == 401
    locked = await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) > 0


async def test_one_client_guessing_many_accounts_is_locked_after_twenty(client, make_user, settings) -> None:
    user = await make_user("consultant")
    await _csrf(client)
    assert settings.login_max_failures_per_client == 20
    for n in range(20):
        guess = await client.post("/api/auth/login", json={"email": f"guess{n}@example.dk", "password": "wrong-one"})
        assert guess.status_code == 401, n
    assert (await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})).status_code == 429


async def test_an_office_behind_one_address_is_not_locked_out_by_a_few_typos(client, make_user) -> None:
    colleague, user = await make_user("consultant"), await make_user("consultant")
    await _csrf(client)
    for _ in range(4):
        await client.post("/api/auth/login", json={"email": colleague.email, "password": "wrong-one"})
    for _ in range(4):
        await client.post("/api/auth/login", json={"email": f"typo-{user.email}", "password": PASSWORD})
    assert (await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})).status_code == 200


async def test_parallel_guesses_get_no_more_password_checks_than_the_limit(client, make_user, monkeypatch) -> None:
    """Guesses sent at once must see each other: the limit counts tries before any password is checked."""
    user = await make_user("consultant")
    await _csrf(client)
    checked = 0
    real_verify = services.verify_password

    async def slow_verify(stored, password):  # type: ignore[no-untyped-def]
        nonlocal checked
        checked += 1
        await asyncio.sleep(0.05)  # a real argon2id check takes this long; the window the guesses race in
        return await real_verify(stored, password)

    monkeypatch.setattr(services, "verify_password", slow_verify)
    guesses = await asyncio.gather(
        *(client.post("/api/auth/login", json={"email": user.email, "password": f"guess-{n}"}) for n in range(12))
    )
    statuses = sorted(response.status_code for response in guesses)
    assert checked <= 5
    assert statuses.count(401) == checked and statuses.count(429) == 12 - checked
    # The failures that were checked are stored; at five the account is locked even for the right password.
    after = await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})
    assert after.status_code == (429 if checked == 5 else 200)


async def test_hammering_a_locked_account_does_not_extend_its_lock(client, make_user, db) -> None:
    user = await make_user("consultant")
    await _csrf(client)
    for _ in range(5):
        await client.post("/api/auth/login", json={"email": user.email, "password": "wrong-one"})
    for _ in range(10):
        assert (
            await client.post("/api/auth/login", json={"email": user.email, "password": "wrong"})
        ).status_code == 429
    # Refused tries are not kept: the lock still ends one window after the fifth real failure.
    assert await db.scalar(select(func.count()).select_from(LoginAttempt)) == 5


async def test_a_successful_login_clears_the_accounts_failures(app, make_user, db) -> None:
    user = await make_user("consultant")
    settings = app.state.settings
    # Each attempt from another client, so that only the account's own counter is in play.
    for n in range(4):
        with pytest.raises(Unauthenticated):
            await services.login(
                db, settings, email=user.email, password="wrong-one", client=f"10.0.0.{n}", request_id=""
            )
    await services.login(db, settings, email=user.email, password=PASSWORD, client="10.0.1.1", request_id="")
    await db.commit()
    for n in range(4):
        with pytest.raises(Unauthenticated):
            await services.login(
                db, settings, email=user.email, password="wrong-one", client=f"10.0.2.{n}", request_id=""
            )
    # Without the reset this would be failure number nine: locked.
    current, _ = await services.login(
        db, settings, email=user.email, password=PASSWORD, client="10.0.3.1", request_id=""
    )
    assert current.user_id == user.id


async def test_the_account_lock_applies_even_from_a_fresh_client(app, make_user, db) -> None:
    user = await make_user("consultant")
    settings = app.state.settings
    for n in range(5):
        with pytest.raises(Unauthenticated):
            await services.login(
                db, settings, email=user.email, password="wrong-one", client=f"10.0.0.{n}", request_id=""
            )
    with pytest.raises(TooManyAttempts):
        await services.login(db, settings, email=user.email, password=PASSWORD, client="10.9.9.9", request_id="")


async def test_failures_are_stored_without_the_email_address(client, make_user, db) -> None:
    user = await make_user("consultant", email="visible.person@example.dk")
    await _csrf(client)
    await client.post("/api/auth/login", json={"email": user.email, "password": "wrong-one"})
    rows = (await db.execute(select(LoginAttempt.account_key, LoginAttempt.client_key))).all()
    assert len(rows) == 1
    assert "visible" not in rows[0].account_key and "127.0.0.1" not in rows[0].client_key
