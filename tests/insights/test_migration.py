"""Migration 0008 fills the facts of the placements that were there before it."""

from __future__ import annotations

import datetime as dt
import uuid

import anyio
from sqlalchemy import column, insert, select, table
from sqlalchemy.orm import Session

from placement.db import fact_rows, migrate
from placement.db.engine import create_engine
from placement.db.models import Citizen, Company, Placement, PlacementFact, PlanWeek, User

# The placement table as it is at revision 0007: the columns of later migrations (0009's tasks and wishes) left out.
PLACEMENT_AT_0007 = table(
    "placement",
    *(column(c.name, c.type) for c in Placement.__table__.columns if c.name not in {"tasks", "citizen_wishes"}),
)


async def test_the_upgrade_fills_the_facts_of_existing_placements(database_factory) -> None:
    settings = await database_factory.empty()
    await anyio.to_thread.run_sync(migrate.upgrade, settings, "0007")
    now = dt.datetime.now(dt.UTC)
    stamp = {"created_at": now, "updated_at": now}
    ids = {name: uuid.uuid4() for name in ("user", "company", "citizen", "placement")}
    start = dt.date(2026, 9, 7)
    engine = create_engine(settings.as_schema_owner())
    try:
        # Plain statements on a connection: no session, so nothing but the migration computes facts.
        async with engine.begin() as connection:
            await connection.execute(
                insert(User.__table__).values(id=ids["user"], email="k@x.dk", name="K", role="consultant", **stamp)
            )
            await connection.execute(
                insert(Company.__table__).values(id=ids["company"], name="Æ ApS", cvr="12345674", **stamp)
            )
            await connection.execute(
                insert(Citizen.__table__).values(
                    id=ids["citizen"], name="B", case_ref="S-1", target_group="jobparat", **stamp
                )
            )
            await connection.execute(
                insert(PLACEMENT_AT_0007).values(
                    id=ids["placement"],
                    citizen_id=ids["citizen"],
                    company_id=ids["company"],
                    consultant_id=ids["user"],
                    purpose="Afklaring",
                    start_date=start,
                    planned_end_date=start + dt.timedelta(weeks=8, days=-1),
                    status="active",
                    **stamp,
                )
            )
            await connection.execute(
                insert(PlanWeek.__table__).values(
                    id=uuid.uuid4(), placement_id=ids["placement"], week="2026-W37", placement_hours=10
                )
            )
    finally:
        await engine.dispose()
    await anyio.to_thread.run_sync(migrate.upgrade, settings)
    engine = create_engine(settings)
    try:
        async with engine.connect() as connection:
            stored = (await connection.execute(select(PlacementFact.__table__))).one()._mapping
            computed, _ = await connection.run_sync(
                lambda sync: fact_rows.compute(Session(bind=sync), [ids["placement"]])
            )
    finally:
        await engine.dispose()
    assert stored["placement_id"] == ids["placement"] and stored["length_band"] == "5-8"
    assert stored["target_group"] == "jobparat" and stored["hours_planned"] == 0
    assert dict(stored) == {key: getattr(value, "value", value) for key, value in computed[0].items()}
