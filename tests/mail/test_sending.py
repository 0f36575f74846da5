"""The outbox and its sender: a mail is kept with its action and only then sent, once (dedupe key, claims shared
between senders), retried with back-off, given up after the last try and shown on the admin page."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import async_sessionmaker

from placement.clock import Clock
from placement.config import Settings
from placement.db.engine import create_engine
from placement.db.models import MailOutbox, MailStatus
from placement.mail.outbox import enqueue
from placement.mail.sending import Sender, back_off, send_due
from placement.mail.transport import SmtpTransport
from tests.fixtures.mail import Inbox, deliver, with_smtp


@pytest.fixture
def settings(settings: Settings, smtp_server: Inbox) -> Settings:
    return with_smtp(settings, smtp_server).with_overrides(mail_retry_seconds=60, mail_max_attempts=3)


@pytest.fixture
def moment() -> list[dt.datetime]:
    return [dt.datetime.now(dt.UTC)]


@pytest.fixture
def clock(moment: list[dt.datetime]) -> Clock:
    return Clock(source=lambda: moment[0])


async def _queue(db, n: int = 1, *, dedupe_key: str | None = None) -> None:  # type: ignore[no-untyped-def]
    for i in range(n):
        await enqueue(
            db,
            kind="invitation",
            recipient=f"person{i}@firma.dk",
            language="da",
            subject="Emne",
            text=f"Hej\n\nhttp://127.0.0.1:8000/invitation#token{i}\n",
            html=f'<p><a href="http://127.0.0.1:8000/invitation#token{i}">link</a></p>',
            dedupe_key=dedupe_key,
        )
    await db.commit()


async def _row(db) -> MailOutbox:  # type: ignore[no-untyped-def]
    await db.commit()  # a fresh snapshot: the senders wrote in transactions of their own
    row = await db.scalar(select(MailOutbox).execution_options(populate_existing=True))
    assert row is not None
    return row


async def test_a_mail_queued_in_a_transaction_that_rolls_back_is_never_sent(app, db, smtp_server) -> None:
    await enqueue(db, kind="invitation", recipient="a@firma.dk", language="da", subject="S", text="T", html="H")
    await db.rollback()
    assert (await deliver(app)).sent == 0
    assert smtp_server.messages == []


async def test_a_dedupe_key_queues_a_mail_once(app, db, smtp_server) -> None:
    async def queue() -> bool:
        return await enqueue(
            db, kind="reminder", recipient="a@firma.dk", language="da", subject="S", text="T", html="H", dedupe_key="k1"
        )

    assert await queue() is True
    assert await queue() is False
    await db.commit()
    await deliver(app)
    assert await queue() is False  # also once the first is sent
    await db.commit()
    assert await db.scalar(select(func.count()).select_from(MailOutbox)) == 1
    assert len(smtp_server.messages) == 1


async def test_a_sent_mail_keeps_no_body(app, db, smtp_server, moment) -> None:
    await _queue(db)
    report = await deliver(app)
    assert (report.sent, report.retried, report.failed) == (1, 0, 0)
    row = await _row(db)
    assert (row.status, row.attempts, row.text, row.html, row.sent_at) == (MailStatus.SENT, 1, "", "", moment[0])
    assert (await deliver(app)).sent == 0  # nothing is sent twice


async def test_a_refused_mail_is_retried_with_back_off_then_failed_and_listed_for_the_admin(
    app, client, db, smtp_server, moment, settings, make_user, login_as
) -> None:
    smtp_server.refuse = True
    await _queue(db)
    start = moment[0]
    assert (await deliver(app)).retried == 1
    row = await _row(db)
    assert row.attempts == 1 and row.next_attempt_at == start + dt.timedelta(seconds=60)
    assert row.last_error_type == "SMTPDataError"

    moment[0] = start + dt.timedelta(seconds=59)
    assert (await deliver(app)).retried == 0  # the back-off has not run out
    moment[0] = start + dt.timedelta(seconds=60)
    assert (await deliver(app)).retried == 1
    row = await _row(db)
    assert row.attempts == 2 and row.next_attempt_at == moment[0] + dt.timedelta(seconds=120)
    assert back_off(settings, 3) == dt.timedelta(seconds=240)

    moment[0] += dt.timedelta(seconds=120)
    assert (await deliver(app)).failed == 1
    row = await _row(db)
    assert row.status is MailStatus.FAILED and row.attempts == 3
    moment[0] += dt.timedelta(days=1)
    assert (await deliver(app)).failed == 0  # given up for good

    admin = await make_user("admin")
    async with login_as(admin.id) as signed_in:
        page = await signed_in.get("/admin")
    assert "Mails der ikke kunne leveres" in page.text
    assert "person0@firma.dk" in page.text and "SMTPDataError" in page.text
    assert "token0" not in page.text and "Hej" not in page.text  # never the body


async def test_an_smtp_server_that_is_down_is_a_retry_too(app, db, settings) -> None:
    await _queue(db)
    down = SmtpTransport("smtp://127.0.0.1:1", settings.mail_sender)
    sessions = async_sessionmaker(app.state.engine, expire_on_commit=False)
    report = await send_due(sessions, down, clock=app.state.clock, settings=settings)
    assert report.retried == 1
    row = await _row(db)
    assert row.status is MailStatus.QUEUED and row.last_error_type in {"SMTPConnectError", "SMTPConnectTimeoutError"}


async def test_two_senders_at_once_send_each_mail_once(app, db, settings, smtp_server) -> None:
    await _queue(db, 12)
    engines = [create_engine(settings), create_engine(settings)]  # as two worker processes would have
    try:
        reports = await asyncio.gather(
            *(
                send_due(
                    async_sessionmaker(engine, expire_on_commit=False),
                    app.state.mail_transport,
                    clock=app.state.clock,
                    settings=settings,
                )
                for engine in engines
            )
        )
    finally:
        for engine in engines:
            await engine.dispose()
    assert sum(r.sent for r in reports) == 12
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(f"person{i}@firma.dk" for i in range(12))


async def test_a_try_cut_off_by_a_stopped_sender_is_due_again_after_its_claim(app, db, moment, smtp_server) -> None:
    await _queue(db)
    row = await _row(db)
    row.attempts, row.next_attempt_at = 1, moment[0] + dt.timedelta(minutes=10)  # claimed, then the sender stopped
    await db.commit()
    assert (await deliver(app)).sent == 0
    moment[0] += dt.timedelta(minutes=10)
    assert (await deliver(app)).sent == 1


async def test_the_in_process_sender_sends_what_is_due(app, db, settings, smtp_server) -> None:
    await _queue(db, 2)
    sender = Sender(app.state.engine, app.state.mail_transport, clock=app.state.clock, settings=settings)
    assert (await sender.run_once()).sent == 2
    assert (await sender.run_once()).sent == 0
    sender.start()
    await sender.stop()
