"""Benchmark: concurrent weekly log writes through the service against a bare Litestar endpoint doing the same insert.

    .venv/bin/python bench/weekly_log.py [--placements 20] [--authors 4] [--requests 2000] [--concurrency 32]
                                         [--seconds 60]
    PLACEMENT_BENCH_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/weekly_log.py

For SQLite (always: a fresh file in a temporary directory) and PostgreSQL (when PLACEMENT_BENCH_POSTGRES_URL is set:
a fresh database that the script creates and drops), it
- migrates the database and arranges N placements of one consultant, each with A authors (company contacts and
  mentors) signed in through the auth service's sessions;
- starts the service with uvicorn on 127.0.0.1 on a free port in a subprocess (one worker, like `placement run`) and
  drives `--requests` PUT /api/placements/{id}/log/{week} from httpx.AsyncClient, `--concurrency` in flight, for at
  most `--seconds`. Each author writes this week and the three before, so the first pass creates entries and the
  rest update them;
- starts a bare Litestar app in the same way on the same database and engine settings (WAL, busy timeout, BEGIN
  IMMEDIATE on SQLite) whose one endpoint does the same single upsert of a weekly_log row: no session, no access
  check, no validation, no ratings, no audit. The ratio service / bare says what the service's rules cost;
- measures the consultant's overview of the caseload it arranged, GET /api/overview and the page /oversigt.
It prints requests/s, p50 and p99 latency for each and the ratio (aim: at least 0.5). Loopback only; bounded by
request count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import asyncpg
import httpx
import msgspec
from sqlalchemy import delete
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from goals.weeks import add_weeks, format_week
from placement.auth.cookies import session_cookie_name
from placement.auth.services import create_session
from placement.clock import SYSTEM_CLOCK
from placement.config import Settings
from placement.db import migrate
from placement.db.engine import create_engine
from placement.db.models import (
    Citizen,
    Company,
    Horizon,
    Placement,
    PlacementMember,
    PlacementStatus,
    PlanWeek,
    Role,
    SubGoal,
    SubGoalRating,
    User,
    WeeklyLog,
)


def current_week() -> str:
    return format_week(SYSTEM_CLOCK.today())


HOST = "127.0.0.1"
SECRET = "bench-secret-" + "x" * 40
WEEKS_BACK = 4
OVERVIEW_REQUESTS = 300
OVERVIEW_ROUTES = (("/api/overview", "application/json"), ("/oversigt", "text/html"))


@dataclass(frozen=True)
class Author:
    user_id: uuid.UUID
    role: Role
    placement_id: uuid.UUID
    subgoal_ids: tuple[uuid.UUID, ...]
    token: str


@dataclass(frozen=True)
class Arranged:
    authors: list[Author]
    consultant_token: str


@dataclass(frozen=True)
class Stats:
    name: str
    done: int
    failed: int
    seconds: float
    latencies: list[float]

    @property
    def per_second(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    def quantile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")

    def line(self) -> str:
        return (
            f"{self.name:40} {self.per_second:8.1f} req/s   p50 {self.quantile(0.5):7.1f} ms   "
            f"p99 {self.quantile(0.99):7.1f} ms   ({self.done} ok, {self.failed} failed, {self.seconds:.1f} s)"
        )


def settings_for(database_url: str, data_dir: Path) -> Settings:
    return Settings(database_url=database_url, data_dir=data_dir, secret_key=SECRET, host=HOST)


SESSION_COOKIE = session_cookie_name(settings_for("sqlite+aiosqlite://", Path(".")))


async def arrange(settings: Settings, placements: int, authors_each: int) -> Arranged:
    """One consultant's caseload of `placements`, each with three sub-goals and `authors_each` signed-in authors."""
    engine = create_engine(settings)
    tag = uuid.uuid4().hex[:6]
    start = dt.date.today() - dt.timedelta(weeks=6)
    authors: list[Author] = []
    try:
        async with async_sessionmaker(engine, expire_on_commit=False)() as db:
            consultant = User(email=f"consultant-{tag}@bench.invalid", name="Bench Konsulent", role=Role.CONSULTANT)
            db.add(consultant)
            await db.flush()
            for n in range(placements):
                company = Company(name=f"Bench Virksomhed {n}", cvr=f"{20_000_000 + n:08d}")
                citizen = Citizen(name=f"Bench Borger {n}", case_ref=f"BENCH-{tag}-{n}", target_group="aktivitetsparat")
                db.add_all([company, citizen])
                await db.flush()
                placement = Placement(
                    citizen_id=citizen.id,
                    company_id=company.id,
                    consultant_id=consultant.id,
                    purpose="Optrapning mod ordinære timer",
                    start_date=start,
                    planned_end_date=start + dt.timedelta(weeks=13),
                    status=PlacementStatus.ACTIVE,
                )
                db.add(placement)
                await db.flush()
                db.add_all(
                    PlanWeek(
                        placement_id=placement.id,
                        week=add_weeks(current_week(), w - 6),
                        placement_hours=10 + w,
                        ordinary_hours_target=w // 3,
                    )
                    for w in range(13)
                )
                goals = [
                    SubGoal(
                        placement_id=placement.id,
                        factor=factor,
                        title=f"Delmål {factor}",
                        target="Et konkret, observerbart mål",
                        horizon=Horizon.SHORT,
                        position=i,
                    )
                    for i, factor in enumerate("ACD")
                ]
                db.add_all(goals)
                users = [
                    User(
                        email=f"author-{tag}-{n}-{a}@bench.invalid",
                        name=f"Bench Observatør {n}-{a}",
                        role=Role.COMPANY_CONTACT if a % 2 == 0 else Role.MENTOR,
                    )
                    for a in range(authors_each)
                ]
                db.add_all(users)
                await db.flush()
                db.add_all(PlacementMember(placement_id=placement.id, user_id=u.id, role=u.role) for u in users)
                for user in users:
                    authors.append(
                        Author(
                            user.id,
                            user.role,
                            placement.id,
                            tuple(g.id for g in goals),
                            await create_session(db, user.id, settings),
                        )
                    )
            consultant_token = await create_session(db, consultant.id, settings)
            await db.commit()
    finally:
        await engine.dispose()
    return Arranged(authors=authors, consultant_token=consultant_token)


