"""The migrations build the schema the models describe, and undo it, on every engine."""

from __future__ import annotations

import anyio
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from placement.db import migrate
from placement.db.base import metadata
from placement.db.engine import create_engine


def _diff(connection):  # type: ignore[no-untyped-def]
    context = MigrationContext.configure(
        connection,
        opts={"compare_type": True, "render_as_batch": connection.dialect.name == "sqlite"},
    )
    # SQLite reflects GUID's BINARY(16) as NUMERIC(16): the same column, as migrations/env.py also says.
    return [
        d
        for d in compare_metadata(context, metadata)
        if not (connection.dialect.name == "sqlite" and d[0][0] == "modify_type" and "GUID" in repr(d[0][-1]))
    ]


async def _tables(settings) -> set[str]:  # type: ignore[no-untyped-def]
    engine = create_engine(settings)
    try:
        async with engine.connect() as connection:
            return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await engine.dispose()


async def test_upgrade_downgrade_upgrade_leaves_no_difference_to_the_models(database_factory) -> None:
    settings = await database_factory.empty()
    await anyio.to_thread.run_sync(migrate.upgrade, settings)
    await anyio.to_thread.run_sync(migrate.downgrade, settings, "base")
    assert await _tables(settings) <= {"alembic_version"}
    await anyio.to_thread.run_sync(migrate.upgrade, settings)

    engine = create_engine(settings)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(_diff)
    finally:
        await engine.dispose()
    assert differences == []
    assert set(metadata.tables) <= await _tables(settings)


async def test_audit_rows_cannot_be_updated_or_deleted_even_by_the_schema_owner(settings) -> None:
    engine = create_engine(settings.as_schema_owner())
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO audit_event (id, at, actor_role, action, purpose, object_type, outcome, request_id) "
                    "VALUES (:id, :at, 'system', 'test', '', 'none', 'allowed', '')"
                ),
                {
                    "id": b"\x01" * 16 if engine.dialect.name == "sqlite" else "01010101-0101-0101-0101-010101010101",
                    "at": "2026-11-22 10:00:00+00:00"
                    if engine.dialect.name == "sqlite"
                    else __import__("datetime").datetime(2026, 11, 22, tzinfo=__import__("datetime").UTC),
                },
            )
        for statement in ("UPDATE audit_event SET action = 'changed'", "DELETE FROM audit_event"):
            try:
                async with engine.begin() as connection:
                    await connection.execute(text(statement))
            except (DBAPIError, IntegrityError) as exc:
                assert "append-only" in str(exc)
            else:
                raise AssertionError(f"{statement} was allowed")
    finally:
        await engine.dispose()


async def test_0003_ties_each_citizen_to_its_first_citizen_account_and_drops_consents_without_a_placement(
    database_factory,
) -> None:
    """Two accounts joined one citizen's placements as "citizen": the first keeps it, the second loses it; an
    account already tied to one citizen is not tied to a second; consent rows that named no placement go."""
    import datetime as dt
    import uuid

    settings = await database_factory.empty()
    await anyio.to_thread.run_sync(migrate.upgrade, settings, "0002")
    engine = create_engine(settings)
    sqlite = engine.dialect.name == "sqlite"

    def uid() -> object:
        value = uuid.uuid4()
        return value.bytes if sqlite else value

    now = dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC)
    at = [now + dt.timedelta(minutes=n) for n in range(5)]
    first, second, consultant, x, y, company = (uid() for _ in range(6))
    px, py1 = uid(), uid()
    try:
        async with engine.begin() as c:
            for user, role in ((first, "citizen"), (second, "citizen"), (consultant, "consultant")):
                await c.execute(
                    text(
                        "INSERT INTO user_account (id, email, name, role, is_active, created_at, updated_at) "
                        "VALUES (:id, :email, 'N', :role, true, :at, :at)"
                    ),
                    {"id": user, "email": f"{uuid.uuid4().hex}@example.dk", "role": role, "at": now},
                )
            await c.execute(
                text(
                    "INSERT INTO company (id, name, cvr, version, created_at, updated_at) "
                    "VALUES (:id, 'F', '25313763', 1, :at, :at)"
                ),
                {"id": company, "at": now},
            )
            for citizen, ref in ((x, "X"), (y, "Y")):
                await c.execute(
                    text(
                        "INSERT INTO citizen (id, name, case_ref, target_group, version, created_at, "
                        "updated_at) VALUES (:id, 'B', :ref, 'g', 1, :at, :at)"
                    ),
                    {"id": citizen, "ref": ref, "at": now},
                )
            for placement, citizen in ((px, x), (py1, y)):
                await c.execute(
                    text(
                        "INSERT INTO placement (id, citizen_id, company_id, consultant_id, purpose, contact_person, "
                        "mentor_name, start_date, planned_end_date, status, version, created_at, updated_at) VALUES "
                        "(:id, :citizen, :company, :consultant, 'p', '', '', :day, :day, 'active', 1, :at, :at)"
                    ),
                    {
                        "id": placement,
                        "citizen": citizen,
                        "company": company,
                        "consultant": consultant,
                        "day": dt.date(2026, 11, 1),
                        "at": now,
                    },
                )
            # First joins X, then a second "citizen" joins X too, then the first also joins Y's placement.
            for placement, user, when in ((px, first, at[0]), (px, second, at[1]), (py1, first, at[2])):
                await c.execute(
                    text(
                        "INSERT INTO placement_member (id, placement_id, user_id, role, created_at, "
                        "updated_at) VALUES (:id, :p, :u, 'citizen', :at, :at)"
                    ),
                    {"id": uid(), "p": placement, "u": user, "at": when},
                )
            await c.execute(
                text(
                    "INSERT INTO consent (id, citizen_id, kind, given_at, recorded_by_id, created_at, "
                    "updated_at) VALUES (:id, :c, 'share_health_b', :at, :u, :at, :at)"
                ),
                {"id": uid(), "c": x, "u": first, "at": now},
            )
        await engine.dispose()
        await anyio.to_thread.run_sync(migrate.upgrade, settings)
        async with engine.connect() as c:
            tied = dict((await c.execute(text("SELECT case_ref, user_id FROM citizen"))).all())
            members = (await c.execute(text("SELECT count(*) FROM placement_member"))).scalar()
            consents = (await c.execute(text("SELECT count(*) FROM consent"))).scalar()
    finally:
        await engine.dispose()
    assert tied["X"] == first and tied["Y"] is None
    assert members == 0 and consents == 0


