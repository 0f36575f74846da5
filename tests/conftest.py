"""Shared fixtures: every database test runs on SQLite and, when PLACEMENT_TEST_POSTGRES_URL is set, on PostgreSQL.

Each test gets its own database cloned from one migrated template per run: a file copy on SQLite,
CREATE DATABASE ... TEMPLATE on PostgreSQL. That is real isolation, concurrency tests included.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import shutil
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import httpx
import pytest
from litestar import Litestar
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from placement.app import create_app
from placement.auth.identity import Actor
from placement.clock import SYSTEM_CLOCK, Clock
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
    SubGoalStep,
    User,
)

POSTGRES_ADMIN_URL = os.environ.get("PLACEMENT_TEST_POSTGRES_URL", "")
TEST_SECRET = "test-secret-" + "x" * 40

ENGINES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgresql)]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if POSTGRES_ADMIN_URL:
        return
    skip = pytest.mark.skip(reason="PLACEMENT_TEST_POSTGRES_URL is not set; .ci/run sets it")
    for item in items:
        if "postgresql" in item.keywords:
            item.add_marker(skip)


# The service runs as a runtime role that may only insert and read the audit trail; migrations run as the schema
# owner (README: Security). Roles are cluster-wide and outlive a run, so their names are fixed.
OWNER_ROLE, RUNTIME_ROLE = "placement_test_owner", "placement_test_runtime"


def _pg_url(database: str, role: str | None = None) -> str:
    url = make_url(POSTGRES_ADMIN_URL).set(drivername="postgresql+asyncpg", database=database)
    if role:
        url = url.set(username=role, password=role)
    return url.render_as_string(hide_password=False)


async def _ensure_roles(admin: asyncpg.Connection) -> None:
    for role in (OWNER_ROLE, RUNTIME_ROLE):
        if not await admin.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role):
            # Another run may make it at the same moment.
            with contextlib.suppress(asyncpg.DuplicateObjectError, asyncpg.UniqueViolationError):
                await admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{role}'")


def _asyncpg_dsn(database: str) -> str:
    return (
        make_url(POSTGRES_ADMIN_URL)
        .set(drivername="postgresql", database=database)
        .render_as_string(hide_password=False)
    )


class DatabaseFactory:
    """Makes fresh, migrated databases for one engine by cloning a template made once per run."""

    def __init__(self, engine: str, workdir: Path) -> None:
        self.engine = engine
        self.workdir = workdir
        self.run_id = uuid.uuid4().hex[:8]
        self.template: str | None = None
        self.created: list[str] = []

    def settings_for(self, url: str, owner_url: str = "") -> Settings:
        return Settings(
            database_url=url, migration_database_url=owner_url, data_dir=self.workdir, secret_key=TEST_SECRET
        )

    def _pg_settings(self, name: str) -> Settings:
        return self.settings_for(_pg_url(name, RUNTIME_ROLE), _pg_url(name, OWNER_ROLE))

    async def _admin(self) -> asyncpg.Connection:
        return await asyncpg.connect(_asyncpg_dsn("postgres"))

    async def empty(self) -> Settings:
        """An empty database with no tables, for migration tests."""
        name = f"placement_test_{self.run_id}_{len(self.created)}"
        self.created.append(name)
        if self.engine == "sqlite":
            return self.settings_for(f"sqlite+aiosqlite:///{self.workdir / (name + '.db')}")
        admin = await self._admin()
        try:
            await _ensure_roles(admin)
            await admin.execute(f'CREATE DATABASE "{name}" OWNER {OWNER_ROLE}')
        finally:
            await admin.close()
        return self._pg_settings(name)

    async def fresh(self) -> Settings:
        """A database at head, cloned from the template."""
        if self.template is None:
            template = await self.empty()
            await _run_sync(migrate.upgrade, template)
            self.template = template.database_url
        name = f"placement_test_{self.run_id}_{len(self.created)}"
        self.created.append(name)
        if self.engine == "sqlite":
            target = self.workdir / f"{name}.db"
            shutil.copyfile(make_url(self.template).database or "", target)
            return self.settings_for(f"sqlite+aiosqlite:///{target}")
        admin = await self._admin()
        try:
            template_name = make_url(self.template).database
            # The clone keeps the template's tables, their owner and the runtime role's grants.
            await admin.execute(
                f'CREATE DATABASE "{name}" TEMPLATE "{template_name}" OWNER {OWNER_ROLE} STRATEGY FILE_COPY'
            )
        finally:
            await admin.close()
        return self._pg_settings(name)

    async def drop_all(self) -> None:
        if self.engine != "postgresql" or not self.created:
            return
        admin = await self._admin()
        try:
            for name in reversed(self.created):
                await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


async def _run_sync(func, *args):  # type: ignore[no-untyped-def]
    # Alembic's env.py runs its own event loop; keep it off the test loop.
    import anyio

    return await anyio.to_thread.run_sync(func, *args)


@pytest.fixture(scope="session", params=ENGINES)
async def database_factory(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[DatabaseFactory]:
    factory = DatabaseFactory(request.param, tmp_path_factory.mktemp(f"db-{request.param}"))
    yield factory
    await factory.drop_all()


@pytest.fixture
async def settings(database_factory: DatabaseFactory) -> Settings:
    """Settings pointing at a fresh database at head."""
    return await database_factory.fresh()


@pytest.fixture
def clock() -> Clock:
    """The app's clock; a test module overrides this fixture with `Clock.fixed(...)` to choose the day."""
    return SYSTEM_CLOCK


