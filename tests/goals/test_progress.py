"""Progress from plain inputs: what a consultant checks on the timeline, the charts and the hours table."""

import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goals.progress import (
    ROLES,
    AssessmentInput,
    CaseworkerInput,
    Disagreement,
    HoursPoint,
    LogInput,
    PlanWeekInput,
    ProgressInput,
    RatingPoint,
    ScorePoint,
    SmallStep,
    StepInput,
    StepKind,
    SubGoalInput,
    compute_progress,
)
from goals.weeks import WeekError, add_weeks

START = date(2026, 11, 23)  # Monday of 2026-W48, so the placement runs across week 53 and new year
END = date(2027, 2, 12)  # Friday of 2027-W06: 12 planned weeks
ON_TIME = SubGoalInput("s1", "D", "Møder til tiden", (StepInput("Ringer ved fravær", 1, "2026-W49", "mentor"),))
ASKS = SubGoalInput("s2", "A", "Spørger om hjælp")


def log(week, role="company_contact", ratings=None, placement=20.0, ordinary=0.0, absence=0.0, small_steps=""):
    return LogInput(week, role, placement, ordinary, absence, ratings or {}, small_steps)


def progress(logs=(), today=date(2026, 12, 16), plan=None, **inputs):
    plan = plan if plan is not None else tuple(PlanWeekInput(add_weeks("2026-W48", i), 20, i) for i in range(12))
    return compute_progress(
        ProgressInput(START, END, today, subgoals=(ON_TIME, ASKS), logs=tuple(logs), plan=plan, **inputs)
    )


def steps_of(result, kind):
    return [step for step in result.small_steps if step.kind == kind]


def test_a_rising_rating_is_a_small_step_that_says_who_saw_it():
    result = progress([log("2026-W48", "mentor", {"s1": 2}), log("2026-W49", "mentor", {"s1": 3})])
    assert steps_of(result, StepKind.RATING_ROSE) == [
        SmallStep("2026-W49", StepKind.RATING_ROSE, "s1", "2 → 3", "mentor", 2, 3)
    ]


def test_a_rating_rise_compares_with_the_same_role_only():
    # The mentor's 2 after the company's 4 is not a fall, and the company's 3 after the mentor's 2 is not a rise.
    result = progress(
        [
            log("2026-W48", "company_contact", {"s1": 4}),
            log("2026-W49", "mentor", {"s1": 2}),
            log("2026-W50", "company_contact", {"s1": 3}),
        ]
    )
    assert steps_of(result, StepKind.RATING_ROSE) == []


def test_a_rise_is_measured_from_the_roles_previous_logged_week_even_across_a_gap():
    result = progress([log("2026-W48", "consultant", {"s2": 1}), log("2026-W51", "consultant", {"s2": 3})])
    [step] = steps_of(result, StepKind.RATING_ROSE)
    assert (step.week, step.text, step.seen_by, step.before, step.after) == ("2026-W51", "1 → 3", "consultant", 1, 3)


def test_a_falling_or_flat_rating_is_no_small_step():
    ratings = {"2026-W48": 3, "2026-W49": 3, "2026-W50": 2}
    result = progress([log(week, ratings={"s1": rating}) for week, rating in ratings.items()])
    assert steps_of(result, StepKind.RATING_ROSE) == []


def test_a_reached_step_is_a_small_step_with_who_saw_it():
    assert steps_of(progress(), StepKind.STEP_REACHED) == [
        SmallStep("2026-W49", StepKind.STEP_REACHED, "s1", "Ringer ved fravær", "mentor")
    ]


def test_a_week_with_more_ordinary_hours_than_the_previous_logged_week_is_a_small_step():
    ordinary = {"2026-W48": 0, "2026-W49": 4, "2026-W51": 6.5, "2026-W52": 5}
    result = progress([log(week, ordinary=hours) for week, hours in ordinary.items()])
    assert [(s.week, s.text, s.seen_by) for s in steps_of(result, StepKind.ORDINARY_HOURS_ROSE)] == [
        ("2026-W49", "0 → 4", "company_contact"),
        ("2026-W51", "4 → 6.5", "company_contact"),
    ]


