"""When the week's reminders are due, one pass that queues them under the lease, and the in-process schedule."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from litestar import Litestar
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goals.weeks import format_week
from placement.clock import COPENHAGEN, Clock
from placement.config import Settings
from placement.reminders import lease
from placement.reminders.services import LinkFor, queue_reminders

logger = logging.getLogger("placement.reminders")

LEASE = "weekly_reminders"
# Longer than a pass takes; a process that died holding the lease leaves it to the others after this.
LEASE_LENGTH = dt.timedelta(minutes=10)
WAKE_SECONDS = 300


def due_week(now: dt.datetime, settings: Settings) -> str | None:
    """The ISO week whose reminders are due at `now`: the current week in Copenhagen once its configured weekday
    (PLACEMENT_REMINDER_WEEKDAY) and hour (PLACEMENT_REMINDER_HOUR) have come; None before that."""
    local = now.astimezone(COPENHAGEN)
    if (local.isoweekday(), local.hour) < (settings.reminder_weekday, settings.reminder_hour):
        return None
    return format_week(local.date())


async def run_pass(
    sessions: async_sessionmaker[AsyncSession], *, clock: Clock, settings: Settings, link_for: LinkFor
) -> int | None:
    """Queue the reminders due now in one transaction: how many new mails, or None when another process holds the
    lease. The outbox's unique dedupe key makes each reminder once even if two passes ever overlap."""
    week = due_week(clock.now(), settings)
    if week is None:
        return 0
    holder = f"{os.getpid()}-{uuid.uuid4().hex}"
    if not await lease.take(sessions, LEASE, holder, clock.now(), LEASE_LENGTH):
        return None
    try:
        async with sessions() as db, db.begin():
            queued = await queue_reminders(
                db,
                week=week,
                today=clock.today(),
                grace_weeks=settings.log_grace_weeks,
                link_for=link_for,
                interval_days=settings.self_assessment_interval_days,
                own_view_days=settings.handover_own_view_days,
            )
    finally:
        await lease.release(sessions, LEASE, holder, clock.now())
    logger.info("reminders for %s: %d mails queued", week, queued)
    return queued


def link_to_log(app: Litestar) -> LinkFor:
    """The absolute link to a placement's weekly log form, by route name on PLACEMENT_BASE_URL."""
    settings: Settings = app.state.settings
    return lambda placement_id: settings.absolute_url(app.route_reverse("logs:form", placement_id=placement_id))


async def _loop(app: Litestar) -> None:
    sessions = async_sessionmaker(app.state.engine, expire_on_commit=False)
    link_for = link_to_log(app)
    while True:
        try:
            await run_pass(sessions, clock=app.state.clock, settings=app.state.settings, link_for=link_for)
        except Exception as error:
            logger.error("reminder pass could not run (%s)", type(error).__name__)
        await asyncio.sleep(WAKE_SECONDS)


@asynccontextmanager
async def in_process_reminders(app: Litestar) -> AsyncIterator[None]:
    """The app's lifespan: a pass every few minutes while the app runs, unless PLACEMENT_REMINDERS_IN_PROCESS is off."""
    if not app.state.settings.reminders_in_process:
        yield
        return
    task = asyncio.create_task(_loop(app), name="placement-reminders")
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task
