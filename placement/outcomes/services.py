"""Recording what became of the citizen at a placement's end and three and six months later, and reading it back."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from goals import outcomes as rules
from goals.bounds import date_problem
from placement.access.policy import Permission, require
from placement.access.scopes import placement_ids_in_reach, placement_in_reach
from placement.audit.services import record, record_many
from placement.auth.identity import Actor
from placement.concurrency import stale_check
from placement.db.models import Citizen, Company, Outcome, OutcomeCheckpoint, OutcomeStatus, Placement, PlacementStatus
from placement.errors import Checks, Conflict, InvalidInput, NotFound, RuleViolation
from placement.inputs import checked_text


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """One checkpoint of a placement: when it is due, from when it can be recorded, and its outcome if recorded."""

    checkpoint: str
    due_on: dt.date
    earliest_on: dt.date
    outcome: Outcome | None
    # Whether the consultant may record (or correct) it today.
    open: bool


@dataclass(frozen=True, slots=True)
class Outcomes:
    """The outcomes of one placement as the consultant sees them."""

    placement: Placement
    end: dt.date
    ended: bool
    checkpoints: list[Checkpoint]

    def at(self, checkpoint: str) -> Checkpoint:
        found = next((c for c in self.checkpoints if c.checkpoint == checkpoint), None)
        if found is None:
            raise NotFound()
        return found


@dataclass(frozen=True, slots=True)
class DueFollowUp:
    """An ended placement of the caseload whose outcome at a checkpoint is due and not recorded."""

    placement_id: uuid.UUID
    citizen: str
    company: str
    checkpoint: str
    due_on: dt.date


def _end_of(placement: Placement) -> dt.date:
    return rules.placement_end(placement.planned_end_date, placement.ended_on)


def _is_ended(placement: Placement) -> bool:
    return placement.status is PlacementStatus.ENDED


def _values(outcome: Outcome) -> dict[str, str]:
    """The stored fields as the form shows them, for telling an editor what changed under them."""
    hours = outcome.ordinary_hours_per_week
    return {
        "date": outcome.observed_on.isoformat(),
        "status": outcome.status.value,
        "ordinary_hours_per_week": "" if hours is None else f"{hours:g}",
        "note": outcome.note,
    }


def _checked(
    checks: Checks,
    placement: Placement,
    *,
    checkpoint: str,
    status: str,
    observed_on: dt.date,
    hours: float | None,
    note: str,
    today: dt.date,
) -> str:
    """Every problem of the outcome kept in `checks`; the note as stored."""
    if problem := date_problem(observed_on):
        checks.add(InvalidInput(f"date: {problem}", field="date", code="date_range"))
    for found in rules.outcome_problems(
        checkpoint=checkpoint,
        status=status,
        observed_on=observed_on,
        hours=hours,
        end=_end_of(placement),
        ended=_is_ended(placement),
        today=today,
    ):
        kind = RuleViolation if found.rule else InvalidInput
        checks.add(kind(found.message, field=found.field, code=found.code))
    return checks.take(checked_text, note, "note", rules.MAX_OUTCOME_NOTE_LENGTH, required=False) or ""


async def record_outcome(
    db: AsyncSession,
    actor: Actor,
    placement_id: uuid.UUID,
    checkpoint: str,
    *,
    status: str,
    observed_on: dt.date,
    hours: float | None,
    note: str = "",
    version: int | None = None,
    today: dt.date,
) -> tuple[Outcome, bool]:
    """The outcome at `checkpoint`, created or corrected by the placement's consultant; True when it was created.

    `version` is the version the editor started from (If-Match): 0 when they expected none to be recorded yet, None
    to write whatever is stored (as a PUT without If-Match does). A stale one is a 409 that says what changed.
    """
    access = await placement_in_reach(db, actor, placement_id, Permission.RECORD_OUTCOME, for_update=True)
    placement = access.placement
    checks = Checks()
    clean_note = _checked(
        checks,
        placement,
        checkpoint=checkpoint,
        status=status,
        observed_on=observed_on,
        hours=hours,
        note=note,
        today=today,
    )
    checks.done()
    stored = await db.scalar(
        select(Outcome).where(Outcome.placement_id == placement.id, Outcome.checkpoint == OutcomeCheckpoint(checkpoint))
    )
    if version is not None:
        sent = {
            "date": observed_on.isoformat(),
            "status": status,
            "ordinary_hours_per_week": "" if hours is None else f"{hours:g}",
            "note": clean_note,
        }
        _refuse_stale(stored, version, sent)
    created = stored is None
    if stored is None:
        stored = Outcome(
            placement_id=placement.id, checkpoint=OutcomeCheckpoint(checkpoint), recorded_by_id=actor.user_id
        )
        db.add(stored)
    stored.status = OutcomeStatus(status)
    stored.observed_on = observed_on
    stored.ordinary_hours_per_week = hours
    stored.note = clean_note
    stored.recorded_by_id = actor.user_id
    await db.flush()
    await record(
        db,
        actor,
        "write" if created else "update",
        citizen_id=placement.citizen_id,
        object_type="outcome",
        object_id=placement.id,
        purpose=f"outcome {checkpoint}",
    )
    return stored, created


def _refuse_stale(stored: Outcome | None, version: int, sent: dict[str, str]) -> None:
    if stored is None:
        if version != 0:
            raise Conflict(
                "no outcome is recorded at this checkpoint yet; send it without If-Match (or If-Match: 0)",
                field="If-Match",
            )
        return
    stale_check("outcome", sent=version, current=stored.version, stored=_values(stored), sent_values=sent, seen=None)


async def read_outcomes(db: AsyncSession, actor: Actor, placement_id: uuid.UUID, *, today: dt.date) -> Outcomes:
    """The placement's checkpoints with their outcomes, for the consultant; the read is audited."""
    access = await placement_in_reach(db, actor, placement_id, Permission.READ_OUTCOMES)
    await record(
        db,
        actor,
        "read",
        citizen_id=access.placement.citizen_id,
        object_type="outcome",
        object_id=access.placement.id,
        purpose="outcomes",
    )
    return await outcomes_of(db, access.placement, today=today)


