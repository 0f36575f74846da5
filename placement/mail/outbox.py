"""The outbox: a mail is a row written in the transaction of the action that causes it, sent after that commits."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from placement.db.models import MailOutbox, MailStatus


async def enqueue(
    db: AsyncSession,
    *,
    kind: str,
    recipient: str,
    language: str,
    subject: str,
    text: str,
    html: str,
    dedupe_key: str | None = None,
) -> bool:
    """Queue a mail in the caller's transaction: it is sent once that commits, and never if it rolls back.

    False (and nothing written) when a mail with the same dedupe_key exists already, sent or not: a mail that must go
    once (a reminder for a week) is queued once, whatever process or run asks for it.
    """
    now = dt.datetime.now(dt.UTC)
    insert = postgresql.insert if db.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(MailOutbox)
        .values(
            kind=kind,
            recipient=recipient,
            language=language,
            subject=subject,
            text=text,
            html=html,
            dedupe_key=dedupe_key,
            status=MailStatus.QUEUED,
            attempts=0,
            # A first try is due at once whatever the clock says (sending.due); this orders the queue.
            next_attempt_at=now,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(MailOutbox.id)
    )
    return (await db.scalar(statement)) is not None
