"""The reasons behind a recommendation, each with the numbers it rests on, in Danish and in English."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Literal

from goals.factors import CITIZEN_FACTOR_CODES
from goals.progress import CITIZEN_ROLE, Progress, attendance
from goals.signals import Signals
from goals.thresholds import Thresholds
from goals.wording import date_da, date_en, number_da, number_en, percent, percent_en, week_no

Direction = Literal["positive", "negative", "neutral"]


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason with the numbers behind it; factor is set when the reason is about one factor's scores."""

    code: str
    text_da: str
    text_en: str
    values: dict[str, float | int | None]
    direction: Direction
    factor: str | None = None


def reasons_for(
    s: Signals, t: Thresholds, progress: Progress, *, too_early: bool, decision_due: bool = False
) -> tuple[Reason, ...]:
    """Every reason in a fixed order: the decision first when it is due, then too little data when it is too early,
    the citizen's own factors last."""
    reasons = [_decision_reason(s, progress)] if decision_due else []
    reasons += [_data_reason(s, t)] if too_early else []
    reasons += [
        _rating_reason(s, t),
        _ordinary_reason(s, t, progress),
        _attendance_reason(s, t, progress),
        _period_reason(s, t, progress),
    ]
    disagreement = _disagreement_reason(t, progress)
    if disagreement is not None:
        reasons.append(disagreement)
    reasons += _factor_reasons(t, progress)
    return tuple(reasons)


def _decision_reason(s: Signals, progress: Progress) -> Reason:
    return Reason(
        code="decision_due",
        text_da=(
            f"Perioden er brugt: {progress.weeks_used} af {progress.weeks_planned} planlagte uger "
            f"({percent(s.period_share)}). Beslutningen om forlængelse eller afslutning skal træffes nu."
        ),
        text_en=(
            f"The period is used up: {progress.weeks_used} of {progress.weeks_planned} planned weeks "
            f"({percent_en(s.period_share)}). The decision on extending or ending is due now."
        ),
        values={
            "weeks_used": progress.weeks_used,
            "weeks_planned": progress.weeks_planned,
            "share_used": s.period_share,
        },
        direction="neutral",
    )


def _data_reason(s: Signals, t: Thresholds) -> Reason:
    return Reason(
        code="too_little_data",
        text_da=(
            f"For lidt data: {s.logged_weeks} uger med registreringer (mindst {t.min_logged_weeks}) og "
            f"{s.rating_points} bedømmelser af delmål (mindst {t.min_rating_points})."
        ),
        text_en=(
            f"Too little data: {s.logged_weeks} weeks logged (at least {t.min_logged_weeks}) and "
            f"{s.rating_points} sub-goal ratings (at least {t.min_rating_points})."
        ),
        values={
            "logged_weeks": s.logged_weeks,
            "min_logged_weeks": t.min_logged_weeks,
            "rating_points": s.rating_points,
            "min_rating_points": t.min_rating_points,
        },
        direction="neutral",
    )


def _rating_reason(s: Signals, t: Thresholds) -> Reason:
    means = s.rating_means
    values: dict[str, float | int | None] = {
        "slope_per_week": s.rating_slope,
        "threshold": t.rating_trend_continue,
        "rated_weeks": len(means),
        "rating_points": s.rating_points,
    }
    if s.rating_slope is None:
        return Reason(
            "rating_trend",
            "Ingen bedømmelser af delmålene endnu.",
            "No sub-goal ratings yet.",
            values,
            "neutral",
        )
    last_week = next(reversed(means))
    latest = means[last_week]
    values["latest_mean"] = latest
    rises = s.rating_slope >= t.rating_trend_continue
    return Reason(
        "rating_trend",
        (
            f"Delmålene {'stiger' if rises else 'stiger ikke nok'}: fra 1 (ikke startet) ved start til gennemsnitligt "
            f"{number_da(latest, 1)} i uge {week_no(last_week)}, {number_da(s.rating_slope)} trin om ugen "
            f"(grænse {number_da(t.rating_trend_continue)} trin om ugen)."
        ),
        (
            f"Sub-goals {'rise' if rises else 'do not rise enough'}: from 1 (not started) at the start to a mean of "
            f"{number_en(latest, 1)} in week {week_no(last_week)}, {number_en(s.rating_slope)} steps a week "
            f"(threshold {number_en(t.rating_trend_continue)} steps a week)."
        ),
        values,
        "positive" if rises else "negative",
    )


def _ordinary_reason(s: Signals, t: Thresholds, progress: Progress) -> Reason:
    logged = [(row.week, row.ordinary_hours) for row in progress.hours if row.ordinary_hours is not None]
    values: dict[str, float | int | None] = {
        "slope_hours_per_week": s.ordinary_slope,
        "threshold": t.ordinary_hours_trend_continue,
        "logged_weeks": len(logged),
    }
    if s.ordinary_slope is None:
        return Reason(
            "ordinary_hours_trend",
            "Ingen uger med registrerede timer endnu.",
            "No week with logged hours yet.",
            values,
            "neutral",
        )
    latest_week, latest_hours = logged[-1]
    values["latest_ordinary_hours"] = latest_hours
    rises = s.ordinary_slope >= t.ordinary_hours_trend_continue
    return Reason(
        "ordinary_hours_trend",
        (
            f"De ordinære timer {'stiger' if rises else 'stiger ikke'}: fra 0 ved start til "
            f"{number_da(latest_hours, 1)} timer i uge {week_no(latest_week)}, "
            f"{number_da(s.ordinary_slope)} time mere om ugen "
            f"for hver uge (grænse {number_da(t.ordinary_hours_trend_continue)})."
        ),
        (
            f"Ordinary hours {'rise' if rises else 'do not rise'}: from 0 at the start to "
            f"{number_en(latest_hours, 1)} hours in week {week_no(latest_week)}, "
            f"{number_en(s.ordinary_slope)} more hours a week "
            f"for every week (threshold {number_en(t.ordinary_hours_trend_continue)})."
        ),
        values,
        "positive" if rises else "neutral",
    )


