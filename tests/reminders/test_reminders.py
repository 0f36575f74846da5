"""Weekly reminders: when due, who gets one, the digest, once whatever runs the pass, and what the mails hold."""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from goals.weeks import format_week
from goals.wording import date_da
from placement.app import create_app
from placement.clock import COPENHAGEN, Clock
from placement.config import Settings
from placement.db.models import (
    Assessment,
    AssessmentAnswer,
    AuditEvent,
    Citizen,
    ConsultantAssignment,
    MailOutbox,
    Placement,
    PlacementStatus,
    Role,
    User,
    WeeklyLog,
)
from placement.reminders import lease
from placement.reminders.schedule import due_week, link_to_log, run_pass
from tests.fixtures.mail import Inbox, bodies, deliver, with_smtp

# Friday 4 December 2026, 12:30 in Copenhagen: past the default reminder time (Friday 12:00).
FRIDAY = dt.datetime(2026, 12, 4, 12, 30, tzinfo=COPENHAGEN)
WEEK = format_week(FRIDAY.date())


@pytest.fixture
def settings(settings: Settings, smtp_server: Inbox) -> Settings:
    return with_smtp(settings, smtp_server)


@pytest.fixture
def moment() -> list[dt.datetime]:
    return [FRIDAY]


@pytest.fixture
def clock(moment: list[dt.datetime]) -> Clock:
    return Clock(source=lambda: moment[0])


async def _pass(app) -> int | None:  # type: ignore[no-untyped-def]
    sessions = async_sessionmaker(app.state.engine, expire_on_commit=False)
    return await run_pass(sessions, clock=app.state.clock, settings=app.state.settings, link_for=link_to_log(app))


async def _outbox(db: AsyncSession) -> list[MailOutbox]:
    await db.commit()  # a fresh snapshot: the pass wrote in transactions of its own
    return list(await db.scalars(select(MailOutbox).order_by(MailOutbox.recipient)))


async def _email(db: AsyncSession, user_id: uuid.UUID) -> str:
    user = await db.get(User, user_id)
    assert user is not None
    return user.email


async def _log(db: AsyncSession, placement_id: uuid.UUID, author_id: uuid.UUID, role: Role) -> None:
    db.add(WeeklyLog(placement_id=placement_id, week=WEEK, author_id=author_id, author_role=role, placement_hours=10))
    await db.commit()


async def _started(make_placement, **kwargs):  # type: ignore[no-untyped-def]
    return await make_placement(start=FRIDAY.date() - dt.timedelta(weeks=3), **kwargs)


@pytest.mark.parametrize(
    ("local", "weekday", "hour", "expected"),
    [
        (dt.datetime(2026, 12, 4, 11, 59), 5, 12, None),
        (dt.datetime(2026, 12, 4, 12, 0), 5, 12, "2026-W49"),
        (dt.datetime(2026, 12, 6, 23, 59), 5, 12, "2026-W49"),
        (dt.datetime(2026, 12, 7, 0, 0), 5, 12, None),  # Monday: a new week, not yet due
        (dt.datetime(2026, 12, 3, 23, 0), 5, 12, None),
        (dt.datetime(2026, 12, 2, 9, 0), 3, 9, "2026-W49"),
        (dt.datetime(2026, 12, 7, 0, 0), 1, 0, "2026-W50"),
    ],
)
def test_reminders_are_due_from_the_configured_weekday_and_hour_in_copenhagen(
    local: dt.datetime, weekday: int, hour: int, expected: str | None
) -> None:
    settings = Settings(database_url="sqlite+aiosqlite://", reminder_weekday=weekday, reminder_hour=hour)
    instant = local.replace(tzinfo=COPENHAGEN).astimezone(dt.UTC)
    assert due_week(instant, settings) == expected


