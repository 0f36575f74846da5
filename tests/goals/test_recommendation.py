"""The recommendation rule: verdicts a consultant can follow, reasons with numbers, and better data never worse."""

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from goals.progress import (
    ROLES,
    AssessmentInput,
    CaseworkerInput,
    LogInput,
    PlanWeekInput,
    ProgressInput,
    SubGoalInput,
    compute_progress,
)
from goals.recommendation import (
    GOODNESS,
    RULE_DESCRIPTION_DA,
    RULE_DESCRIPTION_EN,
    Recommendation,
    Thresholds,
    Verdict,
    describe_rule,
    recommend,
)
from goals.weeks import add_weeks

START = date(2026, 1, 5)  # Monday of 2026-W02
PLANNED_WEEKS = 12
END = START + timedelta(weeks=PLANNED_WEEKS, days=-3)
SUBGOALS = (SubGoalInput("s1", "D", "Møder til tiden"), SubGoalInput("s2", "A", "Spørger om hjælp"))
PROPERTY = settings(max_examples=200, deadline=None)


def week(i):
    return add_weeks("2026-W02", i)


def weekly(ratings, attended=20.0, ordinary=0.0, role="company_contact"):
    """One log per week from the start: the s1 rating, attended and ordinary hours (a number or one per week)."""
    n = len(ratings)
    attended = attended if isinstance(attended, list) else [attended] * n
    ordinary = ordinary if isinstance(ordinary, list) else [ordinary] * n
    return [
        LogInput(week(i), role, attended[i], ordinary[i], 0.0, {"s1": ratings[i]} if ratings[i] else {}, "")
        for i in range(n)
    ]


DEFAULT_THRESHOLDS = Thresholds()


def advice(logs, today=None, thresholds=DEFAULT_THRESHOLDS, **inputs) -> Recommendation:
    today = today or START + timedelta(weeks=len({log.week for log in logs}), days=-1)
    plan = tuple(PlanWeekInput(week(i), 20, 0) for i in range(PLANNED_WEEKS))
    progress = compute_progress(ProgressInput(START, END, today, SUBGOALS, logs=tuple(logs), plan=plan, **inputs))
    return recommend(progress, thresholds)


def reason(recommendation, code):
    [found] = [r for r in recommendation.reasons if r.code == code]
    return found


def test_rising_ratings_with_good_attendance_say_continue():
    result = advice(weekly([1, 2, 3, 4]))
    assert result.verdict is Verdict.CONTINUE
    trend = reason(result, "rating_trend")
    assert trend.direction == "positive"
    assert trend.values["slope_per_week"] == pytest.approx(20 / 30)  # y-1 = 0,1,2,3 at x = 1..4
    assert trend.values["latest_mean"] == 4
    assert reason(result, "attendance").values["attendance_rate"] == 1.0


def test_flat_ratings_and_low_attendance_say_consider_ending():
    result = advice(weekly([1, 1, 1, 1], attended=8.0))
    assert result.verdict is Verdict.CONSIDER_ENDING
    assert reason(result, "rating_trend").direction == "negative"
    assert reason(result, "attendance").direction == "negative"
    assert reason(result, "attendance").values["attendance_rate"] == 0.4


def test_flat_ratings_with_good_attendance_midway_say_adjust():
    assert advice(weekly([1, 1, 1, 1])).verdict is Verdict.ADJUST


def test_nothing_rising_late_in_the_period_says_consider_ending():
    result = advice(weekly([1] * 10))
    assert result.verdict is Verdict.CONSIDER_ENDING
    assert reason(result, "period").values == {
        "weeks_used": 10,
        "weeks_planned": 12,
        "share_used": 10 / 12,
        "late_in_period": 0.75,
    }


def test_rising_ratings_with_attendance_below_target_say_adjust():
    result = advice(weekly([1, 2, 3, 4], attended=12.0))
    assert result.verdict is Verdict.ADJUST
    assert reason(result, "attendance").text_da.startswith("Fremmødet er under målet: 48,0 af 80,0")


def test_rising_ordinary_hours_alone_say_continue():
    result = advice(weekly([1, 1, 1, 1], ordinary=[0.0, 2.0, 4.0, 6.0]))
    assert result.verdict is Verdict.CONTINUE
    assert reason(result, "ordinary_hours_trend").direction == "positive"
    assert reason(result, "ordinary_hours_trend").values["latest_ordinary_hours"] == 6.0


