"""Benchmark: GET /api/insights for one year, grouped by each dimension, over 100,000 placements and 4 million ratings.

    .venv/bin/python bench/insights.py [--placements 100000] [--sqlite-placements 10000] [--runs 15]
    PLACEMENT_BENCH_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/insights.py

For PostgreSQL (when PLACEMENT_BENCH_POSTGRES_URL is set: a fresh database that the script creates and drops) with
`--placements`, and SQLite (always: a fresh file in a temporary directory) with `--sqlite-placements` (a tenth), it
- migrates the database and fills it in bulk, not through the ORM (COPY on PostgreSQL, executemany on SQLite):
  companies with a contact and a mentor each, consultants, citizens (some with two placements), placements over four
  years, two sub-goals each, up to twelve weekly entries by the contact and the mentor rating both sub-goals (up to
  48 ratings a placement, about 4 million for 100,000), outcomes at the end and six months on;
- generates placement_fact and placement_week_fact in bulk from the same draws (the hours, ratings and outcomes
  written; the factor changes are drawn, as no self-assessment rows are generated), as the service would have kept
  them;
- signs a leader in through the auth service's sessions and measures GET /api/insights?from=..&to=.. (the last twelve
  whole months) for each group_by through the app (httpx on the ASGI app, the service's own middleware and unit of
  work, an audit row per call), printing median and p95, and the query plans' key lines (EXPLAIN ANALYZE on
  PostgreSQL, EXPLAIN QUERY PLAN on SQLite). Aim: median under 500 ms on PostgreSQL, under 1 s on SQLite.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import insert, text, true
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from goals.placement_facts import length_band, week_number
from goals.weeks import add_weeks, format_week
from placement.app import create_app
from placement.auth.cookies import session_cookie_name
from placement.auth.services import create_session
from placement.config import Settings
from placement.db import migrate
from placement.db.engine import create_engine
from placement.db.models import (
    Citizen,
    Company,
    Outcome,
    Placement,
    PlacementFact,
    PlacementWeekFact,
    SubGoal,
    SubGoalRating,
    User,
    WeeklyLog,
)
from placement.insights import queries

SECRET = "bench-secret-" + "x" * 40
GROUPS = ("factor", "company", "target_group", "purpose", "length")
TARGET_GROUPS = ("aktivitetsparat", "jobparat", "uddannelsesparat", "sygedagpenge", "ressourceforløb", "ung")
PURPOSES = (
    "Afklaring af arbejdsevne",
    "Optræning mod ordinære timer",
    "Afprøvning af fag",
    "Social træning på arbejdsplads",
    "Vej mod uddannelse",
)
LENGTHS = (4, 8, 13, 13, 13, 13, 26, 39)
STATUSES = ("ordinary_job", "education", "flex_job", "other_effort", "none", "unknown")
TODAY = dt.date.today()
NOW = dt.datetime.now(dt.UTC)
FIRST_DAY = TODAY - dt.timedelta(days=4 * 365)


def settings_for(database_url: str, data_dir: Path) -> Settings:
    return Settings(database_url=database_url, data_dir=data_dir, secret_key=SECRET, host="127.0.0.1")


def _stamp() -> dict[str, Any]:
    return {"created_at": NOW, "updated_at": NOW}


class Generator:
    """Draws the rows of every table, placement by placement, with its facts from the same draws."""

    def __init__(self, placements: int, seed: int = 12) -> None:
        self.random = random.Random(seed)
        self.placements = placements
        companies = max(20, placements // 50)
        self.consultants = [uuid.uuid4() for _ in range(max(5, placements // 700))]
        self.companies = [(uuid.uuid4(), uuid.uuid4(), uuid.uuid4()) for _ in range(companies)]  # id, contact, mentor

    def users(self) -> list[dict[str, Any]]:
        rows = [
            {"id": uid, "email": f"konsulent{i}@bench.dk", "name": f"Konsulent {i}", "role": "consultant"}
            for i, uid in enumerate(self.consultants)
        ]
        for i, (_, contact, mentor) in enumerate(self.companies):
            rows.append(
                {"id": contact, "email": f"kontakt{i}@bench.dk", "name": f"Kontakt {i}", "role": "company_contact"}
            )
            rows.append({"id": mentor, "email": f"mentor{i}@bench.dk", "name": f"Mentor {i}", "role": "mentor"})
        return [{**row, "is_active": True, **_stamp()} for row in rows]

    def company_rows(self) -> list[dict[str, Any]]:
        return [
            {"id": cid, "name": f"Virksomhed {i} ApS", "cvr": f"{10000000 + i}", "version": 1, **_stamp()}
            for i, (cid, _, _) in enumerate(self.companies)
        ]

    def chunks(self, size: int) -> Iterator[dict[str, list[dict[str, Any]]]]:
        rnd = self.random
        citizen: tuple[uuid.UUID, str] | None = None
        for first in range(0, self.placements, size):
            out: dict[str, list[dict[str, Any]]] = {
                name: [] for name in ("citizen", "placement", "subgoal", "log", "rating", "outcome", "fact", "week")
            }
            for n in range(first, min(first + size, self.placements)):
                # One citizen in five has a second placement.
                if citizen is None or rnd.random() > 0.2:
                    citizen = (uuid.uuid4(), rnd.choice(TARGET_GROUPS))
                    out["citizen"].append(
                        {
                            "id": citizen[0],
                            "name": f"Borger {n}",
                            "case_ref": f"SAG-{n}",
                            "target_group": citizen[1],
                            "version": 1,
                            **_stamp(),
                        }
                    )
                self._placement(n, citizen, out)
            yield out

    def _placement(self, n: int, citizen: tuple[uuid.UUID, str], out: dict[str, list[dict[str, Any]]]) -> None:
        rnd = self.random
        pid, (company, contact, mentor) = uuid.uuid4(), rnd.choice(self.companies)
        weeks = rnd.choice(LENGTHS)
        start = FIRST_DAY + dt.timedelta(days=rnd.randrange((TODAY - FIRST_DAY).days))
        end = start + dt.timedelta(days=7 * weeks - 1)
        ended = end < TODAY
        purpose = rnd.choice(PURPOSES)
        follow_up = rnd.random() < 0.8
        consultant = rnd.choice(self.consultants)
        out["placement"].append(
            {
                "id": pid,
                "citizen_id": citizen[0],
                "company_id": company,
                "consultant_id": consultant,
                "purpose": purpose,
                "contact_person": "",
                "mentor_name": "",
                "start_date": start,
                "planned_end_date": end,
                "ended_on": end if ended else None,
                "status": "ended" if ended else ("active" if start <= TODAY else "planned"),
                "follow_up_date": end if follow_up else None,
                "version": 1,
                **_stamp(),
            }
        )
        factors = rnd.sample("ABCDE", 2)
        goals = [uuid.uuid4(), uuid.uuid4()]
        for position, (gid, factor) in enumerate(zip(goals, factors, strict=True)):
            out["subgoal"].append(
                {
                    "id": gid,
                    "placement_id": pid,
                    "factor": factor,
                    "title": f"Delmål {position + 1}",
                    "target": "Møder til tiden",
                    "horizon": "short",
                    "position": position,
                    "version": 1,
                    **_stamp(),
                }
            )
        first_week = format_week(start)
        logged = min(12, weeks, max(0, (TODAY - start).days // 7))
        last_ratings, ordinary, reached_hours, attended, planned = [1, 1], 0.0, False, 0.0, 0.0
        for w in range(logged):
            week = add_weeks(first_week, w)
            target = float(min(w, 10))
            ordinary = float(max(0, min(37, w + rnd.randint(-2, 2))))
            hours = float(10 + 2 * w)
            reached_hours |= ordinary > 0 and ordinary >= target
            attended, planned = attended + hours, planned + hours + rnd.choice((0, 0, 2))
            last_ratings = [min(5, 1 + w // 2 + rnd.randint(0, 1)) for _ in goals]
            for author, role in ((contact, "company_contact"), (mentor, "mentor")):
                lid = uuid.uuid4()
                out["log"].append(
                    {
                        "id": lid,
                        "placement_id": pid,
                        "week": week,
                        "author_id": author,
                        "author_role": role,
                        "placement_hours": hours,
                        "ordinary_hours": ordinary,
                        "absence_hours": 0.0,
                        "small_steps": "",
                        "note": "",
                        "shared": True,
                        "version": 1,
                        **_stamp(),
                    }
                )
                for gid, rating in zip(goals, last_ratings, strict=True):
                    out["rating"].append(
                        {"id": uuid.uuid4(), "log_id": lid, "subgoal_id": gid, "rating": rating, "note": ""}
                    )
            out["week"].append(
                {
                    "placement_id": pid,
                    "week_index": w + 1,
                    "start_date": start,
                    "end_date": end,
                    "planned_ordinary_hours": target,
                    "ordinary_hours": ordinary,
                    "placement_hours": hours,
                }
            )
        outcomes: dict[str, str | None] = {"end": None, "3m": None, "6m": None}
        for checkpoint, months in (("end", 0), ("6m", 6)):
            if end + dt.timedelta(days=30 * months) < TODAY and rnd.random() < 0.7:
                outcomes[checkpoint] = rnd.choice(STATUSES)
                out["outcome"].append(
                    {
                        "id": uuid.uuid4(),
                        "placement_id": pid,
                        "checkpoint": checkpoint,
                        "status": outcomes[checkpoint],
                        "observed_on": min(TODAY, end + dt.timedelta(days=30 * months)),
                        "note": "",
                        "recorded_by_id": consultant,
                        "version": 1,
                        **_stamp(),
                    }
                )
        changes = {code: (round(rnd.uniform(-1.5, 2.5), 2) if rnd.random() < 0.7 else None) for code in "abcdef"}
        out["fact"].append(
            {
                "placement_id": pid,
                "citizen_id": citizen[0],
                "consultant_id": consultant,
                "company_id": company,
                "target_group": citizen[1],
                "purpose": purpose,
                "start_date": start,
                "end_date": end,
                "length_band": length_band(start, end),
                "start_week": week_number(start),
                "end_week": week_number(end),
                "has_follow_up": follow_up,
                "subgoals": 2,
                "subgoals_reached": sum(rating == 5 for rating in last_ratings) if logged else 0,
                **{f"subgoal_{code.lower()}": code in factors for code in "ABCDE"},
                **{f"change_{code}": value for code, value in changes.items()},
                "ordinary_reached": reached_hours,
                "last_ordinary_hours": ordinary if logged else None,
                "hours_attended": attended,
                "hours_planned": planned,
                "weeks_logged": logged,
                "outcome_end": outcomes["end"],
                "outcome_3m": None,
                "outcome_6m": outcomes["6m"],
            }
        )


TABLES = (
    ("citizen", Citizen),
    ("placement", Placement),
    ("subgoal", SubGoal),
    ("log", WeeklyLog),
    ("rating", SubGoalRating),
    ("outcome", Outcome),
    ("fact", PlacementFact),
    ("week", PlacementWeekFact),
)


async def fill_postgres(dsn: str, generator: Generator) -> dict[str, int]:
    connection = await asyncpg.connect(dsn)
    counts: dict[str, int] = {}
    try:

        async def copy(model: Any, rows: list[dict[str, Any]]) -> None:
            if rows:
                columns = list(rows[0])
                records = [tuple(row[c] for c in columns) for row in rows]
                await connection.copy_records_to_table(model.__tablename__, records=records, columns=columns)

        await copy(User, generator.users())
        await copy(Company, generator.company_rows())
        for chunk in generator.chunks(5000):
            for name, model in TABLES:
                await copy(model, chunk[name])
                counts[name] = counts.get(name, 0) + len(chunk[name])
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
    return counts


def fill_sqlite(connection: Any, generator: Generator) -> dict[str, int]:
    """Plain multi-row inserts on one connection (no session: the facts come from the generator)."""
    counts: dict[str, int] = {}
    connection.execute(insert(User), generator.users())
    connection.execute(insert(Company), generator.company_rows())
    for chunk in generator.chunks(2000):
        for name, model in TABLES:
            if chunk[name]:
                connection.execute(insert(model.__table__), chunk[name])
            counts[name] = counts.get(name, 0) + len(chunk[name])
    connection.execute(text("ANALYZE"))
    return counts


def period() -> tuple[str, str, dt.date, dt.date]:
    """The last twelve whole months."""
    last = TODAY.replace(day=1) - dt.timedelta(days=1)
    first = dt.date(last.year - 1, last.month, 1) + dt.timedelta(days=32)
    first = first.replace(day=1)
    return f"{first:%Y-%m}", f"{last:%Y-%m}", first, last


async def explain(engine: AsyncEngine, group_by: str, postgresql: bool) -> list[str]:
    _, _, first, last = period()
    where = [true(), queries.in_period(first, last)]
    _, groups = queries.group_statements(where, group_by, today=TODAY)
    lines: list[str] = []
    async with engine.connect() as connection:
        for statement in (groups, queries.hours_statement(where, period=(first, last))):
            sql = str(statement.compile(engine.sync_engine, compile_kwargs={"literal_binds": True}))
            prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgresql else "EXPLAIN QUERY PLAN "
            rows = (await connection.execute(text(prefix + sql))).all()
            plan = [str(row[0] if postgresql else row[-1]) for row in rows]
            keys = ("Scan", "Aggregate", "Join", "Execution Time", "SCAN", "SEARCH", "USE TEMP", "Sort")
            lines += [line.strip() for line in plan if any(key in line for key in keys)][:8]
    return lines


async def measure(label: str, settings: Settings, runs: int, postgresql: bool) -> None:
    engine = create_engine(settings)
    async with async_sessionmaker(engine, expire_on_commit=False)() as db:
        leader = User(email=f"leder-{uuid.uuid4().hex[:6]}@bench.dk", name="Leder", role="leader")
        db.add(leader)
        await db.flush()
        token = await create_session(db, leader.id, settings)
        await db.commit()
    app = create_app(settings)
    start, end, _, _ = period()
    cookie = {session_cookie_name(settings): token}
    print(f"{'group_by':14} {'median':>10} {'p95':>10}   (GET /api/insights?from={start}&to={end}, {runs} runs)")
    async with app.lifespan():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench.local", cookies=cookie) as client:
            for group_by in GROUPS:
                params = {"from": start, "to": end, "group_by": group_by}
                timings = []
                for run in range(runs + 2):
                    began = time.perf_counter()
                    response = await client.get("/api/insights", params=params)
                    elapsed = (time.perf_counter() - began) * 1000
                    assert response.status_code == 200, response.text
                    if run >= 2:  # two warm-up calls
                        timings.append(elapsed)
                timings.sort()
                p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
                body = response.json()
                print(
                    f"{group_by:14} {statistics.median(timings):8.1f} ms {p95:8.1f} ms   "
                    f"{len(body['groups'])} groups, {body['total']['placements']} placements"
                )
    for group_by in ("factor", "company"):
        print(f"  plan, group_by={group_by} (the groups, then the hours by week):")
        for line in await explain(engine, group_by, postgresql):
            print(f"    {line}")
    await app.state.engine.dispose()
    await engine.dispose()


async def run_postgres(admin_url: str, data_dir: Path, placements: int, runs: int) -> None:
    name = f"placement_bench_{uuid.uuid4().hex[:8]}"
    admin_dsn = make_url(admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    admin = await asyncpg.connect(admin_dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        url = make_url(admin_url).set(drivername="postgresql+asyncpg", database=name)
        settings = settings_for(url.render_as_string(hide_password=False), data_dir)
        await asyncio.to_thread(migrate.upgrade, settings)
        began = time.perf_counter()
        dsn = make_url(admin_url).set(drivername="postgresql", database=name).render_as_string(hide_password=False)
        counts = await fill_postgres(dsn, Generator(placements))
        print(f"\nPostgreSQL: {_counts(counts)} (filled in {time.perf_counter() - began:.0f} s)")
        await measure("PostgreSQL", settings, runs, postgresql=True)
    finally:
        admin = await asyncpg.connect(admin_dsn)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(
        f"{counts.get(key, 0):,} {label}"
        for key, label in (
            ("placement", "placements"),
            ("rating", "ratings"),
            ("log", "weekly entries"),
            ("fact", "facts"),
        )
    )


async def run_sqlite(data_dir: Path, placements: int, runs: int) -> None:
    path = data_dir / "bench.db"
    settings = settings_for(f"sqlite+aiosqlite:///{path}", data_dir)
    await asyncio.to_thread(migrate.upgrade, settings)
    began = time.perf_counter()
    engine = create_engine(settings)
    async with engine.begin() as connection:
        counts = await connection.run_sync(fill_sqlite, Generator(placements))
    await engine.dispose()
    print(f"\nSQLite: {_counts(counts)} (filled in {time.perf_counter() - began:.0f} s)")
    await measure("SQLite", settings, runs, postgresql=False)


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="placement-bench-") as tmp:
        data_dir = Path(tmp)
        if admin_url := os.environ.get("PLACEMENT_BENCH_POSTGRES_URL"):
            await run_postgres(admin_url, data_dir, args.placements, args.runs)
        await run_sqlite(data_dir, args.sqlite_placements, args.runs)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--placements", type=int, default=100_000, help="placements on PostgreSQL")
    parser.add_argument("--sqlite-placements", type=int, default=10_000, help="placements on SQLite")
    parser.add_argument("--runs", type=int, default=15, help="timed requests per group_by")
    asyncio.run(main(parser.parse_args()))
