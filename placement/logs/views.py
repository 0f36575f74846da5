"""The weekly log form as plain view models: reading the posted form, and what the page and the receipt show."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from goals.bounds import MAX_RATING_NOTE_LENGTH, MAX_TEXT_LENGTH, MAX_WEEK_HOURS
from goals.weeks import add_weeks, parse_week
from placement.access.policy import Relation
from placement.logs.rules import EntryProblem, LogInput, RatingInput, StepInput
from placement.logs.services import LogForm, OwnEntry
from placement.web.filters import hours_text, week_number

HOUR_FIELDS = ("placement_hours", "ordinary_hours", "absence_hours")
RATING_PREFIX = "rating-"
NOTE_PREFIX = "note-"
# A small step's checkbox: step-<sub-goal id>-<position>.
STEP_PREFIX = "step-"
# The button that offers last week's hours; without a script it posts the form, which comes back filled, unsaved.
PREVIOUS_HOURS = "use_previous_hours"
# Hours as people type them on a phone: 7,5 or 7.5; at most two decimals. Anything else is named, not guessed.
_HOURS = re.compile(r"[0-9]{1,3}(?:[.,][0-9]{1,2})?")
_LIST_FIELD = re.compile(r"(ratings|steps_reached)\[(\d+)\]\.(\w+)")


@dataclass(frozen=True, slots=True)
class PostedForm:
    """A posted form read into an entry, with what could not even be read, each problem naming its form field."""

    week: str
    data: LogInput
    problems: list[EntryProblem]
    raw: Mapping[str, str]


def read_form(form: Mapping[str, str]) -> PostedForm:
    """The entry a posted form describes. Sub-goals come in the order of the page; an unrated one is left out."""
    problems: list[EntryProblem] = []
    hours: dict[str, float] = {}
    for name in HOUR_FIELDS:
        text = form.get(name, "").strip()
        if not text:
            # Only the placement hours must be typed: no ordinary work and no absence is the common week.
            if name == "placement_hours":
                problems.append(EntryProblem("missing", f"{name} is required", field=name))
            hours[name] = 0
        elif _HOURS.fullmatch(text):
            hours[name] = float(text.replace(",", "."))
        else:
            problems.append(EntryProblem("hours", f"{name} must be a number of hours, found {text!r}", field=name))
            hours[name] = 0
    ratings = []
    for key, value in form.items():
        if key.startswith(RATING_PREFIX) and value:
            subgoal_id = key.removeprefix(RATING_PREFIX)
            rating = int(value) if value.isdigit() and len(value) == 1 else 0
            ratings.append(RatingInput(subgoal_id, rating, form.get(NOTE_PREFIX + subgoal_id, "")))
    steps = []
    for key, value in form.items():
        if key.startswith(STEP_PREFIX) and value:
            subgoal_id, _, position = key.removeprefix(STEP_PREFIX).rpartition("-")
            known = position.isascii() and position.isdigit() and len(position) <= 3
            steps.append(StepInput(subgoal_id, int(position) if known else -1))
    rated = {item.subgoal_id for item in ratings}
    for key, value in form.items():
        # A note belongs to a rating; one typed without a rating would be lost, so ask for the rating.
        if key.startswith(NOTE_PREFIX) and value.strip() and key.removeprefix(NOTE_PREFIX) not in rated:
            field = RATING_PREFIX + key.removeprefix(NOTE_PREFIX)
            problems.append(EntryProblem("note_without_rating", "a note needs a rating of its sub-goal", field=field))
    data = LogInput(
        placement_hours=hours["placement_hours"],
        ordinary_hours=hours["ordinary_hours"],
        absence_hours=hours["absence_hours"],
        ratings=ratings,
        small_steps=form.get("small_steps", ""),
        note=form.get("note", ""),
        shared=not form.get("internal"),
        steps_reached=steps,
    )
    return PostedForm(week=form.get("week", ""), data=data, problems=problems, raw=form)


def form_field(problem: EntryProblem, data: LogInput) -> str:
    """The form field an API-style problem belongs to: ratings[1].rating is the rating of that sub-goal,
    steps_reached[0].position the checkbox of that step."""
    field = problem.field or ""
    match = _LIST_FIELD.fullmatch(field)
    if not match:
        return "internal" if field == "shared" else field
    index, part = int(match.group(2)), match.group(3)
    if match.group(1) == "steps_reached":
        step = data.steps_reached[index]
        return f"{STEP_PREFIX}{step.subgoal_id}-{step.position}"
    prefix = NOTE_PREFIX if part == "note" else RATING_PREFIX
    return prefix + data.ratings[index].subgoal_id


def form_errors(problems: Sequence[EntryProblem], data: LogInput) -> dict[str, str]:
    """The problems of a refusal beside their form fields, each field with the first problem kind named for it."""
    found: dict[str, str] = {}
    for problem in problems:
        found.setdefault(form_field(problem, data), problem.kind)
    return found


# What the pages show.


@dataclass(frozen=True, slots=True)
class WeekTab:
    week: str
    number: int
    chosen: bool
    this_week: bool
    logged: bool


@dataclass(frozen=True, slots=True)
class RatingOption:
    value: int
    checked: bool


@dataclass(frozen=True, slots=True)
class StepView:
    """A planned small step: a checkbox until it is reached, then the week it was reached."""

    field: str
    text: str
    ticked: bool
    reached_week_number: int | None


@dataclass(frozen=True, slots=True)
class GoalView:
    id: str
    factor: str
    title: str
    target: str
    options: list[RatingOption]
    note: str
    previous: int | None
    rating_error: str | None
    note_error: str | None
    steps: list[StepView]


@dataclass(frozen=True, slots=True)
class HoursOffer:
    """Last week's hours, offered with one tap for a week not yet logged; the fields are never filled unasked."""

    week_number: int
    placement_hours: str
    ordinary_hours: str


