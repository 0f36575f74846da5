"""Migration 0010 adds the registry of served question items and gives every assessment its bank version, "before-0010"
for those already there, on every engine; the downgrade takes both away and keeps the assessments and answers."""

from __future__ import annotations

import datetime as dt
import uuid

import anyio
from sqlalchemy import inspect, text

from placement.db import migrate
from placement.db.engine import create_engine


async def test_0010_marks_old_assessments_before_0010_and_its_downgrade_keeps_them(database_factory) -> None:
    settings = await database_factory.empty()
    await anyio.to_thread.run_sync(migrate.upgrade, settings, "0009")
    engine = create_engine(settings.as_schema_owner())
    sqlite = engine.dialect.name == "sqlite"

    def uid() -> object:
        value = uuid.uuid4()
        return value.bytes if sqlite else value

    now = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
    consultant, company, citizen, placement, assessment = uid(), uid(), uid(), uid(), uid()
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
            await c.execute(
                text(
                    "INSERT INTO assessment (id, placement_id, assessed_on, recorded_by_id, recorded_by_role, "
                    "created_at, updated_at) VALUES (:id, :p, :day, :by, 'consultant', :at, :at)"
                ),
                {"id": assessment, "p": placement, "day": dt.date(2026, 12, 1), "by": consultant, "at": now},
            )
            await c.execute(
                text(
                    "INSERT INTO assessment_answer (id, assessment_id, question_key, factor, value) "
                    "VALUES (:id, :a, 'A1', 'A', 4)"
                ),
                {"id": uid(), "a": assessment},
            )
        await engine.dispose()
        await anyio.to_thread.run_sync(migrate.upgrade, settings)
        async with engine.connect() as c:
            stored = (await c.execute(text("SELECT bank_version FROM assessment"))).scalar()
            tables = set(await c.run_sync(lambda s: inspect(s).get_table_names()))
        await engine.dispose()
        await anyio.to_thread.run_sync(migrate.downgrade, settings, "0009")
        async with engine.connect() as c:
            columns = {column["name"] for column in await c.run_sync(lambda s: inspect(s).get_columns("assessment"))}
            tables_after = set(await c.run_sync(lambda s: inspect(s).get_table_names()))
            answers = (await c.execute(text("SELECT question_key, value FROM assessment_answer"))).all()
            kept = (await c.execute(text("SELECT recorded_by_role FROM assessment"))).scalar()
        await engine.dispose()
        await anyio.to_thread.run_sync(migrate.upgrade, settings)
        async with engine.connect() as c:
            again = (await c.execute(text("SELECT bank_version FROM assessment"))).scalar()
    finally:
        await engine.dispose()
    assert stored == "before-0010" and "question_item_served" in tables
    assert "bank_version" not in columns and "question_item_served" not in tables_after
    assert kept == "consultant" and [tuple(a) for a in answers] == [("A1", 4)]
    assert again == "before-0010"