def test_a_citizen_who_started_high_is_not_worse_off_than_one_who_started_low():
    started_low = advice(weekly([1, 2, 3, 3])).verdict
    started_high = advice(weekly([3, 3, 3, 3])).verdict
    assert GOODNESS[started_high] >= GOODNESS[started_low]


def test_fewer_than_three_logged_weeks_is_too_early_with_the_counts():
    result = advice(weekly([1, 3]))
    assert result.verdict is Verdict.TOO_EARLY
    assert result.reasons[0].code == "too_little_data"
    assert result.reasons[0].values == {
        "logged_weeks": 2,
        "min_logged_weeks": 3,
        "rating_points": 2,
        "min_rating_points": 3,
    }


def test_weeks_without_sub_goal_ratings_are_too_early():
    assert advice(weekly([0, 0, 0, 0, 0], ordinary=[0.0, 5.0, 10.0, 15.0, 20.0])).verdict is Verdict.TOO_EARLY


def test_the_minimum_of_logged_weeks_is_configuration():
    assert advice(weekly([1, 3, 4]), thresholds=Thresholds(min_logged_weeks=4, min_rating_points=1)).verdict is (
        Verdict.TOO_EARLY
    )
    assert advice(weekly([1, 3]), thresholds=Thresholds(min_logged_weeks=2, min_rating_points=2)).verdict is (
        Verdict.CONTINUE
    )


def test_disagreement_adds_a_reason_to_talk_but_keeps_the_verdict():
    logs = weekly([1, 2, 3, 4])
    mentor = LogInput(week(3), "mentor", 20.0, 0.0, 0.0, {"s1": 2}, "")
    alone, with_mentor = advice(logs), advice([*logs, mentor])
    assert alone.verdict is Verdict.CONTINUE
    talk = reason(with_mentor, "disagreement")
    assert talk.direction == "neutral"
    assert talk.values["disagreements"] == 1
    assert "tal sammen" in talk.text_da
    assert not [r for r in alone.reasons if r.code == "disagreement"]


def test_a_rare_disagreement_below_the_share_adds_no_reason():
    # One of four jointly rated weeks disagrees (4 against 2): 25 %, below a share of 30 %.
    logs = weekly([1, 2, 3, 4]) + weekly([1, 2, 3, 2], role="mentor")
    assert "disagreement" not in [r.code for r in advice(logs, thresholds=Thresholds(disagreement_share=0.3)).reasons]


def test_factor_reasons_name_their_factor_and_the_caseworkers_view_never_enters():
    result = advice(
        weekly([1, 2, 3, 4]),
        assessments=(
            AssessmentInput(date(2026, 1, 5), {"A": 2.0, "B": 4.0, "C": 3.0}),
            AssessmentInput(date(2026, 1, 30), {"A": 3.5, "B": 3.0, "C": 3.2}),
        ),
        caseworker_assessments=(
            CaseworkerInput(date(2026, 1, 6), 1, "Tvivl om fremmødet"),
            CaseworkerInput(date(2026, 2, 1), 5, "Klar til ordinære timer"),
        ),
    )
    factors = {r.factor: r for r in result.reasons if r.code == "factor_trend"}
    assert set(factors) == {"A", "B", "C"}
    assert [factors[code].direction for code in "ABC"] == ["positive", "negative", "neutral"]
    assert factors["A"].values == {"first": 2.0, "last": 3.5, "change": 1.5, "threshold": 0.5}
    assert all(r.factor is None for r in result.reasons if r.code != "factor_trend")
    assert not any("F" in r.values or "faktor F" in r.text_da for r in result.reasons)


def test_factor_scores_do_not_change_the_verdict():
    falling = (AssessmentInput(date(2026, 1, 5), {"A": 5.0}), AssessmentInput(date(2026, 1, 30), {"A": 1.0}))
    assert advice(weekly([1, 2, 3, 4]), assessments=falling).verdict is advice(weekly([1, 2, 3, 4])).verdict


def test_the_goodness_order_is_continue_then_adjust_then_consider_ending_and_too_early_is_outside():
    assert GOODNESS[Verdict.CONTINUE] > GOODNESS[Verdict.ADJUST] > GOODNESS[Verdict.CONSIDER_ENDING]
    assert Verdict.TOO_EARLY not in GOODNESS
    assert [v.value for v in Verdict] == ["continue", "adjust", "consider_ending", "too_early"]


