"""Who has not logged the current week, and their reminders: one per party and placement, one digest per consultant."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from goals.handover import DEFAULT_OWN_VIEW_DAYS
from goals.rhythm import DEFAULT_INTERVAL_DAYS
from goals.weeks import parse_week
from placement.access.scopes import placement_ids_being_logged
from placement.audit.services import record
from placement.auth.identity import Actor
from placement.db.models import Citizen, Company, Placement, PlacementMember, Role, User, WeeklyLog
from placement.logs.rules import writable_weeks
from placement.mail.compose import Mail, compose, first_name
from placement.mail.outbox import enqueue
from placement.reminders.notices import consultant_notices

LinkFor = Callable[[uuid.UUID], str]


@dataclass(frozen=True, slots=True)
class Missing:
    """A party's log of one placement that the week still lacks."""

    placement_id: uuid.UUID
    company: str
    citizen_id: uuid.UUID
    citizen_first_name: str
    role: Role
    user: User
    # The placement's consultant, who gets the digest; None when that account is disabled.
    consultant: User | None


@dataclass(slots=True)
class Digest:
    consultant: User
    # Per placement: its company, the citizen's first name, the roles whose log is missing, the link.
    items: dict[uuid.UUID, dict[str, object]] = field(default_factory=dict)


async def missing_logs(db: AsyncSession, *, week: str, today: dt.date, grace_weeks: int) -> list[Missing]:
    """Every active party (company contact, mentor, consultant) of an open, started placement whose logging window
    holds `week`, who has written no entry for it."""
    rows = (
        await db.execute(
            select(Placement, Company.name, Citizen.name)
            .join(Company, Company.id == Placement.company_id)
            .join(Citizen, Citizen.id == Placement.citizen_id)
            .where(Placement.id.in_(placement_ids_being_logged(today)))
            .order_by(Company.name, Placement.id)
        )
    ).all()
    placements = {
        placement.id: (placement, company, citizen)
        for placement, company, citizen in rows
        if parse_week(week) <= parse_week(writable_weeks(placement, grace_weeks)[1])
    }
    if not placements:
        return []
    logged = set(
        (
            await db.execute(
                select(WeeklyLog.placement_id, WeeklyLog.author_id).where(
                    WeeklyLog.week == week, WeeklyLog.placement_id.in_(placements)
                )
            )
        ).all()
    )
    members = (
        await db.execute(
            select(PlacementMember.placement_id, PlacementMember.role, User)
            .join(User, User.id == PlacementMember.user_id)
            .where(
                PlacementMember.placement_id.in_(placements),
                PlacementMember.role.in_((Role.COMPANY_CONTACT, Role.MENTOR)),
                User.is_active.is_(True),
            )
        )
    ).all()
    consultants = {
        user.id: user
        for user in await db.scalars(
            select(User).where(
                User.id.in_({p.consultant_id for p, _, _ in placements.values()}), User.is_active.is_(True)
            )
        )
    }
    parties = [(pid, role, user) for pid, role, user in members]
    parties += [
        (p.id, Role.CONSULTANT, consultants[p.consultant_id])
        for p, _, _ in placements.values()
        if p.consultant_id in consultants
    ]
    missing = []
    for placement_id, role, user in parties:
        if (placement_id, user.id) in logged:
            continue
        placement, company, citizen = placements[placement_id]
        consultant = consultants.get(placement.consultant_id)
        missing.append(
            Missing(placement_id, company, placement.citizen_id, first_name(citizen), role, user, consultant)
        )
    return missing


async def queue_reminders(
    db: AsyncSession,
    *,
    week: str,
    today: dt.date,
    grace_weeks: int,
    link_for: LinkFor,
    interval_days: int = DEFAULT_INTERVAL_DAYS,
    own_view_days: int = DEFAULT_OWN_VIEW_DAYS,
) -> int:
    """Queue this week's reminders and digests in the caller's transaction; how many were new (not queued before).

    Each carries a first name, a company's name and a link; its dedupe key makes it once a week whoever runs this.
    The consultant's digest also names what else waits (placement.reminders.notices): a late self-assessment, their
    own F owed after a handover.
    """
    digests: dict[uuid.UUID, Digest] = {}
    queued = 0
    for item in await missing_logs(db, week=week, today=today, grace_weeks=grace_weeks):
        if item.role is not Role.CONSULTANT:
            mail = compose(
                "reminder",
                item.user.language or "da",
                name=first_name(item.user.name),
                company=item.company,
                week=week,
                link=link_for(item.placement_id),
            )
            queued += await _queue(db, item.user, mail, f"reminder:{item.user.id}:{item.placement_id}:{week}")
        if item.consultant is None:
            continue
        entry = _entry(
            digests,
            item.consultant,
            item.placement_id,
            item.company,
            item.citizen_id,
            item.citizen_first_name,
            link_for,
        )
        entry["roles"].append(item.role.value)  # type: ignore[attr-defined]
    for notice in await consultant_notices(db, today=today, interval_days=interval_days, own_view_days=own_view_days):
        entry = _entry(
            digests,
            notice.consultant,
            notice.placement_id,
            notice.company,
            notice.citizen_id,
            first_name(notice.citizen),
            link_for,
        )
        entry["notices"].append({"kind": notice.kind, "due_on": notice.due_on})  # type: ignore[attr-defined]
    for digest in digests.values():
        user = digest.consultant
        mail = compose(
            "reminder_digest",
            user.language or "da",
            name=first_name(user.name),
            week=week,
            items=[entry for entry in digest.items.values() if entry["roles"]],
            notices=[entry for entry in digest.items.values() if entry["notices"]],
        )
        if await _queue(db, user, mail, f"reminder-digest:{user.id}:{week}"):
            queued += 1
            await _audit_digest(db, digest, week)
    return queued


def _entry(
    digests: dict[uuid.UUID, Digest],
    consultant: User,
    placement_id: uuid.UUID,
    company: str,
    citizen_id: uuid.UUID,
    citizen_first_name: str,
    link_for: LinkFor,
) -> dict[str, object]:
    """The digest's line for one placement: the logs it lacks (roles) and what else waits (notices)."""
    digest = digests.setdefault(consultant.id, Digest(consultant))
    return digest.items.setdefault(
        placement_id,
        {
            "company": company,
            "citizen_id": citizen_id,
            "citizen": citizen_first_name,
            "roles": [],
            "notices": [],
            "link": link_for(placement_id),
        },
    )


async def _audit_digest(db: AsyncSession, digest: Digest, week: str) -> None:
    """The digest names each citizen by first name to their consultant: one audit row per placement in it."""
    recipient = Actor(user_id=digest.consultant.id, role=Role.CONSULTANT, request_id=f"reminders:{week}")
    for placement_id, entry in digest.items.items():
        await record(
            db,
            recipient,
            "mail_reminder_digest",
            citizen_id=entry["citizen_id"],  # type: ignore[arg-type]
            object_type="placement",
            object_id=placement_id,
            purpose="ugentlig påmindelse om logbog",
        )


async def _queue(db: AsyncSession, user: User, mail: Mail, dedupe_key: str) -> int:
    new = await enqueue(
        db,
        kind=mail.kind,
        recipient=user.email,
        language=mail.language,
        subject=mail.subject,
        text=mail.text,
        html=mail.html,
        dedupe_key=dedupe_key,
    )
    return int(new)
