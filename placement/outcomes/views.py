"""View models of the outcomes: the placement page's section and the form of one checkpoint."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from goals.outcomes import CHECKPOINTS, EARLY_DAYS, STATUSES, STATUSES_WITH_HOURS
from placement.outcomes.services import Checkpoint, Outcomes


@dataclass(frozen=True, slots=True)
class CheckpointView:
    checkpoint: str
    due_on: dt.date
    earliest_on: dt.date
    status: str | None
    observed_on: dt.date | None
    hours: float | None
    note: str
    open: bool
    # Due and not recorded: the consultant's follow-up is waiting.
    missing: bool


@dataclass(frozen=True, slots=True)
class OutcomesView:
    placement_id: str
    end: dt.date
    ended: bool
    checkpoints: list[CheckpointView]


@dataclass(frozen=True, slots=True)
class OutcomeFormView:
    placement_id: str
    citizen_name: str
    company_name: str
    end: dt.date
    ended: bool
    checkpoint: CheckpointView
    statuses: tuple[str, ...] = STATUSES
    statuses_with_hours: frozenset[str] = STATUSES_WITH_HOURS
    early_days: int = EARLY_DAYS


def checkpoint_view(c: Checkpoint, today: dt.date) -> CheckpointView:
    o = c.outcome
    return CheckpointView(
        checkpoint=c.checkpoint,
        due_on=c.due_on,
        earliest_on=c.earliest_on,
        status=o.status.value if o else None,
        observed_on=o.observed_on if o else None,
        hours=o.ordinary_hours_per_week if o else None,
        note=o.note if o else "",
        open=c.open,
        missing=o is None and c.open and c.due_on <= today,
    )


def outcomes_view(data: Outcomes, today: dt.date) -> OutcomesView:
    return OutcomesView(
        placement_id=str(data.placement.id),
        end=data.end,
        ended=data.ended,
        checkpoints=[checkpoint_view(c, today) for c in data.checkpoints],
    )


def form_view(data: Outcomes, checkpoint: str, *, citizen: str, company: str, today: dt.date) -> OutcomeFormView:
    assert checkpoint in CHECKPOINTS
    return OutcomeFormView(
        placement_id=str(data.placement.id),
        citizen_name=citizen,
        company_name=company,
        end=data.end,
        ended=data.ended,
        checkpoint=checkpoint_view(data.at(checkpoint), today),
    )
