"""What a weekly log entry must satisfy, checked without the database: its week, its hours, ratings and texts."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from goals.bounds import MAX_RATING_NOTE_LENGTH, MAX_TEXT_LENGTH, MAX_WEEK_HOURS, RATING_MAX, RATING_MIN
from goals.text import text_problem
from goals.weeks import WeekError, add_weeks, format_week, parse_week
from placement.access.policy import Relation
from placement.db.models import Placement
from placement.errors import InvalidInput, RuleViolation


class EntryProblem(InvalidInput):
    """One problem of an entry; `kind` lets a page say it in the reader's language beside the field."""

    def __init__(self, kind: str, message: str, *, field: str) -> None:
        super().__init__(message, field=field)
        self.kind = kind


class WeekRefused(RuleViolation):
    """A well-formed week that cannot be logged: `kind` is future, before_start or after_end."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message, field="week")
        self.kind = kind


class EntryRefused(InvalidInput):
    """Every problem of an entry at once: the API names the first, the form shows each beside its field."""

    def __init__(self, problems: Sequence[EntryProblem]) -> None:
        super().__init__(problems[0].message, field=problems[0].field)
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class RatingInput:
    subgoal_id: str
    rating: int
    note: str = ""


@dataclass(frozen=True, slots=True)
class StepInput:
    """A small step of one of the placement's sub-goals, seen reached in the entry's week."""

    subgoal_id: str
    position: int


@dataclass(frozen=True, slots=True)
class LogInput:
    placement_hours: float
    ordinary_hours: float
    absence_hours: float = 0
    ratings: Sequence[RatingInput] = ()
    small_steps: str = ""
    note: str = ""
    shared: bool = True
    steps_reached: Sequence[StepInput] = ()


def writable_weeks(placement: Placement, grace_weeks: int) -> tuple[str, str]:
    """The first and last week a log may be written for, ignoring today.

    From the week the placement starts to `grace_weeks` (PLACEMENT_LOG_GRACE_WEEKS, default 2) weeks after the week
    it ends: its actual end when it ended early, else the planned end. The grace period lets the observers log the
    last weeks after the placement is over; check_week also refuses any week that has not begun in Denmark.
    """
    end = placement.ended_on or placement.planned_end_date
    return format_week(placement.start_date), add_weeks(format_week(end), grace_weeks)


def check_week(placement: Placement, week: str, grace_weeks: int, today: dt.date) -> None:
    """A week of the placement: from its first week to its last plus the grace period, and never in the future."""
    try:
        parsed = parse_week(week)
    except WeekError as error:
        raise InvalidInput(str(error), field="week") from None
    first, last = writable_weeks(placement, grace_weeks)
    if parsed > parse_week(format_week(today)):
        raise WeekRefused("future", f"week {week} has not happened yet")
    if parsed < parse_week(first):
        raise WeekRefused("before_start", f"week {week} is before the placement started (its first week is {first})")
    if parsed > parse_week(last):
        raise WeekRefused(
            "after_end",
            f"week {week} is more than {grace_weeks} weeks after the placement's end; "
            f"the last week that can be logged is {last}",
        )


PICKER_WEEKS = 4


@dataclass(frozen=True, slots=True)
class WeekPick:
    """The weeks a form offers (newest first), the one it shows, and why a requested week was not shown."""

    recent: list[str]
    chosen: str | None
    refused_kind: str | None


def pick_week(placement: Placement, week: str | None, grace_weeks: int, today: dt.date) -> WeekPick:
    """The week picker of the weekly log and the citizen's own rating: the latest PICKER_WEEKS weeks that can be
    written, and `week` if it can be (else the newest, with the reason it was refused: future, before_start,
    after_end or malformed)."""
    first, last = writable_weeks(placement, grace_weeks)
    this_week = format_week(today)
    newest = this_week if parse_week(this_week) <= parse_week(last) else last
    recent = [w for w in (add_weeks(newest, -n) for n in range(PICKER_WEEKS)) if parse_week(w) >= parse_week(first)]
    refused_kind = None
    if week is not None:
        try:
            check_week(placement, week, grace_weeks, today)
        except WeekRefused as error:
            refused_kind = error.kind
        except InvalidInput:
            refused_kind = "malformed"
    chosen = week if week is not None and refused_kind is None else (recent[0] if recent else None)
    if chosen is not None and chosen not in recent:
        recent.append(chosen)
    return WeekPick(recent, chosen, refused_kind)


def entry_problems(
    data: LogInput, steps: Mapping[uuid.UUID, Collection[int]], relation: Relation
) -> list[EntryProblem]:
    """Everything wrong with an entry, each naming its field, in the order of the API body.

    `steps` holds the placement's sub-goals, each with the positions of its small steps.
    """
    problems: list[EntryProblem] = []
    for name in ("placement_hours", "ordinary_hours", "absence_hours"):
        value = getattr(data, name)
        # `not a <= x <= b` also catches NaN, which compares false with everything.
        if not 0 <= value <= MAX_WEEK_HOURS:
            problems.append(
                EntryProblem("hours", f"{name} must be between 0 and {MAX_WEEK_HOURS} hours a week", field=name)
            )
    if not problems and data.placement_hours + data.absence_hours > MAX_WEEK_HOURS:
        problems.append(
            EntryProblem(
                "sum",
                f"placement and absence hours together exceed {MAX_WEEK_HOURS} hours a week",
                field="placement_hours",
            )
        )
    problems += rating_problems(data.ratings, steps)
    for name in ("small_steps", "note"):
        problems += text_field_problems(getattr(data, name), name)
    for index, step in enumerate(data.steps_reached):
        where = f"steps_reached[{index}]"
        subgoal_id = _uuid_or_none(step.subgoal_id)
        if subgoal_id is None or subgoal_id not in steps:
            problems.append(EntryProblem("subgoal", "not a sub-goal of this placement", field=f"{where}.subgoal_id"))
        elif step.position not in steps[subgoal_id]:
            problems.append(EntryProblem("subgoal", "not a small step of this sub-goal", field=f"{where}.position"))
    if not data.shared and relation is not Relation.CONSULTANT:
        problems.append(EntryProblem("shared", "only the consultant keeps an entry to the jobcenter", field="shared"))
    return problems


def rating_problems(ratings: Sequence[RatingInput], subgoals: Collection[uuid.UUID]) -> list[EntryProblem]:
    """What is wrong with a week's sub-goal ratings on the anchored 1–5 scale, by anyone who rates them (an observer's
    entry, the citizen's own rating): a sub-goal of this placement each, rated once, with a short note."""
    problems: list[EntryProblem] = []
    seen: set[uuid.UUID] = set()
    for index, item in enumerate(ratings):
        where = f"ratings[{index}]"
        subgoal_id = _uuid_or_none(item.subgoal_id)
        if subgoal_id is None or subgoal_id not in subgoals:
            problems.append(EntryProblem("subgoal", "not a sub-goal of this placement", field=f"{where}.subgoal_id"))
        elif subgoal_id in seen:
            problems.append(
                EntryProblem("subgoal", "this sub-goal is rated twice in one entry", field=f"{where}.subgoal_id")
            )
        else:
            seen.add(subgoal_id)
        if isinstance(item.rating, bool) or not RATING_MIN <= item.rating <= RATING_MAX:
            problems.append(
                EntryProblem("rating", "rating must be 1 (not started) to 5 (reached)", field=f"{where}.rating")
            )
        if len(item.note) > MAX_RATING_NOTE_LENGTH:
            problems.append(
                EntryProblem(
                    "too_long", f"a note is at most {MAX_RATING_NOTE_LENGTH} characters", field=f"{where}.note"
                )
            )
        elif problem := text_problem(item.note, f"{where}.note"):
            problems.append(EntryProblem("text", f"{where}.note {problem}", field=f"{where}.note"))
    return problems


def text_field_problems(value: str, name: str) -> list[EntryProblem]:
    """A free-text field of an entry: at most MAX_TEXT_LENGTH characters of plain text."""
    if len(value) > MAX_TEXT_LENGTH:
        return [EntryProblem("too_long", f"{name} is at most {MAX_TEXT_LENGTH} characters", field=name)]
    if problem := text_problem(value, name):
        return [EntryProblem("text", f"{name} {problem}", field=name)]
    return []


def _uuid_or_none(raw: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw)
    except (ValueError, AttributeError, TypeError):
        return None