async def forget_entries(settings: Settings) -> None:
    """Empty the log between the two targets, so that the bare endpoint also starts with creates, then updates."""
    engine = create_engine(settings)
    try:
        async with engine.begin() as connection:
            await connection.execute(delete(SubGoalRating))
            await connection.execute(delete(WeeklyLog))
    finally:
        await engine.dispose()


def free_port() -> int:
    # A port of one's own where several people share the machine (PLACEMENT_BENCH_PORT); else any free one.
    if os.environ.get("PLACEMENT_BENCH_PORT"):
        return int(os.environ["PLACEMENT_BENCH_PORT"])
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """This script in `serve` mode as a uvicorn subprocess; stopped on leaving the block."""

    def __init__(self, kind: str, database_url: str, data_dir: Path) -> None:
        self.port = free_port()
        self.base_url = f"http://{HOST}:{self.port}"
        self.command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "serve",
            kind,
            "--database-url",
            database_url,
            "--data-dir",
            str(data_dir),
            "--port",
            str(self.port),
        ]
        self.process: subprocess.Popen[bytes] | None = None

    async def __aenter__(self) -> Server:
        self.process = subprocess.Popen(self.command)  # noqa: ASYNC220 - started once, before any timing
        deadline = time.monotonic() + 30
        async with httpx.AsyncClient(base_url=self.base_url) as probe:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise RuntimeError(f"{' '.join(self.command)} exited with {self.process.returncode}")
                try:
                    if (await probe.get("/health")).status_code == 200:
                        return self
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        raise RuntimeError(f"the server on {self.base_url} did not start within 30 s")

    async def __aexit__(self, *_: object) -> None:
        assert self.process is not None
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@dataclass(frozen=True)
class Job:
    author: int
    url: str
    body: dict[str, object]


