"""The small steps as the report tells them: one timeline, grouped by sub-goal and week, one line per step.

The progress keeps every observer's rise apart (the API's `small_steps`, one per role); a reader wants one line when
the company contact and the mentor both saw "from 2 to 3" in the same week. A line says who saw it. Every version of
the report draws the same timeline from the entries its reader may see, so the count is the same wherever the
entries are.

Setbacks are counted apart: a rating that fell from one week to the next for the same observer. They are part of
the story (fremgang eller tilbageskridt) but never counted as steps.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from goals.progress import Progress, SmallStep, StepKind, SubGoalSeries
from goals.progress_input import ROLE_RANK


class LineKind(StrEnum):
    STEP_REACHED = "step_reached"
    RATING_ROSE = "rating_rose"
    ORDINARY_HOURS_ROSE = "ordinary_hours_rose"
    OBSERVED = "observed"
    SETBACK = "setback"


@dataclass(frozen=True, slots=True)
class TimelineLine:
    """One step (or setback) in one week: what moved, from what to what, and who saw it."""

    week: str
    kind: LineKind
    subgoal_id: str | None
    text: str
    seen_by: tuple[str, ...]
    before: float | None = None
    after: float | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """The lines of one sub-goal (or of the placement as a whole: hours and what was seen), week by week."""

    subgoal_id: str | None
    weeks: tuple[tuple[str, tuple[TimelineLine, ...]], ...]

    @property
    def lines(self) -> tuple[TimelineLine, ...]:
        return tuple(line for _, lines in self.weeks for line in lines)


@dataclass(frozen=True, slots=True)
class Timeline:
    groups: tuple[Group, ...]

    @property
    def steps(self) -> tuple[TimelineLine, ...]:
        """Every step forward: the count the report gives, the same in every version."""
        return tuple(line for group in self.groups for line in group.lines if line.kind is not LineKind.SETBACK)

    @property
    def setbacks(self) -> tuple[TimelineLine, ...]:
        return tuple(line for group in self.groups for line in group.lines if line.kind is LineKind.SETBACK)

    def group(self, subgoal_id: str | None) -> Group | None:
        return next((g for g in self.groups if g.subgoal_id == subgoal_id), None)


def _roles(roles: set[str]) -> tuple[str, ...]:
    return tuple(sorted(roles, key=lambda role: (ROLE_RANK.get(role, len(ROLE_RANK)), role)))


def _merged(steps: list[SmallStep]) -> list[TimelineLine]:
    """The same move in the same week (same sub-goal, same numbers or the same words) is one line with every role."""
    seen: dict[tuple[object, ...], set[str]] = defaultdict(set)
    first: dict[tuple[object, ...], SmallStep] = {}
    for step in steps:
        key = (step.week, step.kind, step.subgoal_id, step.before, step.after, step.text)
        first.setdefault(key, step)
        if step.seen_by:
            seen[key].add(step.seen_by)
    return [
        TimelineLine(s.week, LineKind(s.kind.value), s.subgoal_id, s.text, _roles(seen[key]), s.before, s.after)
        for key, s in first.items()
    ]


def _setbacks(series: SubGoalSeries) -> list[TimelineLine]:
    """A rating that fell from one logged week to the next for the same observer; one line per move and week."""
    best: dict[str, dict[str, int]] = defaultdict(dict)
    for point in series.ratings:
        weekly = best[point.author_role]
        weekly[point.week] = max(weekly.get(point.week, point.rating), point.rating)
    moves: dict[tuple[str, int, int], set[str]] = defaultdict(set)
    for role, weekly in best.items():
        for previous, week in pairwise(sorted(weekly)):
            if weekly[week] < weekly[previous]:
                moves[week, weekly[previous], weekly[week]].add(role)
    return [
        TimelineLine(week, LineKind.SETBACK, series.id, "", _roles(roles), before, after)
        for (week, before, after), roles in moves.items()
    ]


_KIND_ORDER = {kind: rank for rank, kind in enumerate(LineKind)}


def build_timeline(progress: Progress, subgoal_order: list[str]) -> Timeline:
    """The timeline of one placement: a group per sub-goal in plan order, then the placement's own lines."""
    lines = _merged(list(progress.small_steps))
    for series in progress.subgoals:
        lines += _setbacks(series)
    by_group: dict[str | None, dict[str, list[TimelineLine]]] = defaultdict(lambda: defaultdict(list))
    for line in lines:
        # A step of a sub-goal no longer in the plan goes with the placement's own lines.
        owner = line.subgoal_id if line.subgoal_id in subgoal_order else None
        by_group[owner][line.week].append(line)
    groups = []
    for owner in [*subgoal_order, None]:
        weeks = by_group.get(owner)
        if not weeks:
            continue
        ordered = tuple(
            (week, tuple(sorted(items, key=lambda one: (_KIND_ORDER[one.kind], one.before or 0, one.text))))
            for week, items in sorted(weeks.items())
        )
        groups.append(Group(owner, ordered))
    return Timeline(tuple(groups))