def test_the_words_of_a_log_are_an_observed_small_step_and_blank_words_are_not():
    result = progress(
        [log("2026-W48", "mentor", small_steps="  Spurgte selv kollegaen  "), log("2026-W49", small_steps="  ")]
    )
    assert steps_of(result, StepKind.OBSERVED) == [
        SmallStep("2026-W48", StepKind.OBSERVED, None, "Spurgte selv kollegaen", "mentor")
    ]


def test_the_timeline_is_sorted_by_week():
    result = progress(
        [
            log("2026-W50", "mentor", {"s1": 4}, small_steps="Tog bussen alene"),
            log("2026-W48", "mentor", {"s1": 2}),
            log("2026-W53", "mentor", {"s1": 5}, ordinary=3),
        ],
        today=date(2027, 1, 20),
    )
    weeks = [step.week for step in result.small_steps]
    assert weeks == sorted(weeks)
    assert weeks[0] == "2026-W49"  # the reached step
    assert weeks[-1] == "2026-W53"


def test_two_observers_two_steps_apart_disagree():
    result = progress([log("2026-W49", "company_contact", {"s1": 4}), log("2026-W49", "mentor", {"s1": 2})])
    assert result.disagreements == [Disagreement("2026-W49", "s1", ("company_contact", "mentor"), (4, 2), 2)]


def test_two_observers_one_step_apart_do_not_disagree():
    result = progress([log("2026-W49", "company_contact", {"s1": 3}), log("2026-W49", "mentor", {"s1": 2})])
    assert result.disagreements == []


def test_the_citizen_and_an_observer_can_disagree():
    result = progress([log("2026-W49", "consultant", {"s2": 1}), log("2026-W49", "citizen", {"s2": 5})])
    assert result.disagreements == [Disagreement("2026-W49", "s2", ("consultant", "citizen"), (1, 5), 4)]


def test_ratings_in_different_weeks_never_disagree():
    result = progress([log("2026-W49", "company_contact", {"s1": 5}), log("2026-W50", "mentor", {"s1": 1})])
    assert result.disagreements == []


def test_ratings_are_kept_per_role_and_sorted_by_week_then_role():
    result = progress(
        [
            log("2026-W49", "citizen", {"s1": 3}),
            log("2026-W49", "mentor", {"s1": 2}),
            log("2026-W48", "consultant", {"s1": 1, "s2": 2}),
            log("2026-W49", "company_contact", {"s1": 2}),
        ]
    )
    on_time, asks = result.subgoals
    assert (on_time.id, on_time.factor, on_time.title) == ("s1", "D", "Møder til tiden")
    assert on_time.ratings == [
        RatingPoint("2026-W48", "consultant", 1),
        RatingPoint("2026-W49", "company_contact", 2),
        RatingPoint("2026-W49", "mentor", 2),
        RatingPoint("2026-W49", "citizen", 3),
    ]
    assert asks.ratings == [RatingPoint("2026-W48", "consultant", 2)]


def test_a_rating_of_a_sub_goal_no_longer_in_the_plan_is_left_out():
    result = progress([log("2026-W49", ratings={"gone": 4, "s1": 2})])
    assert [len(series.ratings) for series in result.subgoals] == [1, 0]


def test_the_caseworkers_view_stays_apart_from_the_citizens_factors():
    result = progress(
        assessments=(AssessmentInput(date(2026, 12, 1), {"A": 2.5, "C": 4.0}),),
        caseworker_assessments=(CaseworkerInput(date(2026, 12, 2), 4, "Møder stabilt"),),
    )
    assert set(result.factors) == {"A", "B", "C", "D", "E"}
    assert result.factors["A"] == [ScorePoint(date(2026, 12, 1), 2.5)]
    assert result.factors["B"] == []
    assert result.caseworker == [ScorePoint(date(2026, 12, 2), 4)]