async def test_before_the_hour_nothing_is_queued(app, db, make_placement, moment) -> None:  # type: ignore[no-untyped-def]
    await _started(make_placement)
    moment[0] = FRIDAY.replace(hour=11, minute=59)
    assert await _pass(app) == 0
    assert await _outbox(db) == []


async def test_who_has_not_logged_gets_one_reminder_and_the_consultant_one_digest(  # type: ignore[no-untyped-def]
    app, db, make_placement
) -> None:
    arranged = await _started(make_placement)
    await _log(db, arranged.placement_id, arranged.mentor_id, Role.MENTOR)
    assert await _pass(app) == 2
    rows = await _outbox(db)
    contact, consultant = await _email(db, arranged.company_contact_id), await _email(db, arranged.consultant_id)
    assert sorted((r.kind, r.recipient) for r in rows) == sorted(
        [("reminder", contact), ("reminder_digest", consultant)]
    )
    reminder = next(r for r in rows if r.kind == "reminder")
    assert reminder.dedupe_key == f"reminder:{arranged.company_contact_id}:{arranged.placement_id}:{WEEK}"
    assert reminder.subject == "Husk ugens logbog"
    assert f"/forloeb/{arranged.placement_id}/logbog" in reminder.text
    assert "uge 49" in reminder.text and "Hej company_contact" in reminder.text
    digest = next(r for r in rows if r.kind == "reminder_digest")
    assert "kontaktpersonen, dig" in digest.text and "mentoren" not in digest.text
    assert f"/forloeb/{arranged.placement_id}/logbog" in digest.text


async def _self_assessed(db: AsyncSession, arranged, days_ago: int) -> None:  # type: ignore[no-untyped-def]
    db.add(
        Assessment(
            placement_id=arranged.placement_id,
            assessed_on=FRIDAY.date() - dt.timedelta(days=days_ago),
            recorded_by_id=arranged.citizen_user_id,
            recorded_by_role=Role.CITIZEN,
            answers=[AssessmentAnswer(question_key="A1", factor="A", value=3)],
        )
    )
    await db.commit()


async def test_a_placement_everyone_logged_gets_nothing(app, db, make_placement) -> None:  # type: ignore[no-untyped-def]
    arranged = await _started(make_placement)
    await _self_assessed(db, arranged, days_ago=3)  # on time: no notice either
    await _log(db, arranged.placement_id, arranged.mentor_id, Role.MENTOR)
    await _log(db, arranged.placement_id, arranged.company_contact_id, Role.COMPANY_CONTACT)
    await _log(db, arranged.placement_id, arranged.consultant_id, Role.CONSULTANT)
    assert await _pass(app) == 0
    assert await _outbox(db) == []


async def test_the_digest_names_a_late_self_assessment_and_an_own_f_owed_after_a_handover(  # type: ignore[no-untyped-def]
    app, db, make_placement, make_user
) -> None:
    previous = await make_user("consultant")
    arranged = await _started(make_placement)
    for role, author in (
        (Role.MENTOR, arranged.mentor_id),
        (Role.COMPANY_CONTACT, arranged.company_contact_id),
        (Role.CONSULTANT, arranged.consultant_id),
    ):
        await _log(db, arranged.placement_id, author, role)
    await _self_assessed(db, arranged, days_ago=20)  # the next was due 6 days ago
    # Handed over from `previous` 16 days ago; the new consultant has given no F of their own since.
    for holder, days_ago in ((previous.id, 21), (arranged.consultant_id, 16)):
        db.add(
            ConsultantAssignment(
                placement_id=arranged.placement_id,
                consultant_id=holder,
                assigned_by_id=holder,
                assigned_at=FRIDAY.astimezone(dt.UTC) - dt.timedelta(days=days_ago),
            )
        )
    await db.commit()
    assert await _pass(app) == 1
    (digest,) = await _outbox(db)
    assert (digest.kind, digest.recipient) == ("reminder_digest", await _email(db, arranged.consultant_id))
    assert digest.subject == "Det venter i denne uge"
    assert "Disse logbøger mangler" not in digest.text  # every log of the week is written
    late = f"borgerens måling er forsinket (senest {date_da(FRIDAY.date() - dt.timedelta(days=6))})"
    owed = f"din egen vurdering (F) efter overtagelsen (senest {date_da(FRIDAY.date() - dt.timedelta(days=2))})"
    assert "Det venter på dig:\n\n- Virksomhed " in digest.text
    assert f"{late}; {owed}" in digest.text and f"{late}; {owed}" in digest.html