def test_the_rule_is_described_in_danish_and_english_with_its_thresholds():
    assert "For tidligt" in RULE_DESCRIPTION_DA and "0,10 trin om ugen" in RULE_DESCRIPTION_DA
    assert "80 %" in RULE_DESCRIPTION_DA and "Overvej at afslutte" in RULE_DESCRIPTION_DA
    assert "Too early" in RULE_DESCRIPTION_EN and "0.10 steps a week" in RULE_DESCRIPTION_EN
    assert "fewer than 5 weeks" in describe_rule(Thresholds(min_logged_weeks=5), "en")


@pytest.mark.parametrize(
    "wrong",
    [
        {"min_logged_weeks": 0},
        {"min_rating_points": 0},
        {"attendance_low": 0.9, "attendance_ok": 0.8},
        {"late_in_period": 0},
        {"rating_trend_continue": 0},
    ],
)
def test_thresholds_that_make_no_sense_are_refused(wrong):
    with pytest.raises(ValueError):
        Thresholds(**wrong)


SCORE = st.floats(1, 5, allow_nan=False)
# Shares of the planned hours a citizen attends: mostly absent, patchy, steady, or anything.
ATTENDANCE_BANDS = st.sampled_from([(0.0, 0.5), (0.4, 0.9), (0.8, 1.1), (0.0, 1.2)])


@st.composite
def placements(draw):
    """A placement with at least two logged weeks; bands per placement make stalled, absent and thriving citizens."""
    planned_weeks = draw(st.integers(3, 14))
    end = START + timedelta(weeks=planned_weeks, days=-3)
    today = START + timedelta(days=draw(st.integers(0, 7 * (planned_weeks + 2))))
    subgoals = SUBGOALS[: draw(st.integers(1, 2))]
    ids = [subgoal.id for subgoal in subgoals]
    hours = draw(st.sampled_from([10, 20, 30]))
    plan = tuple(PlanWeekInput(week(i), hours, draw(st.sampled_from([0, 5, 10]))) for i in range(planned_weeks))
    low, high = sorted(draw(st.lists(st.integers(1, 5), min_size=2, max_size=2)))
    ratings = st.dictionaries(st.sampled_from(ids), st.integers(low, high))
    least, most = draw(ATTENDANCE_BANDS)
    ordinary = st.floats(0, draw(st.sampled_from([0.0, 5.0, 20.0])))
    logs = tuple(
        LogInput(week(i), role, draw(st.floats(least * hours, most * hours)), draw(ordinary), 0.0, draw(ratings))
        for i in sorted(draw(st.sets(st.integers(0, planned_weeks - 1), min_size=2, max_size=planned_weeks)))
        for role in sorted(draw(st.sets(st.sampled_from(ROLES), min_size=1, max_size=3)))
    )
    dates = st.dates(START, end)
    scores = st.dictionaries(st.sampled_from("ABCDE"), SCORE)
    assessments = draw(st.lists(st.builds(AssessmentInput, date=dates, scores=scores), max_size=3))
    views = st.builds(CaseworkerInput, date=dates, score=st.integers(1, 5), reason=st.just("Vurdering"))
    caseworker = draw(st.lists(views, max_size=2))
    return ProgressInput(START, end, today, subgoals, tuple(assessments), tuple(caseworker), logs, plan)


def improve_once(inp, data):
    """Return the input with one data point made better: a rating, attended or ordinary hours, or a factor score."""
    logs, assessments = list(inp.logs), list(inp.assessments)
    ratings = [(i, sid) for i, log in enumerate(logs) for sid in log.ratings]
    scores = [(i, code) for i, one in enumerate(assessments) for code in one.scores]
    kinds = [kind for kind, possible in [("rating", ratings), ("hours", logs), ("factor", scores)] if possible]
    assume(kinds)
    kind = data.draw(st.sampled_from(kinds))
    if kind == "rating":
        i, sid = data.draw(st.sampled_from(ratings))
        better = data.draw(st.integers(logs[i].ratings[sid], 5))
        logs[i] = replace(logs[i], ratings={**logs[i].ratings, sid: better})
    elif kind == "hours":
        i = data.draw(st.integers(0, len(logs) - 1))
        which = data.draw(st.sampled_from(["placement_hours", "ordinary_hours"]))
        logs[i] = replace(logs[i], **{which: getattr(logs[i], which) + data.draw(st.floats(0, 40))})
    else:
        i, code = data.draw(st.sampled_from(scores))
        better = data.draw(st.floats(assessments[i].scores[code], 5))
        assessments[i] = replace(assessments[i], scores={**assessments[i].scores, code: better})
    return replace(inp, logs=tuple(logs), assessments=tuple(assessments))