async def outcomes_of(db: AsyncSession, placement: Placement, *, today: dt.date) -> Outcomes:
    """The checkpoints of a placement the caller already reached and audited (a page or report that shows them)."""
    stored = {
        row.checkpoint.value: row
        for row in await db.scalars(select(Outcome).where(Outcome.placement_id == placement.id))
    }
    end, ended = _end_of(placement), _is_ended(placement)
    has_ended = rules.has_ended(end, ended=ended, today=today)
    return Outcomes(
        placement=placement,
        end=end,
        ended=has_ended,
        checkpoints=[
            Checkpoint(
                checkpoint=name,
                due_on=rules.due_on(end, name),
                earliest_on=(earliest := rules.earliest_on(end, name)),
                outcome=stored.get(name),
                open=has_ended and today >= earliest,
            )
            for name in rules.CHECKPOINTS
        ],
    )


async def due_follow_ups(
    db: AsyncSession, actor: Actor, *, today: dt.date, target_group: str | None = None
) -> list[DueFollowUp]:
    """The caseload's ended placements with an outcome due and not recorded, oldest due first, of one target group
    (a checked key) if given; one query, audited."""
    require(actor, Permission.READ_OUTCOMES)
    recorded = [
        exists().where(Outcome.placement_id == Placement.id, Outcome.checkpoint == OutcomeCheckpoint(name))
        for name in rules.CHECKPOINTS
    ]
    complete = select(func.count()).where(Outcome.placement_id == Placement.id).scalar_subquery()
    statement = (
        select(
            Placement.id,
            Placement.citizen_id,
            Placement.planned_end_date,
            Placement.ended_on,
            Citizen.name,
            Company.name,
            *recorded,
        )
        .join(Citizen, Citizen.id == Placement.citizen_id)
        .join(Company, Company.id == Placement.company_id)
        .where(
            Placement.id.in_(placement_ids_in_reach(actor)),
            or_(Placement.status == PlacementStatus.ENDED, Placement.planned_end_date <= today),
            complete < len(rules.CHECKPOINTS),
        )
    )
    if target_group is not None:
        statement = statement.where(Citizen.target_group == target_group)
    rows = (await db.execute(statement)).all()
    due: list[DueFollowUp] = []
    shown: set[uuid.UUID] = set()
    for placement_id, citizen_id, planned_end, ended_on, citizen, company, *flags in rows:
        done = frozenset(name for name, flag in zip(rules.CHECKPOINTS, flags, strict=True) if flag)
        for checkpoint, due_day in rules.due_checkpoints(rules.placement_end(planned_end, ended_on), done, today=today):
            due.append(DueFollowUp(placement_id, citizen, company, checkpoint, due_day))
            shown.add(citizen_id)
    await record_many(db, actor, "list", citizen_ids=sorted(shown), object_type="outcome", purpose="follow-ups due")
    return sorted(due, key=lambda row: (row.due_on, row.citizen))


async def form_page(
    db: AsyncSession, actor: Actor, placement_id: uuid.UUID, checkpoint: str, *, today: dt.date
) -> tuple[Outcomes, str, str]:
    """What the form of one checkpoint shows: the outcomes, the citizen's and the company's names; audited.

    An unknown checkpoint is no page: 404, like a placement out of reach.
    """
    if checkpoint not in rules.CHECKPOINTS:
        await placement_in_reach(db, actor, placement_id, Permission.RECORD_OUTCOME)
        raise NotFound()
    found = await read_outcomes(db, actor, placement_id, today=today)
    citizen, company = (
        await db.execute(
            select(
                select(Citizen.name).where(Citizen.id == found.placement.citizen_id).scalar_subquery(),
                select(Company.name).where(Company.id == found.placement.company_id).scalar_subquery(),
            )
        )
    ).one()
    return found, citizen, company
