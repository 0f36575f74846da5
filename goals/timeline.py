"""The small steps as the report tells them: one timeline, grouped by sub-goal and week, one line per step.

The progress keeps every observer's rise apart (the API's `small_steps`, one per role and week). A reader wants one
line per step the sub-goal took: the week it first reached a level no one had seen before, with everyone who saw it
there (the mentor who sees "3" a week after the company contact confirms that step; it is not a second one). Reached
concrete steps, weeks of more ordinary hours and what the observers wrote are a line each; the same words from
several observers in a week are one line. Every version of the report draws the same timeline from the entries its
reader may see, so the count is the same wherever the entries are.

Setbacks (the progress's `setbacks`: a rating that fell from one week to the next for the same observer) are part of
the story (fremgang eller tilbageskridt), shown on their week's line, but never counted as steps.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from enum import StrEnum

from goals.progress import Progress, Setback, SmallStep, StepKind
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


def _levels(steps: list[SmallStep]) -> list[TimelineLine]:
    """Each new level a sub-goal reached: the first week anyone rated it there, and every observer who did."""
    lines: list[TimelineLine] = []
    by_goal: dict[str | None, list[SmallStep]] = defaultdict(list)
    for step in steps:
        by_goal[step.subgoal_id].append(step)
    for goal_steps in by_goal.values():
        reached: dict[int, tuple[str, float, set[str]]] = {}  # level -> (first week, level before it, who saw it)
        best = 0.0
        for step in sorted(goal_steps, key=lambda s: (s.week, s.after or 0)):
            level, before = int(step.after or 0), step.before or 0
            if level > best:
                reached[level] = (step.week, max(best, before) if best else before, set())
                best = level
            if level in reached and step.seen_by:
                reached[level][2].add(step.seen_by)
        for level, (week, before, roles) in reached.items():
            subgoal = goal_steps[0].subgoal_id
            lines.append(TimelineLine(week, LineKind.RATING_ROSE, subgoal, "", _roles(roles), before, level))
    return lines


def _merged(steps: list[SmallStep]) -> list[TimelineLine]:
    """The same words or numbers in the same week (same kind, same sub-goal) are one line with every role."""
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


def _setbacks(setbacks: list[Setback]) -> list[TimelineLine]:
    """The progress's setbacks, one line per move, week and sub-goal with every observer who saw it."""
    moves: dict[tuple[str, str, int, int], set[str]] = defaultdict(set)
    for fall in setbacks:
        moves[fall.week, fall.subgoal_id, fall.before, fall.after].add(fall.seen_by)
    return [
        TimelineLine(week, LineKind.SETBACK, subgoal, "", _roles(roles), before, after)
        for (week, subgoal, before, after), roles in moves.items()
    ]


_KIND_ORDER = {kind: rank for rank, kind in enumerate(LineKind)}


def build_timeline(progress: Progress, subgoal_order: list[str]) -> Timeline:
    """The timeline of one placement: a group per sub-goal in plan order, then the placement's own lines."""
    rises = [step for step in progress.small_steps if step.kind is StepKind.RATING_ROSE]
    lines = _levels(rises) + _merged([step for step in progress.small_steps if step.kind is not StepKind.RATING_ROSE])
    lines += _setbacks(progress.setbacks)
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