@pytest.fixture
async def app(settings: Settings, clock: Clock) -> AsyncIterator[Litestar]:
    application = create_app(settings, clock=clock)
    yield application
    await application.state.engine.dispose()


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """A client on the test's own event loop: the app's lifespan runs here too, so pooled connections never change loop."""
    started, stopping = asyncio.Event(), asyncio.Event()

    async def run_lifespan() -> None:
        # One task holds the lifespan from start to end: its cancel scopes must be left in the task that entered them.
        async with app.lifespan():
            started.set()
            await stopping.wait()

    lifespan = asyncio.create_task(run_lifespan())
    await started.wait()
    try:
        async with _asgi_client(app) as test_client:
            yield test_client
    finally:
        stopping.set()
        await lifespan


def _asgi_client(app: Litestar) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver.local")


@asynccontextmanager
async def anonymous_client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """A browser of its own with no session, holding the CSRF cookie and sending its header on unsafe calls."""
    async with _asgi_client(app) as other:
        await other.get("/health")
        other.headers["x-csrftoken"] = other.cookies.get("csrftoken") or ""
        yield other


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[AsyncSession]:
    """A session on the test's database for arranging and checking data directly; commits are the test's own.

    It connects as the app does (on PostgreSQL the runtime role): arranging data needs no more than the service has.

    On SQLite its transactions are deferred, so a test that reads here never holds the write lock the app waits for.
    """
    engine = create_engine(settings, immediate=False)
    async with async_sessionmaker(engine, expire_on_commit=False)() as session:
        yield session
    await engine.dispose()


# Placements: arrange a placement with its parties straight in the database, for service and API tests.


@dataclass
class Arranged:
    """Ids of an arranged placement and of the accounts tied to it."""

    placement_id: uuid.UUID
    citizen_id: uuid.UUID
    company_id: uuid.UUID
    consultant_id: uuid.UUID
    company_contact_id: uuid.UUID
    mentor_id: uuid.UUID
    citizen_user_id: uuid.UUID
    subgoal_ids: list[uuid.UUID]

    def actor(self, role: str) -> Actor:
        """The Actor of one party: consultant, company_contact, mentor or citizen."""
        ids = {
            "consultant": self.consultant_id,
            "company_contact": self.company_contact_id,
            "mentor": self.mentor_id,
            "citizen": self.citizen_user_id,
        }
        return Actor(user_id=ids[role], role=Role(role), request_id="test")