async def test_ended_not_started_and_past_window_placements_get_nothing(  # type: ignore[no-untyped-def]
    app, db, make_placement
) -> None:
    ended = await _started(make_placement)
    await db.execute(
        update(Placement)
        .where(Placement.id == ended.placement_id)
        .values(status=PlacementStatus.ENDED, ended_on=FRIDAY.date() - dt.timedelta(days=1))
    )
    await db.commit()
    await make_placement(start=FRIDAY.date() + dt.timedelta(days=1))  # starts tomorrow
    # Ended (planned) four weeks ago and never marked: past the two weeks' grace, its window is over.
    await make_placement(start=FRIDAY.date() - dt.timedelta(weeks=10), weeks=6)
    assert await _pass(app) == 0
    assert await _outbox(db) == []


async def test_disabled_accounts_get_nothing(app, db, make_placement) -> None:  # type: ignore[no-untyped-def]
    arranged = await _started(make_placement)
    await db.execute(
        update(User).where(User.id.in_([arranged.mentor_id, arranged.consultant_id])).values(is_active=False)
    )
    await db.commit()
    assert await _pass(app) == 1
    assert [(r.kind, r.recipient) for r in await _outbox(db)] == [
        ("reminder", await _email(db, arranged.company_contact_id))
    ]


async def test_a_consultant_gets_one_digest_for_the_whole_caseload(app, db, make_placement) -> None:  # type: ignore[no-untyped-def]
    first = await _started(make_placement)
    second = await _started(make_placement, consultant_id=first.consultant_id)
    await _log(db, second.placement_id, second.company_contact_id, Role.COMPANY_CONTACT)
    # The first placement's contact and mentor, the second's mentor (its contact logged), and one digest.
    assert await _pass(app) == 4
    rows = await _outbox(db)
    digests = [r for r in rows if r.kind == "reminder_digest"]
    assert len(digests) == 1
    text = digests[0].text
    assert f"/forloeb/{first.placement_id}/logbog" in text and f"/forloeb/{second.placement_id}/logbog" in text
    assert "kontaktpersonen, mentoren, dig" in text and "mentoren, dig" in text
    audited = list(await db.scalars(select(AuditEvent).where(AuditEvent.action == "mail_reminder_digest")))
    assert {(e.actor_id, e.citizen_id) for e in audited} == {
        (first.consultant_id, first.citizen_id),
        (first.consultant_id, second.citizen_id),
    }
    assert f"dig\n  http://127.0.0.1:8000/forloeb/{first.placement_id}/logbog\n" in text  # each link on its line


async def test_an_english_speaking_account_gets_its_reminder_in_english(  # type: ignore[no-untyped-def]
    app, db, make_placement
) -> None:
    arranged = await _started(make_placement)
    await db.execute(update(User).where(User.id == arranged.company_contact_id).values(language="en"))
    await db.commit()
    await _pass(app)
    contact = await _email(db, arranged.company_contact_id)
    [row] = [r for r in await _outbox(db) if r.recipient == contact]
    assert row.language == "en" and row.subject == "Remember this week's log"
    assert "is still missing for week 49" in row.text and "mangler" not in row.text


