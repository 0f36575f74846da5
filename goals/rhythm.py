"""The measuring rhythm: when the citizen's next self-assessment is due, and whether it is late.

The documents report a fixed interval as one practice (000: "Nogle har et fast interval"); Jobcenter Vejle measures
at the conversations held every 14 days (004: "hver 14. dag"). The interval is configuration; the dates are pure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DEFAULT_INTERVAL_DAYS = 14
MIN_INTERVAL_DAYS = 7
MAX_INTERVAL_DAYS = 56


@dataclass(frozen=True, slots=True)
class SelfAssessmentRhythm:
    """The next self-assessment of a running placement.

    due_on: the date it is due at the latest: the start for the first one, else the latest answer plus the interval.
    due: it may be answered now (the first one always may; a later one from its date).
    late: the date has passed without an answer.
    """

    due_on: dt.date
    first: bool
    due: bool
    late: bool


def next_self_assessment(
    *,
    start: dt.date,
    planned_end: dt.date,
    today: dt.date,
    latest: dt.date | None,
    interval_days: int = DEFAULT_INTERVAL_DAYS,
    ended: bool = False,
) -> SelfAssessmentRhythm | None:
    """The next self-assessment, or None when none is asked for: the placement has ended, its planned end has
    passed, or the next date would fall after the planned end."""
    if not MIN_INTERVAL_DAYS <= interval_days <= MAX_INTERVAL_DAYS:
        raise ValueError(f"interval_days must be {MIN_INTERVAL_DAYS} to {MAX_INTERVAL_DAYS}, not {interval_days}")
    if ended or today > planned_end:
        return None
    if latest is None:
        return SelfAssessmentRhythm(due_on=start, first=True, due=True, late=today > start)
    due_on = max(latest, start) + dt.timedelta(days=interval_days)
    if due_on > planned_end:
        return None
    return SelfAssessmentRhythm(due_on=due_on, first=False, due=today >= due_on, late=today > due_on)
