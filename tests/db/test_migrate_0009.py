"""Migration 0009 gives every placement its tasks and the citizen's wishes, empty for those already there, on every
engine; the downgrade takes the columns away and keeps the placements and what hangs on them."""

from __future__ import annotations

import datetime as dt
import uuid

import anyio
from sqlalchemy import inspect, text

from placement.db import migrate
from placement.db.engine import create_engine


async def test_0009_adds_empty_tasks_and_wishes_and_its_downgrade_keeps_the_placements(database_factory) -> None:
    settings = await database_factory.empty()
    await anyio.to_thread.run_sync(migrate.upgrade, settings, "0008")
    engine = create_engine(settings.as_schema_owner())
    sqlite = engine.dialect.name == "sqlite"

    def uid() -> object:
        value = uuid.uuid4()
        return value.bytes if sqlite else value

    now = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
    consultant, company, citizen, placement = uid(), uid(), uid(), uid()
    try:
        async with engine.begin() as c:
            await c.execute(
                text(
                    "INSERT INTO user_account (id, email, name, role, is_active, created_at, updated_at) "
                    "VALUES (:id, 'k@example.dk', 'K', 'consultant', true, :at, :at)"
                ),
                {"id": consultant, "at": now},
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
                    "(:id, :citizen, :company, :consultant, 'Afklaring', 'Jens', '', :day, :day, 'planned', 1, :at, :at)"
                ),
                {
                    "id": placement,
                    "citizen": citizen,
                    "company": company,
                    "consultant": consultant,
                    "day": dt.date(2026, 12, 7),
                    "at": now,
                },
            )
            await c.execute(
                text(
                    "INSERT INTO plan_week (id, placement_id, week, placement_hours, ordinary_hours_target) "
                    "VALUES (:id, :p, '2026-W50', 10, 0)"
                ),
                {"id": uid(), "p": placement},
            )
        await engine.dispose()
        await anyio.to_thread.run_sync(migrate.upgrade, settings)
        async with engine.connect() as c:
            stored = (await c.execute(text("SELECT purpose, tasks, citizen_wishes FROM placement"))).one()
        await engine.dispose()
        await anyio.to_thread.run_sync(migrate.downgrade, settings, "0008")
        async with engine.connect() as c:
            columns = {column["name"] for column in await c.run_sync(lambda s: inspect(s).get_columns("placement"))}
            kept = (await c.execute(text("SELECT purpose, contact_person, status FROM placement"))).one()
            weeks = (await c.execute(text("SELECT count(*) FROM plan_week"))).scalar()
        await engine.dispose()
        await anyio.to_thread.run_sync(migrate.upgrade, settings)
        async with engine.connect() as c:
            again = (await c.execute(text("SELECT tasks, citizen_wishes FROM placement"))).one()
    finally:
        await engine.dispose()
    assert tuple(stored) == ("Afklaring", "", "")
    assert "tasks" not in columns and "citizen_wishes" not in columns
    assert tuple(kept) == ("Afklaring", "Jens", "planned") and weeks == 1
    assert tuple(again) == ("", "")
