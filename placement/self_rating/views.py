"""The citizen's own weekly rating as the page shows it, and the posted form read back into an input."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from goals.bounds import MAX_RATING_NOTE_LENGTH, RATING_MAX, RATING_MIN
from placement.logs.rules import EntryProblem, RatingInput
from placement.self_rating.services import SelfRatingForm, SelfRatingInput

RATING_PREFIX = "rating-"
NOTE_PREFIX = "note-"


@dataclass(frozen=True, slots=True)
class PostedForm:
    week: str
    data: SelfRatingInput
    problems: tuple[EntryProblem, ...]
    values: dict[str, str] = field(default_factory=dict)


def read_form(data: Mapping[str, str]) -> PostedForm:
    """The posted fields: `rating-<sub-goal id>` (1–5, empty when skipped), `note-<sub-goal id>` and `note`."""
    ratings: list[RatingInput] = []
    problems: list[EntryProblem] = []
    for name, raw in data.items():
        if not name.startswith(RATING_PREFIX) or not raw.strip():
            continue
        goal = name.removeprefix(RATING_PREFIX)
        try:
            rating = int(raw)
        except ValueError:
            problems.append(EntryProblem("rating", "rating must be a whole number from 1 to 5", field=name))
            continue
        ratings.append(RatingInput(goal, rating, data.get(NOTE_PREFIX + goal, "")))
    return PostedForm(
        week=data.get("week", ""),
        data=SelfRatingInput(ratings=ratings, note=data.get("note", "")),
        problems=tuple(problems),
        values=dict(data),
    )


@dataclass(frozen=True, slots=True)
class Option:
    value: int
    checked: bool


@dataclass(frozen=True, slots=True)
class GoalRow:
    id: str
    factor: str
    title: str
    target: str
    options: list[Option]
    saved: int | None
    previous: int | None
    note: str
    error: str | None


@dataclass(frozen=True, slots=True)
class FormView:
    placement_id: uuid.UUID
    week: str | None
    this_week: str
    choices: list[tuple[str, bool, bool]]
    """(week, rated, chosen) for each week the citizen may pick."""
    goals: list[GoalRow]
    note: str
    saved: bool
    previous_week: str | None
    refused_kind: str | None
    refused_week: str | None
    errors: list[EntryProblem]
    note_max: int = MAX_RATING_NOTE_LENGTH


def _error_of(goal_id: str, index: Mapping[str, int], problems: Sequence[EntryProblem]) -> str | None:
    where = index.get(goal_id)
    for problem in problems:
        if problem.field == RATING_PREFIX + goal_id or (
            where is not None and (problem.field or "").startswith(f"ratings[{where}]")
        ):
            return problem.kind
    return None


def form_view(form: SelfRatingForm, posted: PostedForm | None = None, errors: Sequence[EntryProblem] = ()) -> FormView:
    """The form with the saved rating of the week, or what was posted when a save was refused."""
    saved = form.saved
    index = {r.subgoal_id: i for i, r in enumerate(posted.data.ratings)} if posted else {}
    rows = []
    for goal in form.goals:
        key = str(goal.id)
        if posted is not None:
            raw = posted.values.get(RATING_PREFIX + key, "")
            chosen = int(raw) if raw.isdigit() else None
            note = posted.values.get(NOTE_PREFIX + key, "")
        else:
            chosen = saved.ratings.get(goal.id) if saved else None
            note = saved.notes.get(goal.id, "") if saved else ""
        rows.append(
            GoalRow(
                id=key,
                factor=goal.factor,
                title=goal.title,
                target=goal.target,
                options=[Option(v, v == chosen) for v in range(RATING_MIN, RATING_MAX + 1)],
                saved=saved.ratings.get(goal.id) if saved else None,
                previous=form.previous.ratings.get(goal.id) if form.previous else None,
                note=note,
                error=_error_of(key, index, errors),
            )
        )
    return FormView(
        placement_id=form.placement_id,
        week=form.week,
        this_week=form.this_week,
        choices=[(c.week, c.rated, c.week == form.week) for c in form.choices],
        goals=rows,
        note=posted.data.note if posted else (saved.note if saved else ""),
        saved=saved is not None,
        previous_week=form.previous.week if form.previous else None,
        refused_kind=form.refused_kind,
        refused_week=form.refused_week,
        errors=list(errors),
    )
