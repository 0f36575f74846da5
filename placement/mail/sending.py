"""The sender: claims due mails of the outbox, hands them to the transport, records each outcome with back-off."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass

from litestar import Litestar
from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from placement.clock import Clock
from placement.config import Settings
from placement.db.engine import READ_ONLY
from placement.db.models import MailOutbox, MailStatus
from placement.mail.transport import Outgoing, Transport

logger = logging.getLogger("placement.mail")

BATCH = 20
# A claimed mail is someone's for this long; a sender that stopped mid-try leaves it due again after it.
CLAIM = dt.timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class SendReport:
    sent: int = 0
    retried: int = 0
    failed: int = 0


def _due(now: dt.datetime) -> ColumnElement[bool]:
    # A first try is due at once (enqueue stamps the wall clock, not the service's); a retry once its back-off ran out.
    return (MailOutbox.status == MailStatus.QUEUED) & or_(MailOutbox.attempts == 0, MailOutbox.next_attempt_at <= now)


def back_off(settings: Settings, attempts: int) -> dt.timedelta:
    """The wait after the `attempts`-th failed try: the base, doubled for each try before it."""
    return dt.timedelta(seconds=settings.mail_retry_seconds * 2 ** (attempts - 1))


async def _claim(db: AsyncSession, now: dt.datetime, settings: Settings) -> list[MailOutbox]:
    """Take due mails for this sender, in one transaction: PostgreSQL skips rows another sender has locked, SQLite
    lets one writer in at a time; either way each claimed row has its attempt counted and is no longer due."""
    async with db.begin():
        rows = list(
            await db.scalars(
                select(MailOutbox)
                .where(_due(now))
                .order_by(MailOutbox.next_attempt_at)
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            )
        )
        claimed = []
        for row in rows:
            if row.attempts >= settings.mail_max_attempts:  # its last try was interrupted: give up, say why
                row.status, row.last_error_type = MailStatus.FAILED, "SendInterrupted"
                continue
            row.attempts += 1
            row.next_attempt_at = now + CLAIM
            claimed.append(row)
    return claimed


async def _record(db: AsyncSession, row_id: uuid.UUID, values: dict[str, object]) -> None:
    async with db.begin():
        await db.execute(
            update(MailOutbox).where(MailOutbox.id == row_id, MailOutbox.status == MailStatus.QUEUED).values(**values)
        )


async def send_due(
    sessions: async_sessionmaker[AsyncSession], transport: Transport, *, clock: Clock, settings: Settings
) -> SendReport:
    """Send every mail due now; a failed try is retried after back_off, the last one marks the mail failed.

    The transport is called outside any transaction: no lock waits for an SMTP server.
    """
    sent = retried = failed = 0
    while True:
        async with sessions() as db:
            claimed = await _claim(db, clock.now(), settings)
        if not claimed:
            return SendReport(sent=sent, retried=retried, failed=failed)
        for row in claimed:
            mail = Outgoing(kind=row.kind, recipient=row.recipient, subject=row.subject, text=row.text, html=row.html)
            try:
                await transport.send(mail)
            except Exception as error:
                values: dict[str, object] = {"last_error_type": type(error).__name__}
                if row.attempts >= settings.mail_max_attempts:
                    values["status"] = MailStatus.FAILED
                    failed += 1
                else:
                    values["next_attempt_at"] = clock.now() + back_off(settings, row.attempts)
                    retried += 1
                logger.warning("mail %s try %d failed (%s)", row.kind, row.attempts, type(error).__name__)
            else:
                # The body holds a link with a token: it goes once the mail is out.
                values = {"status": MailStatus.SENT, "sent_at": clock.now(), "text": "", "html": ""}
                sent += 1
                done = "sent" if transport.mode == "queued" else "written to the log"
                logger.info("mail %s %s (try %d)", row.kind, done, row.attempts)
            async with sessions() as db:
                await _record(db, row.id, values)


async def anything_due(sessions: async_sessionmaker[AsyncSession], now: dt.datetime) -> bool:
    """Read without the write lock whether a claim is worth a transaction."""
    async with sessions() as db, db.begin():
        return (await db.scalar(select(MailOutbox.id).where(_due(now)).limit(1))) is not None


class Sender:
    """The in-process sender of `placement run`: sends what is due every PLACEMENT_MAIL_POLL_SECONDS."""

    def __init__(self, engine: AsyncEngine, transport: Transport, *, clock: Clock, settings: Settings) -> None:
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.readers = async_sessionmaker(engine.execution_options(**READ_ONLY), expire_on_commit=False)
        self.transport, self.clock, self.settings = transport, clock, settings
        self._task: asyncio.Task[None] | None = None

    async def run_once(self) -> SendReport:
        if not await anything_due(self.readers, self.clock.now()):
            return SendReport()
        return await send_due(self.sessions, self.transport, clock=self.clock, settings=self.settings)

    async def _loop(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception as error:
                logger.error("mail sender could not run (%s)", type(error).__name__)
            await asyncio.sleep(self.settings.mail_poll_seconds)

    def start(self) -> None:
        self._task = asyncio.create_task(self._loop(), name="placement-mail-sender")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task
            self._task = None


@asynccontextmanager
async def in_process_sender(app: Litestar) -> AsyncIterator[None]:
    """The app's lifespan: a Sender while the app runs, unless PLACEMENT_MAIL_SEND_IN_PROCESS is off."""
    settings: Settings = app.state.settings
    if not settings.mail_send_in_process:
        yield
        return
    sender = Sender(app.state.engine, app.state.mail_transport, clock=app.state.clock, settings=settings)
    sender.start()
    try:
        yield
    finally:
        await sender.stop()