def verdict_of(inp, thresholds=DEFAULT_THRESHOLDS):
    return recommend(compute_progress(inp), thresholds).verdict


@PROPERTY
@given(placements(), st.integers(1, 4), st.data())
def test_improving_any_data_point_never_gives_a_worse_verdict(inp, improvements, data):
    better = inp
    for _ in range(improvements):
        better = improve_once(better, data)
    before, after = verdict_of(inp), verdict_of(better)
    # The same amount of data: too early stays too early, and enough stays enough.
    assert (before is Verdict.TOO_EARLY) == (after is Verdict.TOO_EARLY)
    if before is not Verdict.TOO_EARLY:
        assert GOODNESS[after] >= GOODNESS[before]


@PROPERTY
@given(placements(), st.integers(1, 6), st.data())
def test_fewer_logged_weeks_than_the_minimum_is_always_too_early(inp, minimum, data):
    weeks = sorted({log.week for log in inp.logs})
    kept = data.draw(st.sets(st.sampled_from(weeks), max_size=minimum - 1)) if weeks else set()
    inp = replace(inp, logs=tuple(log for log in inp.logs if log.week in kept))
    assert verdict_of(inp, Thresholds(min_logged_weeks=minimum)) is Verdict.TOO_EARLY


@PROPERTY
@given(placements(), st.integers(1, 6))
def test_no_sub_goal_ratings_is_always_too_early(inp, min_logged_weeks):
    inp = replace(inp, logs=tuple(replace(log, ratings={}) for log in inp.logs))
    assert verdict_of(inp, Thresholds(min_logged_weeks=min_logged_weeks, min_rating_points=1)) is Verdict.TOO_EARLY


@PROPERTY
@given(placements(), st.integers(0, 2**32 - 1))
def test_recommend_is_deterministic_whatever_the_order_of_the_entries(inp, seed):
    logs = list(inp.logs)
    random.Random(seed).shuffle(logs)
    progress = compute_progress(inp)
    assert recommend(progress) == recommend(progress)
    assert recommend(compute_progress(replace(inp, logs=tuple(logs)))) == recommend(progress)


@PROPERTY
@given(placements())
def test_every_reason_carries_its_numbers_in_both_languages(inp):
    result = recommend(compute_progress(inp))
    assert result.reasons
    for one in result.reasons:
        assert one.values, one.code
        assert all(value is None or type(value) in (int, float) for value in one.values.values()), one.code
        assert any(value is not None for value in one.values.values()), one.code
        assert one.text_da and one.text_en
        assert one.direction in ("positive", "negative", "neutral")
        assert one.factor in (None, "A", "B", "C", "D", "E")


def test_at_the_planned_end_the_decision_is_due_with_its_reason_first():
    logs = weekly([1, 2, 3, 4, 4, 4, 5, 5, 5, 5, 5, 5])
    result = advice(logs, today=END)
    assert result.verdict is Verdict.CONTINUE and result.decision_due
    first = result.reasons[0]
    assert first.code == "decision_due" and first.values["weeks_used"] == first.values["weeks_planned"] == 12
    assert "12 af 12 planlagte uger" in first.text_da and "forlængelse eller afslutning" in first.text_da
    assert "12 of 12 planned weeks" in first.text_en and "extending or ending" in first.text_en


def test_before_the_last_week_or_once_ended_no_decision_is_due():
    logs = weekly([1, 2, 3, 4])
    assert not advice(logs).decision_due
    assert all(r.code != "decision_due" for r in advice(logs).reasons)
    progress = compute_progress(ProgressInput(START, END, END + timedelta(days=30), SUBGOALS, logs=tuple(logs)))
    assert recommend(progress).decision_due and not recommend(progress, ended=True).decision_due


@PROPERTY
@given(placements(), st.integers(1, 4), st.data())
def test_decision_due_reads_the_calendar_never_the_data(inp, improvements, data):
    better = inp
    for _ in range(improvements):
        better = improve_once(better, data)
    before, after = recommend(compute_progress(inp)), recommend(compute_progress(better))
    assert before.decision_due == after.decision_due
    # Due exactly from the planned end's week on; a later day never takes it back.
    assert before.decision_due == (inp.today >= inp.planned_end_date - timedelta(days=inp.planned_end_date.weekday()))
    later = replace(inp, today=inp.today + timedelta(days=data.draw(st.integers(0, 60))))
    assert recommend(compute_progress(later)).decision_due or not before.decision_due
