"""The report's timeline: one line per step a sub-goal took, whoever saw it; setbacks apart; the same count for all."""

from __future__ import annotations

import datetime as dt

from goals.glance import status_of
from goals.progress import LogInput, ProgressInput, StepInput, SubGoalInput, compute_progress
from goals.readability import lix
from goals.timeline import LineKind, build_timeline

START = dt.date(2026, 9, 7)  # Monday of week 37


def _log(week: int, role: str, ratings: dict[str, int], *, ordinary: float = 0, note: str = "") -> LogInput:
    return LogInput(
        week=f"2026-W{week}",
        author_role=role,
        placement_hours=10,
        ordinary_hours=ordinary,
        absence_hours=0,
        ratings=ratings,
        small_steps=note,
    )


def _progress(logs: list[LogInput], steps: tuple[StepInput, ...] = ()):  # type: ignore[no-untyped-def]
    return compute_progress(
        ProgressInput(
            start_date=START,
            planned_end_date=START + dt.timedelta(weeks=13),
            today=START + dt.timedelta(weeks=8),
            subgoals=(SubGoalInput(id="g1", factor="A", title="Møder til tiden", steps=steps),),
            logs=tuple(logs),
        )
    )


def test_a_level_first_seen_by_one_observer_and_later_by_another_is_one_step_with_both() -> None:
    progress = _progress(
        [
            _log(37, "company_contact", {"g1": 1}),
            _log(37, "mentor", {"g1": 1}),
            _log(38, "company_contact", {"g1": 2}),
            _log(38, "mentor", {"g1": 1}),
            _log(39, "company_contact", {"g1": 2}),
            _log(39, "mentor", {"g1": 2}),
        ]
    )
    # The API keeps each observer's rise apart: two.
    assert len([s for s in progress.small_steps if s.kind.value == "rating_rose"]) == 2
    timeline = build_timeline(progress, ["g1"])
    (step,) = timeline.steps
    assert (step.week, step.before, step.after) == ("2026-W38", 1, 2)
    assert step.seen_by == ("company_contact", "mentor")


def test_every_new_level_is_a_step_and_a_fall_is_a_setback_not_counted() -> None:
    progress = _progress(
        [
            _log(37, "mentor", {"g1": 1}),
            _log(38, "mentor", {"g1": 3}),
            _log(39, "mentor", {"g1": 2}),
            _log(40, "mentor", {"g1": 3}),
            _log(41, "mentor", {"g1": 4}),
        ]
    )
    timeline = build_timeline(progress, ["g1"])
    assert [(s.week, s.before, s.after) for s in timeline.steps] == [("2026-W38", 1, 3), ("2026-W41", 3, 4)]
    assert [(s.week, s.before, s.after) for s in timeline.setbacks] == [("2026-W39", 3, 2)]
    assert all(line.kind is LineKind.SETBACK for line in timeline.setbacks)


def test_the_same_words_from_two_observers_in_a_week_are_one_line_and_reached_steps_count() -> None:
    progress = _progress(
        [
            _log(37, "company_contact", {"g1": 1}, note="Tog selv telefonen"),
            _log(37, "mentor", {"g1": 1}, note="Tog selv telefonen"),
            _log(38, "company_contact", {"g1": 1}, ordinary=2),
            _log(39, "company_contact", {"g1": 1}, ordinary=4),
        ],
        steps=(
            StepInput(text="Ringer selv ved sygdom", position=0, reached_week="2026-W38", reached_by_role="mentor"),
        ),
    )
    timeline = build_timeline(progress, ["g1"])
    kinds = sorted(line.kind.value for line in timeline.steps)
    assert kinds == ["observed", "ordinary_hours_rose", "ordinary_hours_rose", "step_reached"]
    observed = next(line for line in timeline.steps if line.kind is LineKind.OBSERVED)
    assert observed.seen_by == ("company_contact", "mentor")
    # The sub-goal's own lines come first, then the placement's (hours, what was seen).
    assert [group.subgoal_id for group in timeline.groups] == ["g1", None]


def test_the_glance_gives_where_a_sub_goal_started_where_it_is_and_who_saw_it() -> None:
    progress = _progress(
        [
            _log(37, "company_contact", {"g1": 1}),
            _log(37, "mentor", {"g1": 2}),
            _log(40, "company_contact", {"g1": 5}),
            _log(40, "mentor", {"g1": 4}),
            _log(40, "consultant", {"g1": 5}),
        ]
    )
    status = status_of(progress.subgoals[0])
    assert (status.start, status.now, status.reached) == (1, 5, True)
    assert status.latest == (("company_contact", 5), ("consultant", 5), ("mentor", 4))
    assert status_of(_progress([]).subgoals[0]).now is None


def test_lix_counts_words_per_sentence_and_long_words() -> None:
    easy = lix("Du møder til tiden. Du tager selv telefonen.")
    assert (easy.words, easy.sentences, easy.long_words) == (8, 2, 1)  # "telefonen" has nine letters
    assert round(easy.index, 1) == 16.5
    hard = lix("Arbejdsmarkedsidentiteten understøttes gennem beskæftigelsesrettede indsatser og progressionsmåling.")
    assert hard.index > 55
    # A number is no word, and a heading without a full stop runs into the sentence beside it.
    assert lix("Uge 48 7,5 timer").words == 2 and lix("Uge 48 7,5 timer").sentences == 0


def test_setbacks_are_each_observers_fall_with_two_authors_of_a_role_counted_by_their_best() -> None:
    progress = _progress(
        [
            _log(37, "mentor", {"g1": 3}),
            _log(38, "mentor", {"g1": 2}),
            _log(38, "mentor", {"g1": 3}),  # a second mentor keeps the role's best at 3: no fall
            _log(37, "company_contact", {"g1": 4}),
            _log(38, "company_contact", {"g1": 2}),
        ]
    )
    assert [(f.week, f.seen_by, f.before, f.after) for f in progress.setbacks] == [
        ("2026-W38", "company_contact", 4, 2)
    ]