async def test_0004_fills_the_creator_of_each_citizen_from_the_audit_row_of_its_creation(database_factory) -> None:
    """The earliest allowed "create" names the creator; a refused one, a read or no row at all name nobody. The
    citizen table is copied on SQLite with placements and audit rows referring to it, and downgrades the same way."""
    import datetime as dt
    import uuid

    settings = await database_factory.empty()
    await anyio.to_thread.run_sync(migrate.upgrade, settings, "0003")
    engine = create_engine(settings)
    sqlite = engine.dialect.name == "sqlite"

    def uid() -> object:
        value = uuid.uuid4()
        return value.bytes if sqlite else value

    now = dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC)
    creator, other, company = uid(), uid(), uid()
    citizens = {"CREATED": uid(), "REFUSED": uid(), "READ": uid(), "NONE": uid()}
    # (citizen, actor, action, outcome, minutes after now)
    events = [
        ("CREATED", other, "read", "allowed", 0),
        ("CREATED", creator, "create", "allowed", 1),
        ("CREATED", other, "create", "allowed", 2),
        ("REFUSED", other, "create", "denied", 0),
        ("READ", creator, "read", "allowed", 0),
    ]
    try:
        async with engine.begin() as c:
            for user in (creator, other):
                await c.execute(
                    text(
                        "INSERT INTO user_account (id, email, name, role, is_active, created_at, updated_at) "
                        "VALUES (:id, :email, 'N', 'consultant', true, :at, :at)"
                    ),
                    {"id": user, "email": f"{uuid.uuid4().hex}@example.dk", "at": now},
                )
            await c.execute(
                text(
                    "INSERT INTO company (id, name, cvr, version, created_at, updated_at) "
                    "VALUES (:id, 'F', '25313763', 1, :at, :at)"
                ),
                {"id": company, "at": now},
            )
            for ref, citizen in citizens.items():
                await c.execute(
                    text(
                        "INSERT INTO citizen (id, name, case_ref, target_group, version, created_at, updated_at) "
                        "VALUES (:id, 'B', :ref, 'g', 1, :at, :at)"
                    ),
                    {"id": citizen, "ref": ref, "at": now},
                )
            await c.execute(
                text(
                    "INSERT INTO placement (id, citizen_id, company_id, consultant_id, purpose, contact_person, "
                    "mentor_name, start_date, planned_end_date, status, version, created_at, updated_at) VALUES "
                    "(:id, :citizen, :company, :consultant, 'p', '', '', :day, :day, 'active', 1, :at, :at)"
                ),
                {
                    "id": uid(),
                    "citizen": citizens["CREATED"],
                    "company": company,
                    "consultant": other,
                    "day": dt.date(2026, 11, 1),
                    "at": now,
                },
            )
            for ref, actor, action, outcome, minutes in events:
                await c.execute(
                    text(
                        "INSERT INTO audit_event (id, at, actor_id, actor_role, action, purpose, citizen_id, "
                        "object_type, outcome, request_id) VALUES "
                        "(:id, :at, :actor, 'consultant', :action, '', :citizen, 'citizen', :outcome, '')"
                    ),
                    {
                        "id": uid(),
                        "at": now + dt.timedelta(minutes=minutes),
                        "actor": actor,
                        "action": action,
                        "citizen": citizens[ref],
                        "outcome": outcome,
                    },
                )
        await engine.dispose()
        await anyio.to_thread.run_sync(migrate.upgrade, settings)
        async with engine.connect() as c:
            creators = dict((await c.execute(text("SELECT case_ref, created_by_id FROM citizen"))).all())
            placements = (await c.execute(text("SELECT count(*) FROM placement"))).scalar()
        await engine.dispose()
        await anyio.to_thread.run_sync(migrate.downgrade, settings, "0003")
        async with engine.connect() as c:
            columns = {column["name"] for column in await c.run_sync(lambda s: inspect(s).get_columns("citizen"))}
            left = (await c.execute(text("SELECT count(*) FROM citizen"))).scalar()
    finally:
        await engine.dispose()
    assert creators == {"CREATED": creator, "REFUSED": None, "READ": None, "NONE": None}
    assert placements == 1
    assert "created_by_id" not in columns and left == 4
