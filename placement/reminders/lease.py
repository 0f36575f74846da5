"""A lease in the database: one process at a time runs a pass, whichever worker or command asks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from placement.db.models import Lease


async def take(
    sessions: async_sessionmaker[AsyncSession], name: str, holder: str, now: dt.datetime, length: dt.timedelta
) -> bool:
    """Hold the lease `name` until now + length if nobody else holds it: True when this holder has it.

    A conditional UPDATE takes an expired lease (PostgreSQL re-checks the condition after a concurrent update, SQLite
    lets one writer in at a time); an INSERT that does nothing on conflict creates it the first time.
    """
    async with sessions() as db, db.begin():
        taken = await db.execute(
            update(Lease)
            .where(Lease.name == name, or_(Lease.expires_at <= now, Lease.holder == holder))
            .values(holder=holder, expires_at=now + length)
        )
        if taken.rowcount:  # type: ignore[attr-defined]
            return True
        insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
        created = await db.scalar(
            insert(Lease)
            .values(name=name, holder=holder, expires_at=now + length)
            .on_conflict_do_nothing(index_elements=["name"])
            .returning(Lease.name)
        )
        return created is not None


async def release(sessions: async_sessionmaker[AsyncSession], name: str, holder: str, now: dt.datetime) -> None:
    """Give the lease up at once, if this holder still has it."""
    async with sessions() as db, db.begin():
        await db.execute(update(Lease).where(Lease.name == name, Lease.holder == holder).values(expires_at=now))