@pytest.fixture
def make_placement(db: AsyncSession):  # type: ignore[no-untyped-def]
    """`await make_placement(consultant_id=None, start=..., weeks=13, subgoals=2, citizen=None)` -> Arranged (committed).

    The citizen account is tied to the citizen record; `citizen=` an existing Citizen id makes another placement of
    that citizen (its account then is the one tied to it, or none), `citizen_account=False` leaves a new citizen
    without an account.
    """

    async def make(
        *,
        consultant_id: uuid.UUID | None = None,
        start: dt.date | None = None,
        weeks: int = 13,
        subgoals: int = 2,
        citizen: uuid.UUID | None = None,
        citizen_account: bool = True,
    ) -> Arranged:
        tag = uuid.uuid4().hex[:8]

        def account(role: Role) -> User:
            user = User(
                email=f"{role.value}-{tag}@example.dk",
                name=f"{role.value} {tag}",
                role=role,
                password_hash=None,
                is_active=True,
            )
            db.add(user)
            return user

        consultant = None if consultant_id else account(Role.CONSULTANT)
        contact, mentor, citizen_user = account(Role.COMPANY_CONTACT), account(Role.MENTOR), account(Role.CITIZEN)
        company = Company(name=f"Virksomhed {tag}", cvr=_valid_cvr(tag))
        await db.flush()
        if citizen is not None:
            person = await db.get(Citizen, citizen)
            assert person is not None
            citizen_user_id = person.user_id
        else:
            person = Citizen(
                name=f"Borger {tag}",
                case_ref=f"SAG-{tag}",
                target_group="aktivitetsparat",
                user_id=citizen_user.id if citizen_account else None,
            )
            citizen_user_id = citizen_user.id
        db.add_all([company, person])
        await db.flush()
        start_date = start or dt.date.today() - dt.timedelta(weeks=4)
        placement = Placement(
            citizen_id=person.id,
            company_id=company.id,
            consultant_id=consultant_id or consultant.id,  # type: ignore[union-attr]
            purpose="Afklaring af arbejdsevne og optrapning mod ordinære timer",
            start_date=start_date,
            planned_end_date=start_date + dt.timedelta(weeks=weeks) - dt.timedelta(days=1),
            status=PlacementStatus.ACTIVE,
            contact_person=contact.name,
            mentor_name=mentor.name,
        )
        db.add(placement)
        await db.flush()
        for week_no in range(weeks):
            week = (start_date + dt.timedelta(weeks=week_no)).isocalendar()
            db.add(
                PlanWeek(
                    placement_id=placement.id,
                    week=f"{week.year}-W{week.week:02d}",
                    placement_hours=10 + 2 * week_no,
                    ordinary_hours_target=min(week_no, 10),
                )
            )
        for user, role in ((contact, Role.COMPANY_CONTACT), (mentor, Role.MENTOR)):
            db.add(PlacementMember(placement_id=placement.id, user_id=user.id, role=role))
        goals = []
        for index in range(subgoals):
            goal = SubGoal(
                placement_id=placement.id,
                factor="ACDEB"[index % 5],
                title=f"Delmål {index + 1}",
                target="Møder til tiden tre dage i træk",
                horizon=Horizon.SHORT,
                position=index,
            )
            goal.steps = [SubGoalStep(position=0, text="Første skridt"), SubGoalStep(position=1, text="Andet skridt")]
            db.add(goal)
            goals.append(goal)
        await db.commit()
        return Arranged(
            placement_id=placement.id,
            citizen_id=person.id,
            company_id=company.id,
            consultant_id=placement.consultant_id,
            company_contact_id=contact.id,
            mentor_id=mentor.id,
            citizen_user_id=citizen_user_id,
            subgoal_ids=[g.id for g in goals],  # type: ignore[arg-type]
        )

    return make


def _valid_cvr(seed: str) -> str:
    """A CVR number with a correct modulus-11 check digit, derived from `seed`."""
    weights = (2, 7, 6, 5, 4, 3, 2)
    number = int(seed, 16)
    while True:
        digits = [int(d) for d in f"{number % 9_000_000 + 1_000_000:07d}"]
        remainder = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
        check = (11 - remainder) % 11
        if check < 10:
            return "".join(map(str, digits)) + str(check)
        number += 1


# Accounts and logins.

TEST_PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def make_user(db: AsyncSession):  # type: ignore[no-untyped-def]
    """`await make_user("consultant", email=None, password=TEST_PASSWORD)` -> the committed User."""

    async def make(
        role: str, *, email: str | None = None, password: str = TEST_PASSWORD, name: str | None = None
    ) -> User:
        from placement.accounts.services import create_user

        address = email or f"{role}-{uuid.uuid4().hex[:8]}@example.dk"
        user = await create_user(db, email=address, name=name or f"Test {role}", role=role, password=password)
        await db.commit()
        return user

    return make