def _attendance_reason(s: Signals, t: Thresholds, progress: Progress) -> Reason:
    attended, planned = attendance(progress.hours)
    values: dict[str, float | int | None] = {
        "attendance_rate": s.attendance_rate,
        "attended_hours": attended,
        "planned_hours": planned,
        "attendance_ok": t.attendance_ok,
        "attendance_low": t.attendance_low,
    }
    if s.attendance_rate is None:
        return Reason(
            "attendance",
            "Fremmødet kan ikke opgøres: ingen uge har både planlagte og registrerede praktiktimer.",
            "Attendance cannot be measured: no week has both planned and logged placement hours.",
            values,
            "neutral",
        )
    direction: Direction
    if s.attendance_rate >= t.attendance_ok:
        word_da, word_en, direction = "godt", "good", "positive"
    elif s.attendance_rate < t.attendance_low:
        word_da, word_en, direction = "lavt", "low", "negative"
    else:
        word_da, word_en, direction = "under målet", "below target", "negative"
    share = percent(s.attendance_rate)
    return Reason(
        "attendance",
        (
            f"Fremmødet er {word_da}: {number_da(attended, 1)} af {number_da(planned, 1)} planlagte "
            f"praktiktimer ({share}) "
            f"i de registrerede uger; fortsæt kræver {percent(t.attendance_ok)}, "
            f"under {percent(t.attendance_low)} er lavt."
        ),
        (
            f"Attendance is {word_en}: {number_en(attended, 1)} of {number_en(planned, 1)} planned "
            f"placement hours ({percent_en(s.attendance_rate)}) "
            f"in the logged weeks; continuing needs {percent_en(t.attendance_ok)}, "
            f"below {percent_en(t.attendance_low)} is low."
        ),
        values,
        direction,
    )


def _period_reason(s: Signals, t: Thresholds, progress: Progress) -> Reason:
    late = s.period_share >= t.late_in_period
    return Reason(
        "period",
        (
            f"{progress.weeks_used} af {progress.weeks_planned} planlagte uger er brugt ({percent(s.period_share)})"
            + (f"; fra {percent(t.late_in_period)} er forløbet sent i perioden." if late else ".")
        ),
        (
            f"{progress.weeks_used} of {progress.weeks_planned} planned weeks are used ({percent_en(s.period_share)})"
            + (f"; from {percent_en(t.late_in_period)} the placement is late in its period." if late else ".")
        ),
        {
            "weeks_used": progress.weeks_used,
            "weeks_planned": progress.weeks_planned,
            "share_used": s.period_share,
            "late_in_period": t.late_in_period,
        },
        "neutral",
    )


def _disagreement_reason(t: Thresholds, progress: Progress) -> Reason | None:
    raters: dict[tuple[str, str], int] = defaultdict(int)
    for series in progress.subgoals:
        for point in series.ratings:
            raters[point.week, series.id] += 1
    shared = sum(1 for count in raters.values() if count >= 2)
    # The observers' disagreement among themselves: the citizen's own line is compared with them apart.
    among = [d for d in progress.disagreements if CITIZEN_ROLE not in d.roles]
    disagreeing = len({(d.week, d.subgoal_id) for d in among})
    if not disagreeing or disagreeing / shared < t.disagreement_share:
        return None
    share = disagreeing / shared
    return Reason(
        "disagreement",
        (
            f"Dem, der bedømmer, er uenige med to trin eller mere om {disagreeing} af {shared} delmål, som flere "
            f"har bedømt samme uge ({percent(share)}): tal sammen om, hvad I hver især ser."
        ),
        (
            f"Raters disagree by two steps or more on {disagreeing} of {shared} sub-goals rated by several in the "
            f"same week ({percent_en(share)}): talk about what each of you sees."
        ),
        {
            "disagreements": len(among),
            "disagreeing_subgoal_weeks": disagreeing,
            "shared_subgoal_weeks": shared,
            "share": share,
            "threshold": t.disagreement_share,
        },
        "neutral",
    )


def _factor_reasons(t: Thresholds, progress: Progress) -> list[Reason]:
    reasons = []
    for code in CITIZEN_FACTOR_CODES:
        points = progress.factors.get(code, [])
        if len(points) < 2:
            continue
        first, last = points[0], points[-1]
        change = last.score - first.score
        if change >= t.factor_change:
            direction: Direction = "positive"
        elif change <= -t.factor_change:
            direction = "negative"
        else:
            direction = "neutral"
        reasons.append(
            Reason(
                "factor_trend",
                (
                    f"Borgerens egen score for faktor {code} gik fra {number_da(first.score, 1)} "
                    f"({date_da(first.date)}) "
                    f"til {number_da(last.score, 1)} ({date_da(last.date)}); den ændrer ikke anbefalingen."
                ),
                (
                    f"The citizen's own score for factor {code} went from {number_en(first.score, 1)} "
                    f"({date_en(first.date)}) to {number_en(last.score, 1)} ({date_en(last.date)}); "
                    "it does not change the recommendation."
                ),
                {"first": first.score, "last": last.score, "change": change, "threshold": t.factor_change},
                direction,
                factor=code,
            )
        )
    return reasons