def test_a_self_assessment_cannot_carry_the_caseworkers_factor():
    with pytest.raises(ValueError, match="F is the caseworker's view"):
        AssessmentInput(date(2026, 12, 1), {"F": 3})


def test_factor_scores_are_sorted_by_date_and_a_missing_factor_is_no_point():
    result = progress(
        assessments=(
            AssessmentInput(date(2027, 1, 10), {"A": 4.0}),
            AssessmentInput(date(2026, 11, 25), {"A": 2.0, "B": 3.0}),
        )
    )
    assert result.factors["A"] == [ScorePoint(date(2026, 11, 25), 2.0), ScorePoint(date(2027, 1, 10), 4.0)]
    assert result.factors["B"] == [ScorePoint(date(2026, 11, 25), 3.0)]


def test_a_week_nobody_logged_has_none_hours_not_zero():
    result = progress([log("2026-W48", placement=18), log("2026-W50", placement=20)])
    by_week = {row.week: row for row in result.hours}
    assert by_week["2026-W49"] == HoursPoint("2026-W49", 20, None, None, 1, None, None)
    assert by_week["2026-W48"].placement_hours == 18


def test_the_hours_table_runs_from_the_start_to_the_current_week():
    result = progress(today=date(2026, 12, 31))
    assert [row.week for row in result.hours] == [f"2026-W{n}" for n in range(48, 54)]
    assert [row.planned for row in result.hours] == [20] * 6
    assert [row.ordinary_target for row in result.hours] == [0, 1, 2, 3, 4, 5]


def test_the_hours_table_stops_at_the_planned_end_but_never_hides_a_logged_week():
    result = progress([log("2027-W08")], today=date(2027, 6, 1))
    weeks = [row.week for row in result.hours]
    assert weeks[-3:] == ["2027-W06", "2027-W07", "2027-W08"]
    assert [row.planned for row in result.hours[-2:]] == [None, None]


def test_the_company_contacts_hours_win_then_the_consultants_then_the_mentors():
    result = progress(
        [
            log("2026-W48", "mentor", placement=10, ordinary=1),
            log("2026-W48", "company_contact", placement=16, ordinary=2),
            log("2026-W48", "consultant", placement=12, ordinary=3),
            log("2026-W49", "mentor", placement=10),
            log("2026-W49", "consultant", placement=12),
            log("2026-W50", "mentor", placement=10),
        ]
    )
    by_week = {row.week: row for row in result.hours}
    assert (by_week["2026-W48"].placement_hours, by_week["2026-W48"].ordinary_hours) == (16, 2)
    assert by_week["2026-W48"].hours_from == "company_contact"
    assert (by_week["2026-W49"].placement_hours, by_week["2026-W49"].hours_from) == (12, "consultant")
    assert (by_week["2026-W50"].placement_hours, by_week["2026-W50"].hours_from) == (10, "mentor")


def test_the_citizens_own_entry_never_sets_the_hours():
    result = progress([log("2026-W48", "citizen", {"s1": 3}, placement=0)])
    assert result.hours[0].placement_hours is None
    assert result.attendance_rate is None


def test_two_entries_of_one_role_in_a_week_give_their_mean():
    result = progress([log("2026-W48", "mentor", placement=10), log("2026-W48", "mentor", placement=15)])
    assert result.hours[0].placement_hours == 12.5


def test_attendance_is_attended_over_planned_hours_in_the_logged_weeks():
    result = progress([log("2026-W48", placement=20), log("2026-W50", placement=10)])
    assert result.attendance_rate == 0.75


def test_attendance_is_none_without_logged_hours():
    assert progress().attendance_rate is None


