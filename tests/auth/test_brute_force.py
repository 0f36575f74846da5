"""Repeated failed logins get 429 for a while, counted in the database per account and per client."""

from __future__ import annotations

import pytest
from sqlalchemy import select

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
        assert (await client.post("/api/auth/login", json={"email": user.email, "password": "wrong-one"})).status_code == 401
    locked = await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) > 0


async def test_one_client_guessing_many_accounts_is_locked_too(client, make_user) -> None:
    user = await make_user("consultant")
    await _csrf(client)
    for n in range(5):
        await client.post("/api/auth/login", json={"email": f"guess{n}@example.dk", "password": "wrong-one"})
    assert (await client.post("/api/auth/login", json={"email": user.email, "password": PASSWORD})).status_code == 429


async def test_a_successful_login_clears_the_accounts_failures(app, make_user, db) -> None:
    user = await make_user("consultant")
    settings = app.state.settings
    # Each attempt from another client, so that only the account's own counter is in play.
    for n in range(4):
        with pytest.raises(Unauthenticated):
            await services.login(db, settings, email=user.email, password="wrong-one", client=f"10.0.0.{n}", request_id="")
    await services.login(db, settings, email=user.email, password=PASSWORD, client="10.0.1.1", request_id="")
    await db.commit()
    for n in range(4):
        with pytest.raises(Unauthenticated):
            await services.login(db, settings, email=user.email, password="wrong-one", client=f"10.0.2.{n}", request_id="")
    # Without the reset this would be failure number nine: locked.
    current, _ = await services.login(db, settings, email=user.email, password=PASSWORD, client="10.0.3.1", request_id="")
    assert current.id == user.id


async def test_the_account_lock_applies_even_from_a_fresh_client(app, make_user, db) -> None:
    user = await make_user("consultant")
    settings = app.state.settings
    for n in range(5):
        with pytest.raises(Unauthenticated):
            await services.login(db, settings, email=user.email, password="wrong-one", client=f"10.0.0.{n}", request_id="")
    with pytest.raises(TooManyAttempts):
        await services.login(db, settings, email=user.email, password=PASSWORD, client="10.9.9.9", request_id="")


async def test_failures_are_stored_without_the_email_address(client, make_user, db) -> None:
    user = await make_user("consultant", email="visible.person@example.dk")
    await _csrf(client)
    await client.post("/api/auth/login", json={"email": user.email, "password": "wrong-one"})
    rows = (await db.execute(select(LoginAttempt.account_key, LoginAttempt.client_key))).all()
    assert len(rows) == 1
    assert "visible" not in rows[0].account_key and "127.0.0.1" not in rows[0].client_key