@dataclass(frozen=True, slots=True)
class ProblemItem:
    """One problem in the summary above the form: where it is (anchor), which field, and what is wrong."""

    anchor: str
    field: str
    title: str
    kind: str


@dataclass(frozen=True, slots=True)
class PreviousView:
    """The author's latest entry before this week, for reference."""

    week_number: int
    placement_hours: float
    ordinary_hours: float
    absence_hours: float
    small_steps: str


@dataclass(frozen=True, slots=True)
class FormPage:
    placement_id: str
    citizen_name: str
    company_name: str
    is_consultant: bool
    week: str | None
    week_number: int | None
    tabs: list[WeekTab]
    goals: list[GoalView]
    values: dict[str, str]
    internal: bool
    editing: bool
    previous: PreviousView | None
    planned_hours: float | None
    planned_ordinary: float | None
    errors: dict[str, str]
    problems: list[ProblemItem]
    offer: HoursOffer | None
    filled_from_previous: bool
    refused_week_number: int | None
    refused_kind: str | None
    first_week_number: int
    last_week_number: int
    not_started: bool
    max_hours: int = MAX_WEEK_HOURS
    note_max: int = MAX_RATING_NOTE_LENGTH
    text_max: int = MAX_TEXT_LENGTH


def hours_offer(form: LogForm, lang: str) -> HoursOffer | None:
    """Last week's hours when the chosen week has no entry of this author yet and the week before it has."""
    previous = form.previous
    if form.week is None or form.entry is not None or previous is None or previous.week != add_weeks(form.week, -1):
        return None
    return HoursOffer(
        week_number=week_number(previous.week),
        placement_hours=hours_text(previous.placement_hours, lang),
        ordinary_hours=hours_text(previous.ordinary_hours, lang),
    )


def with_previous_hours(posted: PostedForm, offer: HoursOffer) -> PostedForm:
    """The posted form with last week's hours in place of what was typed: the page without a script shows it again."""
    raw = {**posted.raw, "placement_hours": offer.placement_hours, "ordinary_hours": offer.ordinary_hours}
    return PostedForm(week=posted.week, data=posted.data, problems=[], raw=raw)