async def _login(client: httpx.AsyncClient, email: str, password: str = TEST_PASSWORD) -> httpx.AsyncClient:
    """Log `client` in through the API and make it send the CSRF header on unsafe calls from now on."""
    await client.get("/health")
    token = client.cookies.get("csrftoken")
    client.headers["x-csrftoken"] = token or ""
    response = await client.post("/api/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return client


@pytest.fixture
def login():  # type: ignore[no-untyped-def]
    """`await login(client, email, password=TEST_PASSWORD)`: logs the client in and sets its CSRF header."""
    return _login


async def set_password(db: AsyncSession, user_id: uuid.UUID, password: str = TEST_PASSWORD) -> None:
    """Give an arranged account (from make_placement) a password so that it can log in."""
    from placement.accounts.passwords import hash_password

    user = await db.get(User, user_id)
    assert user is not None
    user.password_hash = await hash_password(password)
    await db.commit()


@pytest.fixture
def login_as(client: httpx.AsyncClient, app: Litestar, db: AsyncSession):  # type: ignore[no-untyped-def]
    """`async with login_as(user_id) as other:` another client of its own, logged in as that (arranged or made) account.

    It shares the app (and its lifespan) that the `client` fixture started.
    """
    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def open_client(user_id: uuid.UUID):  # type: ignore[no-untyped-def]
        user = await db.get(User, user_id)
        assert user is not None
        if user.password_hash is None:
            await set_password(db, user_id)
        await db.commit()
        async with _asgi_client(app) as other:
            yield await _login(other, user.email)

    return open_client


@pytest.fixture
def add_history(db: AsyncSession):  # type: ignore[no-untyped-def]
    """`await add_history(arranged, weeks=4)`: logs whose ratings rise, a two-step disagreement, B and F assessments."""
    from goals.weeks import add_weeks, format_week
    from placement.db.models import Assessment, AssessmentAnswer, CaseworkerAssessment, SubGoalRating, WeeklyLog

    async def add(arranged: Arranged, weeks: int = 4) -> None:
        """Four weeks in which the company contact's and mentor's ratings rise, plus B and F assessments."""
        start = format_week(dt.date.today() - dt.timedelta(weeks=weeks - 1))
        for n in range(weeks):
            week = add_weeks(start, n)
            for author, role, offset in (
                (arranged.company_contact_id, Role.COMPANY_CONTACT, 0),
                (arranged.mentor_id, Role.MENTOR, -2 if n == weeks - 1 else 0),
            ):
                log = WeeklyLog(
                    placement_id=arranged.placement_id,
                    week=week,
                    author_id=author,
                    author_role=role,
                    placement_hours=10 + 2 * n,
                    ordinary_hours=n,
                    absence_hours=0,
                    small_steps="Tog selv telefonen" if n == 2 and role is Role.MENTOR else "",
                )
                log.ratings = [SubGoalRating(subgoal_id=arranged.subgoal_ids[0], rating=max(1, min(5, 1 + n + offset)))]
                db.add(log)
        assessment = Assessment(
            placement_id=arranged.placement_id,
            assessed_on=dt.date.today(),
            recorded_by_id=arranged.citizen_user_id,
            recorded_by_role=Role.CITIZEN,
        )
        assessment.answers = [
            AssessmentAnswer(question_key="A1", factor="A", value=4),
            AssessmentAnswer(question_key="B1", factor="B", value=2),
        ]
        db.add(assessment)
        db.add(
            CaseworkerAssessment(
                placement_id=arranged.placement_id,
                consultant_id=arranged.consultant_id,
                assessed_on=dt.date.today(),
                score=3,
                reason="Stabilt fremmøde",
            )
        )
        await db.commit()

    return add


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> None:
    """Cheap argon2id parameters for the suite: the production ones cost ~100 ms a hash, paid thousands of times here."""
    from placement.accounts.passwords import configure_hashing

    configure_hashing(time_cost=1, memory_cost=1024, parallelism=1)