def test_weeks_used_counts_the_weeks_of_the_period_up_to_today():
    assert (progress(today=date(2026, 12, 16)).weeks_used, progress().weeks_planned) == (4, 12)
    assert progress(today=date(2026, 11, 1)).weeks_used == 0
    assert progress(today=date(2027, 5, 1)).weeks_used == 12


def test_logged_weeks_lists_every_week_with_an_entry_once():
    result = progress([log("2026-W49", "citizen"), log("2026-W48"), log("2026-W48", "mentor")])
    assert result.logged_weeks == ["2026-W48", "2026-W49"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: log("2026-W48", ratings={"s1": 6}), "rating of sub-goal s1"),
        (lambda: log("2026-W48", ratings={"s1": True}), "rating of sub-goal s1"),
        (lambda: log("2026-W48", role="boss"), "author_role"),
        (lambda: log("2026-W48", placement=-1), "placement_hours"),
        (lambda: log("2026-W48", ordinary=float("nan")), "ordinary_hours"),
        (lambda: CaseworkerInput(date(2026, 12, 1), 6, "x"), "caseworker score"),
        (lambda: SubGoalInput("s9", "F", "x"), "sub-goal factor"),
        (lambda: ProgressInput(END, START, START), "before start_date"),
        (lambda: ProgressInput(START, END, START, subgoals=(ASKS, ASKS)), "sub-goal id s2 appears twice"),
    ],
)
def test_invalid_inputs_are_refused_naming_the_field(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_a_log_for_a_week_that_does_not_exist_is_a_week_error():
    with pytest.raises(WeekError, match="2027-W53"):
        log("2027-W53")


ROLE = st.sampled_from(ROLES)
WEEK = st.integers(0, 11).map(lambda i: add_weeks("2026-W48", i))
HOURS = st.floats(0, 40, allow_nan=False)
LOGS = st.lists(
    st.builds(
        LogInput,
        week=WEEK,
        author_role=ROLE,
        placement_hours=HOURS,
        ordinary_hours=HOURS,
        absence_hours=HOURS,
        ratings=st.dictionaries(st.sampled_from(["s1", "s2"]), st.integers(1, 5)),
        small_steps=st.sampled_from(["", "Kom til tiden", "Hilste på kollegerne"]),
    ),
    max_size=15,
)
ASSESSMENTS = st.lists(
    st.builds(
        AssessmentInput,
        date=st.dates(START, END),
        scores=st.dictionaries(st.sampled_from("ABCDE"), st.floats(1, 5, allow_nan=False)),
    ),
    max_size=4,
)


@settings(max_examples=200, deadline=None)
@given(LOGS, ASSESSMENTS, st.integers(0, 2**32 - 1), st.integers(0, 120))
def test_progress_does_not_depend_on_the_order_the_entries_arrive_in(logs, assessments, seed, days):
    shuffled_logs, shuffled_assessments = list(logs), list(assessments)
    random.Random(seed).shuffle(shuffled_logs)
    random.Random(seed).shuffle(shuffled_assessments)
    today = START + timedelta(days=days)
    assert progress(logs, today, assessments=tuple(assessments)) == progress(
        shuffled_logs, today, assessments=tuple(shuffled_assessments)
    )


@settings(max_examples=200, deadline=None)
@given(LOGS)
def test_every_rise_and_every_disagreement_is_backed_by_the_ratings(logs):
    result = progress(logs, today=date(2027, 3, 1))
    for step in steps_of(result, StepKind.RATING_ROSE):
        assert step.after > step.before
    for disagreement in result.disagreements:
        assert disagreement.gap == abs(disagreement.ratings[0] - disagreement.ratings[1]) >= 2
    points = {(p.week, s.id, p.author_role, p.rating) for s in result.subgoals for p in s.ratings}
    for d in result.disagreements:
        assert {
            (d.week, d.subgoal_id, role, rating) for role, rating in zip(d.roles, d.ratings, strict=False)
        } <= points
