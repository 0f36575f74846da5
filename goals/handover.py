"""A change of caseworker and the new consultant's own view (factor F).

The caseworker's view of the citizen tells whether the citizen will reach work or education (003, factor F), and a
change of caseworker can lower the chance (003: "skift af sagsbehandler kan påvirke borgerens jobchance i negativ
retning"). A consultant who takes over a running placement therefore gives their own F within a configured number of
days; until they do, the placement is flagged. The previous consultant's F stays in the history but is not the new consultant's belief.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

DEFAULT_OWN_VIEW_DAYS = 14
MIN_OWN_VIEW_DAYS = 1
MAX_OWN_VIEW_DAYS = 56


@dataclass(frozen=True, slots=True)
class HolderPeriod:
    """The case was held by `holder` from `since` (a Copenhagen date) until the next period starts."""

    holder: Hashable
    since: dt.date


@dataclass(frozen=True, slots=True)
class OwnRating:
    """One rating of F: who gave it, and the day it was recorded (not the day it is dated, which may lie earlier)."""

    by: Hashable
    recorded_on: dt.date


@dataclass(frozen=True, slots=True)
class OwnViewDue:
    """The consultant who took the case over on `since` has not yet given their own F; it is due by `due_on`."""

    since: dt.date
    due_on: dt.date
    late: bool


def current_period(periods: Sequence[HolderPeriod]) -> HolderPeriod | None:
    """The period of the consultant who holds the case now: a run of periods by one holder counts as one."""
    if not periods:
        return None
    ordered = sorted(periods, key=lambda p: p.since)
    start = len(ordered) - 1
    while start > 0 and ordered[start - 1].holder == ordered[-1].holder:
        start -= 1
    return ordered[start]


def own_view_due(
    periods: Sequence[HolderPeriod],
    ratings: Sequence[OwnRating],
    *,
    today: dt.date,
    days: int = DEFAULT_OWN_VIEW_DAYS,
    ended: bool = False,
) -> OwnViewDue | None:
    """The new consultant's F that is still owed after a handover, or None.

    None when the placement has ended, when the case has never changed hands (the first consultant's F follows the
    ordinary rhythm of the conversations), or when the current holder recorded an F on or after the day they took over.
    """
    if not MIN_OWN_VIEW_DAYS <= days <= MAX_OWN_VIEW_DAYS:
        raise ValueError(f"days must be {MIN_OWN_VIEW_DAYS} to {MAX_OWN_VIEW_DAYS}, not {days}")
    current = current_period(periods)
    if ended or current is None or all(p.holder == current.holder for p in periods):
        return None
    if any(r.by == current.holder and r.recorded_on >= current.since for r in ratings):
        return None
    due_on = current.since + dt.timedelta(days=days)
    return OwnViewDue(since=current.since, due_on=due_on, late=today > due_on)
