"""Fixtures of the weekly log tests: many signed-in authors of one placement, without a password login each."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
import pytest
from litestar import Litestar
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.cookies import session_cookie_name
from placement.auth.services import create_session
from placement.config import Settings
from placement.db.models import PlacementMember, Role, User


@pytest.fixture
async def extra_authors(
    client: httpx.AsyncClient, app: Litestar, db: AsyncSession, settings: Settings
) -> AsyncIterator[Callable[..., Awaitable[list[httpx.AsyncClient]]]]:
    """`await extra_authors(placement_id, n, role=Role.MENTOR)` -> n signed-in clients, each its own account.

    Sessions come straight from the auth service: n password logins would spend seconds hashing and count toward
    the brute-force limit of the test client's address.
    """
    opened: list[httpx.AsyncClient] = []
    await client.get("/health")
    csrf = client.cookies.get("csrftoken") or ""

    async def make(placement_id: uuid.UUID, n: int, role: Role = Role.MENTOR) -> list[httpx.AsyncClient]:
        tag = uuid.uuid4().hex[:8]
        users = [
            User(email=f"{role.value}-{tag}-{i}@example.dk", name=f"{role.value} {i}", role=role) for i in range(n)
        ]
        db.add_all(users)
        await db.flush()
        db.add_all(PlacementMember(placement_id=placement_id, user_id=u.id, role=role) for u in users)
        tokens = [await create_session(db, u.id, settings) for u in users]
        await db.commit()
        for token in tokens:
            author = httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app),
                base_url="http://testserver.local",
                cookies={session_cookie_name(settings): token, "csrftoken": csrf},
                headers={"x-csrftoken": csrf},
            )
            opened.append(author)
        return opened[-n:]

    yield make
    for author in opened:
        await author.aclose()
