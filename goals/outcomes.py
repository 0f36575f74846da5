"""What became of the citizen after a placement: the checkpoints, when each is due, and what a recorded outcome must hold."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from goals.bounds import MAX_WEEK_HOURS

CHECKPOINTS = ("end", "3m", "6m")
STATUSES = ("ordinary_job", "education", "flex_job", "other_effort", "none", "unknown")
# A job has weekly hours; the other outcomes have none.
STATUSES_WITH_HOURS = frozenset({"ordinary_job", "flex_job"})
# In ordinary work or education: the share the management information counts as a good outcome.
IN_JOB_OR_EDUCATION = frozenset({"ordinary_job", "education"})
MONTHS_AFTER_END = {"end": 0, "3m": 3, "6m": 6}
# A follow-up call is booked around the date, and a citizen is often reached a little before it: three- and six-month
# outcomes may be recorded from two weeks before they are due (never before the placement's end).
EARLY_DAYS = 14
MAX_OUTCOME_NOTE_LENGTH = 2000


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day where it is shorter (31 August + 3 months is 30 November)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def placement_end(planned_end: dt.date, ended_on: dt.date | None) -> dt.date:
    """The day a placement ended: the day it was ended, else its planned end."""
    return ended_on or planned_end


def due_on(end: dt.date, checkpoint: str) -> dt.date:
    """The day a checkpoint's outcome is due: the end itself, three or six months after it."""
    return add_months(end, MONTHS_AFTER_END[checkpoint])


def earliest_on(end: dt.date, checkpoint: str) -> dt.date:
    """The first day a checkpoint's outcome may be recorded (and observed): the end, or EARLY_DAYS before a follow-up."""
    if checkpoint == "end":
        return end
    return max(end, due_on(end, checkpoint) - dt.timedelta(days=EARLY_DAYS))


def has_ended(end: dt.date, *, ended: bool, today: dt.date) -> bool:
    """A placement has ended once it was ended, or once its planned end has come."""
    return ended or today >= end


@dataclass(frozen=True, slots=True)
class OutcomeProblem:
    """One thing wrong with an outcome: the field, a stable code, a message, and whether it breaks a rule (422) rather
    than being malformed (400)."""

    field: str
    code: str
    message: str
    rule: bool = False


def outcome_problems(
    *,
    checkpoint: str,
    status: str,
    observed_on: dt.date,
    hours: float | None,
    end: dt.date,
    ended: bool,
    today: dt.date,
) -> list[OutcomeProblem]:
    """Everything wrong with an outcome at once, the checkpoint's timing first."""
    problems: list[OutcomeProblem] = []
    known_checkpoint = checkpoint in CHECKPOINTS
    if not known_checkpoint:
        problems.append(OutcomeProblem("checkpoint", "invalid", f"checkpoint must be one of {', '.join(CHECKPOINTS)}"))
    elif not has_ended(end, ended=ended, today=today):
        problems.append(
            OutcomeProblem(
                "checkpoint",
                "not_ended",
                f"the placement has not ended (it ends {end.isoformat()}): outcomes are recorded from its end",
                rule=True,
            )
        )
    elif today < (earliest := earliest_on(end, checkpoint)):
        problems.append(
            OutcomeProblem(
                "checkpoint",
                "too_early",
                f"the {checkpoint} outcome is due {due_on(end, checkpoint).isoformat()} and can be recorded from "
                f"{earliest.isoformat()}",
                rule=True,
            )
        )
    if status not in STATUSES:
        problems.append(OutcomeProblem("status", "invalid", f"status must be one of {', '.join(STATUSES)}"))
    if observed_on > today:
        problems.append(OutcomeProblem("date", "future", "date must not lie in the future", rule=True))
    elif known_checkpoint and observed_on < (earliest := earliest_on(end, checkpoint)):
        what = "the placement's end" if checkpoint == "end" else f"{EARLY_DAYS} days before the {checkpoint} follow-up"
        problems.append(
            OutcomeProblem("date", "before_end", f"date must not lie before {earliest.isoformat()} ({what})", rule=True)
        )
    if hours is not None and not 0 <= hours <= MAX_WEEK_HOURS:
        problems.append(
            OutcomeProblem(
                "ordinary_hours_per_week", "range", f"ordinary_hours_per_week must be from 0 to {MAX_WEEK_HOURS}"
            )
        )
    elif status in STATUSES_WITH_HOURS and hours is None:
        problems.append(
            OutcomeProblem(
                "ordinary_hours_per_week", "required", f"ordinary_hours_per_week is required for {status}", rule=True
            )
        )
    elif status in STATUSES and status not in STATUSES_WITH_HOURS and hours is not None:
        problems.append(
            OutcomeProblem(
                "ordinary_hours_per_week",
                "not_a_job",
                f"ordinary_hours_per_week belongs to an ordinary or flex job, not to {status}",
                rule=True,
            )
        )
    return problems


def due_checkpoints(end: dt.date, recorded: frozenset[str], *, today: dt.date) -> list[tuple[str, dt.date]]:
    """The checkpoints whose day has come and that have no outcome yet, with the day each was due."""
    return [
        (checkpoint, due)
        for checkpoint in CHECKPOINTS
        if checkpoint not in recorded and (due := due_on(end, checkpoint)) <= today
    ]
