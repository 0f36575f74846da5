"""Management information from plain sums: a group's figures, and the suppression that keeps any one citizen out of
sight. The facts each placement contributes are defined in goals.placement_facts.

- *Job or education* is an ordinary job or an education. A flex job is counted apart (in the statuses): the domain
  asks for "job or education", and a flex job is subsidised work on special terms, not the ordinary job market.
- *Without follow-up*: no planned follow-up date and no decision recorded at a follow-up.
- Suppression: a group of fewer than `threshold` distinct citizens shows no figures. When any group is suppressed
  and the total is shown, the groups suppressed must hold at least one group of `threshold` citizens or more: else
  the next smallest shown group is suppressed too. Then what the total minus the shown groups reveals is the sum of
  two groups or more, one of them large enough to be shown by itself, never a small group alone (an empty group,
  of no citizen, exposes nobody and asks for no partner). A total below the
  threshold is suppressed, and with it every group (none can be larger). Where groups overlap (by factor: a placement
  with sub-goals on A and C is in both), total minus the others is no group's figure at all; the same rule is applied
  all the same, and group F (every placement) is the total and stands or falls with it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from goals.placement_facts import ALL_FACTOR_CODES

K = TypeVar("K", bound=Hashable)

JOB_OR_EDUCATION = frozenset({"ordinary_job", "education"})
OUTCOME_STATUSES = ("ordinary_job", "education", "flex_job", "other_effort", "none", "unknown")
CHECKPOINTS = ("end", "3m", "6m")
# How many months after the end each checkpoint falls due.
CHECKPOINT_MONTHS = {"end": 0, "3m": 3, "6m": 6}


def suppressed_groups(citizens: Mapping[K, int], *, total_citizens: int, threshold: int) -> tuple[set[K], bool]:
    """The keys of the groups to suppress, and whether the total is suppressed (see the module's rule)."""
    if total_citizens < threshold:
        return set(citizens), True
    hidden = {key for key, n in citizens.items() if n < threshold}
    # A group of no citizens exposes nobody; the rest of the suppressed must not be one small group on its own.
    if any(citizens[key] > 0 for key in hidden):
        shown = sorted((n, str(key), key) for key, n in citizens.items() if key not in hidden)
        if shown:
            hidden.add(shown[0][2])
    return hidden, False


# A group's sums, as one aggregate query (or a loop over facts) gives them, and the figures they make.


@dataclass
class OutcomeSums:
    due: int = 0
    recorded: int = 0
    due_unrecorded: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


@dataclass
class GroupSums:
    citizens: int = 0
    placements: int = 0
    factor_n: dict[str, int] = field(default_factory=dict)
    factor_sum: dict[str, float] = field(default_factory=dict)
    subgoals: int = 0
    subgoals_reached: int = 0
    ordinary_reached: int = 0
    last_ordinary_n: int = 0
    last_ordinary_sum: float = 0.0
    hours_attended: float = 0.0
    hours_planned: float = 0.0
    weeks_logged: int = 0
    weeks_due: int = 0
    without_purpose: int = 0
    without_follow_up: int = 0
    outcomes: dict[str, OutcomeSums] = field(default_factory=dict)


def combined(parts: Iterable[GroupSums], *, citizens: int) -> GroupSums:
    """The sums of groups that share no placement, together; distinct citizens do not add up (one citizen may have
    placements in two groups), so their count is given."""
    total = GroupSums(citizens=citizens)
    for part in parts:
        total.placements += part.placements
        for code, n in part.factor_n.items():
            total.factor_n[code] = total.factor_n.get(code, 0) + n
        for code, value in part.factor_sum.items():
            total.factor_sum[code] = total.factor_sum.get(code, 0.0) + value
        total.subgoals += part.subgoals
        total.subgoals_reached += part.subgoals_reached
        total.ordinary_reached += part.ordinary_reached
        total.last_ordinary_n += part.last_ordinary_n
        total.last_ordinary_sum += part.last_ordinary_sum
        total.hours_attended += part.hours_attended
        total.hours_planned += part.hours_planned
        total.weeks_logged += part.weeks_logged
        total.weeks_due += part.weeks_due
        total.without_purpose += part.without_purpose
        total.without_follow_up += part.without_follow_up
        for checkpoint, one in part.outcomes.items():
            into = total.outcomes.setdefault(checkpoint, OutcomeSums())
            into.due += one.due
            into.recorded += one.recorded
            into.due_unrecorded += one.due_unrecorded
            for status, n in one.by_status.items():
                into.by_status[status] = into.by_status.get(status, 0) + n
    return total


def _share(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole > 0 else None


def _mean(total: float, n: int) -> float | None:
    return round(total / n, 2) if n > 0 else None


def figures(sums: GroupSums, *, factors: Sequence[str] = ALL_FACTOR_CODES) -> dict[str, object]:
    """The figures of a shown group as the names of placement.insights.schemas.GroupFigures; `factors` those shown."""
    outcomes = []
    for checkpoint in CHECKPOINTS:
        one = sums.outcomes.get(checkpoint, OutcomeSums())
        by_status = {status: one.by_status.get(status, 0) for status in OUTCOME_STATUSES}
        job = sum(by_status[status] for status in JOB_OR_EDUCATION)
        known = one.recorded - by_status["unknown"]
        outcomes.append(
            {
                "checkpoint": checkpoint,
                "due": one.due,
                "recorded": one.recorded,
                "job_or_education": job,
                "job_or_education_share": _share(job, known),
                "unknown": by_status["unknown"] + one.due_unrecorded,
                "by_status": by_status,
            }
        )
    return {
        "citizens": sums.citizens,
        "placements": sums.placements,
        "progression": [
            {
                "factor": code,
                "placements": sums.factor_n.get(code, 0),
                "mean_change": _mean(sums.factor_sum.get(code, 0.0), sums.factor_n.get(code, 0)),
            }
            for code in factors
        ],
        "subgoals": sums.subgoals,
        "subgoals_reached": sums.subgoals_reached,
        "subgoals_reached_share": _share(sums.subgoals_reached, sums.subgoals),
        "ordinary_hours_reached": sums.ordinary_reached,
        "ordinary_hours_share": _share(sums.ordinary_reached, sums.placements),
        "ordinary_hours_at_end": _mean(sums.last_ordinary_sum, sums.last_ordinary_n),
        "outcomes": outcomes,
        "attendance_share": _share(sums.hours_attended, sums.hours_planned),
        "weeks_logged_share": _share(sums.weeks_logged, sums.weeks_due),
        "without_purpose": sums.without_purpose,
        "without_follow_up": sums.without_follow_up,
    }