def log_jobs(authors: Sequence[Author], count: int, *, bare: bool) -> list[Job]:
    """Request n goes to author n % A for week (n // A) % 4 back: a first pass of creates, then updates."""
    week = current_week()
    jobs = []
    for n in range(count):
        index = n % len(authors)
        author = authors[index]
        target = add_weeks(week, -((n // len(authors)) % WEEKS_BACK))
        body: dict[str, object] = {
            "placement_hours": 12 + n % 5,
            "ordinary_hours": n % 3,
            "absence_hours": 1,
            "small_steps": "Spurgte selv en kollega om hjælp",
            "ratings": [{"subgoal_id": str(g), "rating": 1 + (n + i) % 5} for i, g in enumerate(author.subgoal_ids)],
        }
        if bare:
            body = {
                "author_id": str(author.user_id),
                "author_role": author.role.value,
                **{k: v for k, v in body.items() if k != "ratings"},
            }
            url = f"/bare/{author.placement_id}/log/{target}"
        else:
            url = f"/api/placements/{author.placement_id}/log/{target}"
        jobs.append(Job(author=index, url=url, body=body))
    return jobs


async def drive(
    name: str,
    base_url: str,
    tokens: Sequence[str | None],
    jobs: Sequence[Job],
    *,
    method: str,
    concurrency: int,
    seconds: float,
    accept: str = "application/json",
) -> Stats:
    """Run the jobs with `concurrency` in flight, each as its author, until done or out of time."""
    async with httpx.AsyncClient(base_url=base_url) as probe:
        await probe.get("/health")
        csrf = probe.cookies.get("csrftoken") or ""
    # One connection pool for all authors, each client with its own session cookie.
    transport = httpx.AsyncHTTPTransport(
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    )
    clients: list[httpx.AsyncClient] = []
    for token in tokens:
        cookies = {"csrftoken": csrf}
        if token is not None:
            cookies[SESSION_COOKIE] = token
        clients.append(
            httpx.AsyncClient(
                base_url=base_url,
                transport=transport,
                cookies=cookies,
                headers={"x-csrftoken": csrf, "accept": accept},
                timeout=60,
            )
        )
    queue = iter(jobs)
    latencies: list[float] = []
    failed = 0
    deadline = time.perf_counter() + seconds

    async def worker() -> None:
        nonlocal failed
        for job in queue:
            if time.perf_counter() > deadline:
                return
            began = time.perf_counter()
            response = await clients[job.author].request(method, job.url, json=job.body if method == "PUT" else None)
            if response.status_code < 300:
                latencies.append(time.perf_counter() - began)
            else:
                failed += 1
                if failed <= 3:
                    print(f"  {name}: {response.status_code} {response.text[:200]}", file=sys.stderr)

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    for client in clients:
        # The clients share one transport: closing any of them closes it, which is what ends the run.
        await client.aclose()
    return Stats(name=name, done=len(latencies), failed=failed, seconds=elapsed, latencies=latencies)


async def measure_consultant_overview(
    base_url: str, consultant_token: str, *, concurrency: int, seconds: float
) -> list[Stats]:
    """The consultant's overview of the caseload, the API and the page, for each of them this build has."""
    measured = []
    for path, accept in OVERVIEW_ROUTES:
        async with httpx.AsyncClient(base_url=base_url, cookies={SESSION_COOKIE: consultant_token}) as probe:
            if (await probe.get(path, headers={"accept": accept})).status_code != 200:
                continue
        jobs = [Job(author=0, url=path, body={}) for _ in range(OVERVIEW_REQUESTS)]
        measured.append(
            await drive(
                f"consultant overview GET {path}",
                base_url,
                [consultant_token],
                jobs,
                method="GET",
                accept=accept,
                concurrency=concurrency,
                seconds=seconds,
            )
        )
    return measured


async def run_engine(label: str, database_url: str, data_dir: Path, args: argparse.Namespace) -> None:
    settings = settings_for(database_url, data_dir)
    await asyncio.to_thread(migrate.upgrade, settings)
    arranged = await arrange(settings, args.placements, args.authors)
    print(
        f"\n{label}: {args.placements} placements x {args.authors} authors, {args.requests} writes, "
        f"{args.concurrency} in flight"
    )
    async with Server("service", database_url, data_dir) as service:
        jobs = log_jobs(arranged.authors, args.requests, bare=False)
        tokens = [a.token for a in arranged.authors]
        await drive("warm-up", service.base_url, tokens, jobs[:50], method="PUT", concurrency=4, seconds=10)
        served = await drive(
            "service PUT /api/.../log/{week}",
            service.base_url,
            tokens,
            jobs,
            method="PUT",
            concurrency=args.concurrency,
            seconds=args.seconds,
        )
        overviews = await measure_consultant_overview(
            service.base_url, arranged.consultant_token, concurrency=min(8, args.concurrency), seconds=args.seconds
        )
    await forget_entries(settings)
    async with Server("bare", database_url, data_dir) as bare:
        jobs = log_jobs(arranged.authors, args.requests, bare=True)
        tokens = [None] * len(arranged.authors)
        await drive("warm-up", bare.base_url, tokens, jobs[:50], method="PUT", concurrency=4, seconds=10)
        baseline = await drive(
            "bare Litestar upsert",
            bare.base_url,
            tokens,
            jobs,
            method="PUT",
            concurrency=args.concurrency,
            seconds=args.seconds,
        )
    print(served.line())
    print(baseline.line())
    ratio = served.per_second / baseline.per_second if baseline.per_second else float("nan")
    print(f"{'ratio service / bare':40} {ratio:8.2f}   (aim: at least 0.5)")
    for overview in overviews:
        print(overview.line())
    if not overviews:
        print("consultant overview: this build has neither /api/overview nor /oversigt")


async def with_postgres(admin_url: str, data_dir: Path, args: argparse.Namespace) -> None:
    name = f"placement_bench_{uuid.uuid4().hex[:8]}"
    admin_dsn = make_url(admin_url).set(drivername="postgresql").render_as_string(hide_password=False)
    admin = await asyncpg.connect(admin_dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    try:
        url = make_url(admin_url).set(drivername="postgresql+asyncpg", database=name)
        await run_engine("PostgreSQL", url.render_as_string(hide_password=False), data_dir, args)
    finally:
        admin = await asyncpg.connect(admin_dsn)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="placement-bench-") as tmp:
        data_dir = Path(tmp)
        await run_engine("SQLite", f"sqlite+aiosqlite:///{data_dir / 'bench.db'}", data_dir, args)
        if admin_url := os.environ.get("PLACEMENT_BENCH_POSTGRES_URL"):
            await with_postgres(admin_url, data_dir, args)


# The serve mode: what the subprocesses run.


class BareLogIn(msgspec.Struct):
    author_id: str
    author_role: str
    placement_hours: float
    ordinary_hours: float
    absence_hours: float = 0
    small_steps: str = ""


def bare_app(settings: Settings):  # type: ignore[no-untyped-def]
    """The floor: the same upsert of one weekly_log row, and nothing else."""
    from litestar import Litestar, get, put
    from litestar.params import Body
    from sqlalchemy.dialects import postgresql, sqlite

    engine = create_engine(settings)
    dialect_insert = sqlite.insert if settings.is_sqlite else postgresql.insert
    sessions = async_sessionmaker(engine, expire_on_commit=False)

    @get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @put("/bare/{placement_id:str}/log/{week:str}")
    async def write(placement_id: str, week: str, data: Annotated[BareLogIn, Body()]) -> dict[str, str]:
        now = dt.datetime.now(dt.UTC)
        values = {
            "placement_hours": data.placement_hours,
            "ordinary_hours": data.ordinary_hours,
            "absence_hours": data.absence_hours,
            "small_steps": data.small_steps,
            "updated_at": now,
        }
        statement = (
            dialect_insert(WeeklyLog)
            .values(
                id=uuid.uuid4(),
                placement_id=uuid.UUID(placement_id),
                week=week,
                author_id=uuid.UUID(data.author_id),
                author_role=Role(data.author_role),
                created_at=now,
                **values,
            )
            .on_conflict_do_update(index_elements=["placement_id", "week", "author_id"], set_=values)
        )
        db: AsyncSession
        async with sessions() as db, db.begin():
            await db.execute(statement)
        return {"week": week}

    async def dispose() -> None:
        await engine.dispose()

    return Litestar([health, write], on_shutdown=[dispose])


def serve(kind: str, database_url: str, data_dir: Path, port: int) -> None:
    import uvicorn

    from placement.app import create_app
    from placement.logging import uvicorn_log_config

    settings = settings_for(database_url, data_dir)
    app = create_app(settings) if kind == "service" else bare_app(settings)
    # The service's own logging, as under `placement run`: a failure under load is logged without values.
    uvicorn.run(app, host=HOST, port=port, log_level="warning", access_log=False, log_config=uvicorn_log_config())


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--placements", type=int, default=20)
    parser.add_argument("--authors", type=int, default=4, help="authors per placement")
    parser.add_argument("--requests", type=int, default=2000, help="writes per target")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60, help="time limit per target")
    sub = parser.add_subparsers(dest="mode")
    serving = sub.add_parser("serve", help="internal: run one server for the benchmark")
    serving.add_argument("kind", choices=("service", "bare"))
    serving.add_argument("--database-url", required=True)
    serving.add_argument("--data-dir", type=Path, required=True)
    serving.add_argument("--port", type=int, required=True)
    return parser.parse_args(argv)


if __name__ == "__main__":
    arguments = parse_args(sys.argv[1:])
    if arguments.mode == "serve":
        serve(arguments.kind, arguments.database_url, arguments.data_dir, arguments.port)
    else:
        asyncio.run(main(arguments))