async def test_two_passes_at_the_same_time_queue_each_reminder_once(  # type: ignore[no-untyped-def]
    settings, clock, db, make_placement
) -> None:
    for _ in range(3):
        await _started(make_placement)
    apps = [create_app(settings, clock=clock) for _ in range(2)]
    try:
        results = await asyncio.gather(*(_pass(a) for a in apps), *(_pass(a) for a in apps))
    finally:
        for a in apps:
            await a.state.engine.dispose()
    rows = await _outbox(db)
    # Three placements: a reminder to each contact and mentor, a digest to each consultant.
    assert len(rows) == 9 and len({r.dedupe_key for r in rows}) == 9
    assert sum(r or 0 for r in results) == 9


async def test_two_overlapping_passes_without_the_lease_still_queue_once(  # type: ignore[no-untyped-def]
    settings, clock, db, make_placement
) -> None:
    from placement.reminders.services import queue_reminders

    for _ in range(2):
        await _started(make_placement)
    app = create_app(settings, clock=clock)
    sessions = async_sessionmaker(app.state.engine, expire_on_commit=False)

    async def queue() -> int:
        async with sessions() as session, session.begin():
            return await queue_reminders(
                session, week=WEEK, today=FRIDAY.date(), grace_weeks=2, link_for=link_to_log(app)
            )

    try:
        counts = await asyncio.gather(queue(), queue())
    finally:
        await app.state.engine.dispose()
    assert sum(counts) == 6 and len(await _outbox(db)) == 6


async def test_the_next_hour_queues_nothing_new(app, db, make_placement, moment) -> None:  # type: ignore[no-untyped-def]
    await _started(make_placement)
    assert await _pass(app) == 3
    moment[0] = FRIDAY + dt.timedelta(hours=1)
    assert await _pass(app) == 0
    assert len(await _outbox(db)) == 3


async def test_the_lease_keeps_a_second_holder_out_until_it_expires(app) -> None:  # type: ignore[no-untyped-def]
    sessions = async_sessionmaker(app.state.engine, expire_on_commit=False)
    now, length = FRIDAY.astimezone(dt.UTC), dt.timedelta(minutes=10)
    assert await lease.take(sessions, "test", "a", now, length)
    assert not await lease.take(sessions, "test", "b", now + dt.timedelta(minutes=5), length)
    assert await lease.take(sessions, "test", "a", now + dt.timedelta(minutes=5), length)  # a renews
    assert await lease.take(sessions, "test", "b", now + dt.timedelta(minutes=16), length)
    await lease.release(sessions, "test", "b", now + dt.timedelta(minutes=17))
    assert await lease.take(sessions, "test", "a", now + dt.timedelta(minutes=17), length)


async def test_the_mails_arrive_with_a_first_name_and_a_link_and_no_full_name(  # type: ignore[no-untyped-def]
    app, db, make_placement, smtp_server
) -> None:
    arranged = await _started(make_placement)
    citizen = await db.get(Citizen, arranged.citizen_id)
    assert citizen is not None
    assert await _pass(app) == 3
    assert (await deliver(app)).sent == 3
    assert sorted(m["To"] for m in smtp_server.messages) == sorted(
        [await _email(db, i) for i in (arranged.company_contact_id, arranged.mentor_id, arranged.consultant_id)]
    )
    link = f"http://127.0.0.1:8000/forloeb/{arranged.placement_id}/logbog"
    for message in smtp_server.messages:
        text, html = bodies(message)
        assert link in text and f'href="{link}"' in html
        for body in (text, html):
            assert citizen.name not in body and citizen.case_ref not in body
            assert "Delmål" not in body and "aktivitetsparat" not in body


async def test_the_in_process_schedule_queues_the_reminders_once_the_app_starts(  # type: ignore[no-untyped-def]
    settings, clock, db, make_placement
) -> None:
    await _started(make_placement)
    app = create_app(settings.with_overrides(reminders_in_process=True), clock=clock)
    try:
        async with app.lifespan():
            for _ in range(100):
                if len(await _outbox(db)) == 3:
                    break
                await asyncio.sleep(0.05)
    finally:
        await app.state.engine.dispose()
    assert len(await _outbox(db)) == 3
