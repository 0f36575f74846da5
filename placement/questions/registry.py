"""The registry of served question items: at every start the bank's items are registered, and a bank that changes
the wording or options of a key served before is refused (stored answers under the key would change meaning)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from goals.bank_versions import ServedItem, changed_item_message, changes, served
from goals.questions import QuestionBank, QuestionBankError
from placement.clock import Clock
from placement.db.models import ServedQuestion

logger = logging.getLogger("placement.questions")


def _stored(row: ServedQuestion) -> ServedItem:
    return ServedItem(
        key=row.key, factor=row.factor, text=row.text, options=tuple((int(v), str(t)) for v, t in row.options)
    )


async def register_bank(db: AsyncSession, bank: QuestionBank, now: dt.datetime) -> list[str]:
    """Register the bank's new keys and check the known ones; the keys registered now, in the bank's order.

    Raises QuestionBankError naming the item's file, its key and what changed when a key already served stands for
    other wording or options. Insert-or-ignore on the unique key first, compare after: several processes starting at
    once each insert what is missing without a conflict, and each compares against the one row per key that won.
    """
    if not bank.items:
        return []
    insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    items = [served(item) for item in bank.items]
    inserted = await db.scalars(
        insert(ServedQuestion)
        .values(
            [
                {
                    "key": item.key,
                    "factor": item.factor,
                    "text": item.text,
                    "options": [list(option) for option in item.options],
                    "fingerprint": item.fingerprint,
                    "bank_version": bank.version,
                    "first_served_at": now,
                }
                for item in items
            ]
        )
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(ServedQuestion.key)
    )
    new = set(inserted)
    rows = {
        row.key: row
        for row in await db.scalars(select(ServedQuestion).where(ServedQuestion.key.in_([item.key for item in items])))
    }
    for item, now_served in zip(bank.items, items, strict=True):
        row = rows[item.key]
        if row.fingerprint == now_served.fingerprint:
            continue
        # The fingerprint differs; the stored wording says what changed (a bare fingerprint would not tell).
        what = changes(_stored(row), now_served) or ["its fingerprint"]
        since = row.first_served_at.date().isoformat()
        raise QuestionBankError(
            changed_item_message(
                item.origin or "in use",
                item.key,
                what,
                f"the item this service has served since {since} (bank version {row.bank_version or 'none'})",
            )
        )
    return [item.key for item in bank.items if item.key in new]


async def check_bank(engine: AsyncEngine, bank: QuestionBank, clock: Clock) -> list[str]:
    """register_bank in a transaction of its own, committed when the bank is accepted."""
    async with async_sessionmaker(engine, expire_on_commit=False)() as db, db.begin():
        return await register_bank(db, bank, clock.now())


@asynccontextmanager
async def registered_bank(app: Litestar) -> AsyncIterator[None]:
    """The app's lifespan: the bank is registered (or refused) before the first request.

    A database that cannot be reached does not stop the app (its /health says so); `placement run` has checked the
    bank against the database before it serves, so this is the second check of a normal start.
    """
    try:
        await check_bank(app.state.engine, app.state.bank, app.state.clock)
    except (DBAPIError, OSError) as error:
        logger.warning("question bank not checked against the database at start (%s)", type(error).__name__)
    yield
