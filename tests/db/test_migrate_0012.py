"""Migration 0012 adds the citizen's own weekly rating as tables of its own, on every engine; the downgrade drops
them and keeps the placements and the observers' log."""

from __future__ import annotations

import datetime as dt
import uuid

import anyio
from sqlalchemy import inspect, text

from placement.db import migrate
from placement.db.engine import create_engine


async def test_0012_adds_the_own_rating_tables_and_its_downgrade_keeps_the_placements(database_factory) -> None:
    settings = await database_factory.empty()
    await anyio.to_thread.run_sync(migrate.upgrade, settings, "0012")
    engine = create_engine(settings.as_schema_owner())
    sqlite = engine.dialect.name == "sqlite"

    def uid() -> object:
        value = uuid.uuid4()
        return value.bytes if sqlite else value

    now = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
    citizen_user, consultant, company, citizen, placement, goal, own = (uid() for _ in range(7))
    try:
        async with engine.begin() as c:
            for user, role in ((consultant, "consultant"), (citizen_user, "citizen")):
                await c.execute(
                    text(
                        "INSERT INTO user_account (id, email, name, role, is_active, created_at, updated_at) "
                        "VALUES (:id, :email, 'U', :role, true, :at, :at)"
                    ),
                    {"id": user, "email": f"{role}@example.dk", "role": role, "at": now},
                )
            await c.execute(
                text(
                    "INSERT INTO company (id, name, cvr, version, created_at, updated_at) "
                    "VALUES (:id, 'F', '25313763', 1, :at, :at)"
                ),
                {"id": company, "at": now},
            )
            await c.execute(
                text(
                    "INSERT INTO citizen (id, name, case_ref, target_group, version, created_at, updated_at) "
                    "VALUES (:id, 'B', 'S-1', 'g', 1, :at, :at)"
                ),
                {"id": citizen, "at": now},
            )
            await c.execute(
                text(
                    "INSERT INTO placement (id, citizen_id, company_id, consultant_id, purpose, contact_person, "
                    "mentor_name, start_date, planned_end_date, status, version, created_at, updated_at) VALUES "
                    "(:id, :citizen, :company, :consultant, 'Afklaring', 'Jens', '', :day, :day, 'active', 1, :at, :at)"
                ),
                {
                    "id": placement,
                    "citizen": citizen,
                    "company": company,
                    "consultant": consultant,
                    "day": dt.date(2026, 11, 2),
                    "at": now,
                },
            )
            await c.execute(
                text(
                    "INSERT INTO subgoal (id, placement_id, factor, title, target, horizon, position, version, "
                    "created_at, updated_at) VALUES (:id, :p, 'A', 'T', 'M', 'short', 0, 1, :at, :at)"
                ),
                {"id": goal, "p": placement, "at": now},
            )
            await c.execute(
                text(
                    "INSERT INTO self_rating (id, placement_id, week, author_id, note, version, created_at, "
                    "updated_at) VALUES (:id, :p, '2026-W48', :u, '', 1, :at, :at)"
                ),
                {"id": own, "p": placement, "u": citizen_user, "at": now},
            )
            await c.execute(
                text(
                    "INSERT INTO self_subgoal_rating (id, self_rating_id, subgoal_id, rating, note) "
                    "VALUES (:id, :own, :goal, 3, '')"
                ),
                {"id": uid(), "own": own, "goal": goal},
            )
            stored = (await c.execute(text("SELECT rating FROM self_subgoal_rating"))).scalar()
        await engine.dispose()
        await anyio.to_thread.run_sync(migrate.downgrade, settings, "0011")
        async with engine.connect() as c:
            tables = set(await c.run_sync(lambda s: inspect(s).get_table_names()))
            kept = (await c.execute(text("SELECT purpose, status FROM placement"))).one()
            goals = (await c.execute(text("SELECT count(*) FROM subgoal"))).scalar()
        await engine.dispose()
        await anyio.to_thread.run_sync(migrate.upgrade, settings, "0012")
        async with engine.connect() as c:
            again = (await c.execute(text("SELECT count(*) FROM self_rating"))).scalar()
    finally:
        await engine.dispose()
    assert stored == 3
    assert "self_rating" not in tables and "self_subgoal_rating" not in tables and "weekly_log" in tables
    assert tuple(kept) == ("Afklaring", "active") and goals == 1
    assert again == 0