def form_page(
    form: LogForm,
    lang: str,
    *,
    posted: PostedForm | None = None,
    errors: Mapping[str, str] | None = None,
    filled_from_previous: bool = False,
) -> FormPage:
    """The form filled from what was just typed, else from this week's entry; a new week starts empty."""
    errors = dict(errors or {})
    entry, previous = form.entry, form.previous
    ticked: set[str] = set()
    if posted is not None:
        typed = posted.raw
        values = {name: typed.get(name, "") for name in (*HOUR_FIELDS, "small_steps", "note")}
        chosen = {
            key.removeprefix(RATING_PREFIX): value for key, value in typed.items() if key.startswith(RATING_PREFIX)
        }
        notes = {key.removeprefix(NOTE_PREFIX): value for key, value in typed.items() if key.startswith(NOTE_PREFIX)}
        internal = bool(typed.get("internal"))
        ticked = {key for key, value in typed.items() if key.startswith(STEP_PREFIX) and value}
    else:
        values = {name: hours_text(getattr(entry, name), lang) if entry else "" for name in HOUR_FIELDS}
        values["small_steps"] = entry.small_steps if entry else ""
        values["note"] = entry.note if entry else ""
        chosen = {str(k): str(v) for k, v in entry.ratings.items()} if entry else {}
        notes = {str(k): v for k, v in entry.notes.items()} if entry else {}
        internal = bool(entry and not entry.shared)
    goals = []
    for goal in form.subgoals:
        key = str(goal.id)
        goals.append(
            GoalView(
                id=key,
                factor=goal.factor,
                title=goal.title,
                target=goal.target,
                options=[RatingOption(value=v, checked=chosen.get(key) == str(v)) for v in range(1, 6)],
                note=notes.get(key, ""),
                previous=previous.ratings.get(goal.id) if previous else None,
                rating_error=errors.get(RATING_PREFIX + key),
                note_error=errors.get(NOTE_PREFIX + key),
                steps=[
                    StepView(
                        field=f"{STEP_PREFIX}{key}-{step.position}",
                        text=step.text,
                        ticked=f"{STEP_PREFIX}{key}-{step.position}" in ticked,
                        reached_week_number=week_number(step.reached_week) if step.reached_week else None,
                    )
                    for step in goal.steps
                ],
            )
        )
    this_week = form.this_week
    return FormPage(
        placement_id=str(form.placement_id),
        citizen_name=form.citizen_name,
        company_name=form.company_name,
        is_consultant=form.relation is Relation.CONSULTANT,
        week=form.week,
        week_number=week_number(form.week) if form.week else None,
        tabs=[
            WeekTab(
                week=c.week,
                number=week_number(c.week),
                chosen=c.week == form.week,
                this_week=c.week == this_week,
                logged=c.logged,
            )
            for c in form.choices
        ],
        goals=goals,
        values=values,
        internal=internal,
        editing=entry is not None,
        previous=_previous_view(previous) if previous else None,
        planned_hours=form.planned_hours,
        planned_ordinary=form.planned_ordinary,
        errors=errors,
        problems=_problem_list(errors, goals),
        offer=hours_offer(form, lang),
        filled_from_previous=filled_from_previous,
        refused_kind=form.refused_kind,
        refused_week_number=week_number(form.refused_week)
        if form.refused_week and form.refused_kind != "malformed"
        else None,
        first_week_number=week_number(form.first_week),
        last_week_number=week_number(form.last_week),
        not_started=parse_week(form.first_week) > parse_week(this_week),
    )


def _problem_list(errors: Mapping[str, str], goals: list[GoalView]) -> list[ProblemItem]:
    """The problems in the order of the page; one about a sub-goal no longer on the page points at the summary."""
    items: list[ProblemItem] = []
    for goal in goals:
        for prefix, field in ((RATING_PREFIX, "rating"), (NOTE_PREFIX, "goal_note")):
            if prefix + goal.id in errors:
                anchor = f"goal-{goal.id}" if field == "rating" else NOTE_PREFIX + goal.id
                items.append(ProblemItem(anchor, field, goal.title, errors[prefix + goal.id]))
    for name in (*HOUR_FIELDS, "small_steps", "note", "internal"):
        if name in errors:
            items.append(ProblemItem(name, name, "", errors[name]))
    shown = (
        {RATING_PREFIX + g.id for g in goals}
        | {NOTE_PREFIX + g.id for g in goals}
        | {*HOUR_FIELDS, "small_steps", "note", "internal"}
    )
    items += [ProblemItem("problems", "rating", "", kind) for name, kind in errors.items() if name not in shown]
    return items


def _previous_view(entry: OwnEntry) -> PreviousView:
    return PreviousView(
        week_number=week_number(entry.week),
        placement_hours=entry.placement_hours,
        ordinary_hours=entry.ordinary_hours,
        absence_hours=entry.absence_hours,
        small_steps=entry.small_steps,
    )
