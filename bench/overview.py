"""Benchmark: the consultant's overview with a caseload of 30 in a database of 1,000 and of 20,000 placements.

    .venv/bin/python bench/overview.py [--calls 50]

Builds two fresh SQLite databases that differ only in how many other consultants' placements they hold (each with
weekly logs), signs the consultant in, and times GET /api/overview through the whole service (session, access,
audit, three queries). Prints the medians and the ratio large / small (aim: about 1.0, since every query starts
from the consultant's own placements).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import async_sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from goals.weeks import add_weeks, format_week
from placement.accounts.passwords import hash_password
from placement.app import create_app
from placement.config import Settings
from placement.db import migrate
from placement.db.models import Citizen, Company, Placement, Role, User, WeeklyLog

PASSWORD = "benchmark-password"
CASELOAD = 30


async def arrange(app, total: int) -> str:  # type: ignore[no-untyped-def]
    now = dt.datetime.now(dt.UTC)
    today = dt.date.today()
    start = today - dt.timedelta(weeks=5)
    this_week = format_week(today)
    async with async_sessionmaker(app.state.engine)() as db, db.begin():
        me = uuid.uuid4()
        others = [uuid.uuid4() for _ in range(max(1, total // 30))]
        hashed = await hash_password(PASSWORD)
        await db.execute(
            insert(User),
            [
                {
                    "id": uid,
                    "email": f"c{n}@bench.invalid",
                    "name": f"K{n}",
                    "role": Role.CONSULTANT,
                    "password_hash": hashed,
                    "is_active": True,
                    "created_at": now,
                    "updated_at": now,
                }
                for n, uid in enumerate([me, *others])
            ],
        )
        company = uuid.uuid4()
        await db.execute(
            insert(Company),
            [
                {
                    "id": company,
                    "name": "Bench A/S",
                    "cvr": "10150817",
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            ],
        )
        citizens = [uuid.uuid4() for _ in range(total)]
        await db.execute(
            insert(Citizen),
            [
                {
                    "id": cid,
                    "name": f"B{n}",
                    "case_ref": f"B-{n}",
                    "target_group": "x",
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                for n, cid in enumerate(citizens)
            ],
        )
        placements = [uuid.uuid4() for _ in range(total)]
        await db.execute(
            insert(Placement),
            [
                {
                    "id": pid,
                    "citizen_id": citizens[n],
                    "company_id": company,
                    "consultant_id": me if n < CASELOAD else others[n % len(others)],
                    "purpose": "Bench",
                    "contact_person": "",
                    "mentor_name": "",
                    "start_date": start,
                    "planned_end_date": start + dt.timedelta(weeks=13),
                    "status": "active",
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                for n, pid in enumerate(placements)
            ],
        )
        await db.execute(
            insert(WeeklyLog),
            [
                {
                    "id": uuid.uuid4(),
                    "placement_id": pid,
                    "week": add_weeks(this_week, -k),
                    "author_id": me,
                    "author_role": Role.CONSULTANT,
                    "placement_hours": 10,
                    "ordinary_hours": 0,
                    "absence_hours": 0,
                    "small_steps": "",
                    "note": "",
                    "shared": True,
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                for pid in placements
                for k in range(3)
            ],
        )
    return "c0@bench.invalid"


async def signed_in_client(stack: contextlib.AsyncExitStack, total: int) -> httpx.AsyncClient:
    """A service on a fresh SQLite database of `total` placements, and a client signed in as the consultant."""
    folder = Path(tempfile.mkdtemp(prefix=f"bench-overview-{total}-"))
    settings = Settings(database_url=f"sqlite+aiosqlite:///{folder / 'bench.db'}", data_dir=folder)
    await asyncio.to_thread(migrate.upgrade, settings)
    app = create_app(settings)
    await stack.enter_async_context(app.lifespan())
    email = await arrange(app, total)
    client = await stack.enter_async_context(
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench.local")
    )
    await client.get("/health")
    client.headers["x-csrftoken"] = client.cookies.get("csrftoken") or ""
    assert (await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})).status_code == 200
    for _ in range(5):
        await client.get("/api/overview")
    return client


async def timed_overview(client: httpx.AsyncClient) -> float:
    began = time.perf_counter()
    response = await client.get("/api/overview")
    elapsed = time.perf_counter() - began
    assert response.status_code == 200 and len(response.json()) == CASELOAD
    return elapsed


async def main(calls: int) -> None:
    async with contextlib.AsyncExitStack() as stack:
        small_client = await signed_in_client(stack, 1_000)
        large_client = await signed_in_client(stack, 20_000)
        small_times, large_times = [], []
        # Call by turns, so that whatever else the machine does weighs on both sizes alike.
        for _ in range(calls):
            small_times.append(await timed_overview(small_client))
            large_times.append(await timed_overview(large_client))
    small, large = statistics.median(small_times) * 1000, statistics.median(large_times) * 1000
    print(f"overview, caseload {CASELOAD}, {calls} calls each, by turns (SQLite)")
    print(f"  1,000 placements in the database   median {small:7.1f} ms")
    print(f" 20,000 placements in the database   median {large:7.1f} ms")
    print(f"  ratio 20,000 / 1,000                       {large / small:7.2f}   (aim: about 1.0)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=50)
    asyncio.run(main(parser.parse_args().calls))
