"""The recommendation: a transparent, deterministic and monotone rule from progress to a verdict with its reasons."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from goals.progress import CITIZEN_FACTORS, RATING_MIN, Progress, attendance
from goals.weeks import week_index


class Verdict(StrEnum):
    """What the rule suggests; the consultant decides and records why."""

    CONTINUE = "continue"
    ADJUST = "adjust"
    CONSIDER_ENDING = "consider_ending"
    TOO_EARLY = "too_early"


# Better data never moves a verdict down this order. TOO_EARLY is outside it: it says there is too little data.
GOODNESS: dict[Verdict, int] = {Verdict.CONSIDER_ENDING: 0, Verdict.ADJUST: 1, Verdict.CONTINUE: 2}

Direction = Literal["positive", "negative", "neutral"]


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The numbers the rule compares with; configuration, so a jobcenter may set its own."""

    min_logged_weeks: int = 3
    """Fewer weeks with at least one log entry than this gives too_early."""
    min_rating_points: int = 3
    """Fewer sub-goal ratings in all than this gives too_early; at least 1, so no ratings is always too early."""
    rating_trend_continue: float = 0.10
    """Sub-goal ratings rise when their slope from 1 (not started) at the start is at least this many steps a week.

    0.10 means from 1 to 2 in ten weeks; a sub-goal reached (5) in a 13-week placement climbs about 0.3 a week.
    """
    ordinary_hours_trend_continue: float = 0.5
    """Ordinary hours rise when their slope from 0 at the start is at least this many hours a week, per week."""
    attendance_ok: float = 0.8
    """Attended share of planned placement hours needed to continue."""
    attendance_low: float = 0.5
    """Below this share of planned placement hours attendance is low."""
    late_in_period: float = 0.75
    """Share of the planned weeks used from which a placement where nothing rises should be reconsidered."""
    factor_change: float = 0.5
    """A change of a self-assessed factor score of at least this much counts as up or down in its reason."""
    disagreement_share: float = 0.2
    """Share of jointly rated sub-goal weeks with a disagreement from which the reasons ask the parties to talk."""

    def __post_init__(self) -> None:
        if self.min_logged_weeks < 1 or self.min_rating_points < 1:
            raise ValueError("min_logged_weeks and min_rating_points must be at least 1")
        if not 0 <= self.attendance_low <= self.attendance_ok:
            raise ValueError("attendance thresholds need 0 <= attendance_low <= attendance_ok")
        if not 0 < self.late_in_period <= 1 or not 0 <= self.disagreement_share <= 1:
            raise ValueError("late_in_period and disagreement_share are shares from 0 to 1")
        if self.rating_trend_continue <= 0 or self.ordinary_hours_trend_continue <= 0 or self.factor_change <= 0:
            raise ValueError("trend thresholds and factor_change must be above 0")


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason with the numbers behind it; factor is set when the reason is about one factor's scores."""

    code: str
    text_da: str
    text_en: str
    values: dict[str, float | int | None]
    direction: Direction
    factor: str | None = None


@dataclass(frozen=True, slots=True)
class Recommendation:
    """The verdict and every reason behind it."""

    verdict: Verdict
    reasons: tuple[Reason, ...]


def _da(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def _en(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}"


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def describe_rule(thresholds: Thresholds, language: Literal["da", "en"]) -> str:
    """Return the rule in a few sentences for a consultant, with the thresholds filled in."""
    t = thresholds
    if language == "da":
        return (
            "Anbefalingen er en fast regel, aldrig en afgørelse: konsulenten beslutter. "
            f"For tidligt at sige: færre end {t.min_logged_weeks} uger med registreringer "
            f"eller færre end {t.min_rating_points} bedømmelser af delmål. "
            "Delmålene regnes fra 1 (ikke startet) ved forløbets start og de ordinære timer fra 0; den rette linje "
            "derfra, der passer bedst til ugernes gennemsnit, viser stigningen pr. uge. "
            f"Fortsæt: delmålene stiger mindst {_da(t.rating_trend_continue)} trin om ugen eller de ordinære timer "
            f"mindst {_da(t.ordinary_hours_trend_continue)} time mere om ugen for hver uge, og borgeren møder mindst "
            f"{_percent(t.attendance_ok)} af de planlagte praktiktimer (uden planlagte timer tæller fremmødet ikke "
            "imod). "
            f"Overvej at afslutte: intet af det stiger, og enten er fremmødet under {_percent(t.attendance_low)}, "
            f"eller mindst {_percent(t.late_in_period)} af perioden er brugt. Ellers: justér forløbet. "
            "Borgerens egne scorer og uenighed mellem dem, der bedømmer, er grunde til at tale sammen, men ændrer "
            "ikke anbefalingen; bedre data giver aldrig en dårligere anbefaling."
        )
    return (
        "The recommendation is a fixed rule, never a decision: the consultant decides. "
        f"Too early to say: fewer than {t.min_logged_weeks} weeks logged "
        f"or fewer than {t.min_rating_points} sub-goal ratings. "
        "Sub-goals count from 1 (not started) at the start of the placement and ordinary hours from 0; the straight "
        "line from there that best fits the weekly means gives the rise per week. "
        f"Continue: sub-goals rise at least {_en(t.rating_trend_continue)} steps a week or ordinary hours at least "
        f"{_en(t.ordinary_hours_trend_continue)} more hours a week for every week, and the citizen attends at least "
        f"{_percent(t.attendance_ok)} of the planned placement hours (without planned hours attendance does not "
        "count against). "
        f"Consider ending: nothing of that rises, and either attendance is below {_percent(t.attendance_low)} "
        f"or at least {_percent(t.late_in_period)} of the period is used. Otherwise: adjust the placement. "
        "The citizen's own scores and disagreement between raters are reasons to talk, but do not change the "
        "recommendation; better data never gives a worse recommendation."
    )


RULE_DESCRIPTION_DA = describe_rule(Thresholds(), "da")
RULE_DESCRIPTION_EN = describe_rule(Thresholds(), "en")


def _elapsed(progress: Progress, week: str) -> int:
    # A week's log describes its end, so the start week counts as one week in. A log dated before the start counts
    # as the first week: every point must lie after the anchor for the slope to grow with every value.
    return max(1, week_index(week, progress.start_date) + 1)


def _anchored_slope(points: Iterable[tuple[int, float]]) -> float | None:
    """Least-squares slope of a line through (0, 0), the start at its baseline.

    A free least-squares slope falls when an early value rises, so a citizen who started well would look worse.
    Through the anchor every value adds with a positive weight, so a better value never lowers the slope.
    """
    pairs = list(points)
    if not pairs:
        return None
    return math.fsum(x * y for x, y in pairs) / math.fsum(x * x for x, _ in pairs)


@dataclass(frozen=True, slots=True)
class _Signals:
    logged_weeks: int
    rating_points: int
    rating_slope: float | None
    ordinary_slope: float | None
    attendance_rate: float | None
    period_share: float


def _weekly_rating_means(progress: Progress) -> dict[str, float]:
    ratings: dict[str, list[int]] = defaultdict(list)
    for series in progress.subgoals:
        for point in series.ratings:
            ratings[point.week].append(point.rating)
    return {week: math.fsum(values) / len(values) for week, values in sorted(ratings.items())}


def _signals(progress: Progress, means: dict[str, float]) -> _Signals:
    ordinary = [(row.week, row.ordinary_hours) for row in progress.hours if row.ordinary_hours is not None]
    return _Signals(
        logged_weeks=len(progress.logged_weeks),
        rating_points=sum(len(series.ratings) for series in progress.subgoals),
        rating_slope=_anchored_slope((_elapsed(progress, week), mean - RATING_MIN) for week, mean in means.items()),
        ordinary_slope=_anchored_slope((_elapsed(progress, week), hours) for week, hours in ordinary),
        attendance_rate=progress.attendance_rate,
        period_share=progress.weeks_used / progress.weeks_planned,
    )


def _verdict(s: _Signals, t: Thresholds) -> Verdict:
    # Every test below is monotone: better data can only turn a rise or ok attendance on, or low attendance off.
    if s.logged_weeks < t.min_logged_weeks or s.rating_points < t.min_rating_points:
        return Verdict.TOO_EARLY
    rises = (s.rating_slope is not None and s.rating_slope >= t.rating_trend_continue) or (
        s.ordinary_slope is not None and s.ordinary_slope >= t.ordinary_hours_trend_continue
    )
    # No plan to measure attendance against is no objection to continuing.
    attendance_ok = s.attendance_rate is None or s.attendance_rate >= t.attendance_ok
    attendance_low = s.attendance_rate is not None and s.attendance_rate < t.attendance_low
    if rises and attendance_ok:
        return Verdict.CONTINUE
    if not rises and (attendance_low or s.period_share >= t.late_in_period):
        return Verdict.CONSIDER_ENDING
    return Verdict.ADJUST


def _data_reason(s: _Signals, t: Thresholds) -> Reason:
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


def _rating_reason(s: _Signals, t: Thresholds, means: dict[str, float]) -> Reason:
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
            f"{_da(latest, 1)} i uge {last_week}, {_da(s.rating_slope)} trin om ugen "
            f"(grænse {_da(t.rating_trend_continue)} trin om ugen)."
        ),
        (
            f"Sub-goals {'rise' if rises else 'do not rise enough'}: from 1 (not started) at the start to a mean of "
            f"{_en(latest, 1)} in week {last_week}, {_en(s.rating_slope)} steps a week "
            f"(threshold {_en(t.rating_trend_continue)} steps a week)."
        ),
        values,
        "positive" if rises else "negative",
    )


def _ordinary_reason(s: _Signals, t: Thresholds, progress: Progress) -> Reason:
    logged = [row for row in progress.hours if row.ordinary_hours is not None]
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
    latest = logged[-1]
    values["latest_ordinary_hours"] = latest.ordinary_hours
    rises = s.ordinary_slope >= t.ordinary_hours_trend_continue
    return Reason(
        "ordinary_hours_trend",
        (
            f"De ordinære timer {'stiger' if rises else 'stiger ikke'}: fra 0 ved start til "
            f"{_da(latest.ordinary_hours, 1)} timer i uge {latest.week}, {_da(s.ordinary_slope)} time mere om ugen "
            f"for hver uge (grænse {_da(t.ordinary_hours_trend_continue)})."
        ),
        (
            f"Ordinary hours {'rise' if rises else 'do not rise'}: from 0 at the start to "
            f"{_en(latest.ordinary_hours, 1)} hours in week {latest.week}, {_en(s.ordinary_slope)} more hours a week "
            f"for every week (threshold {_en(t.ordinary_hours_trend_continue)})."
        ),
        values,
        "positive" if rises else "neutral",
    )


def _attendance_reason(s: _Signals, t: Thresholds, progress: Progress) -> Reason:
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
    if s.attendance_rate >= t.attendance_ok:
        word_da, word_en, direction = "godt", "good", "positive"
    elif s.attendance_rate < t.attendance_low:
        word_da, word_en, direction = "lavt", "low", "negative"
    else:
        word_da, word_en, direction = "under målet", "below target", "negative"
    share = _percent(s.attendance_rate)
    return Reason(
        "attendance",
        (
            f"Fremmødet er {word_da}: {_da(attended, 1)} af {_da(planned, 1)} planlagte praktiktimer ({share}) "
            f"i de registrerede uger; fortsæt kræver {_percent(t.attendance_ok)}, "
            f"under {_percent(t.attendance_low)} er lavt."
        ),
        (
            f"Attendance is {word_en}: {_en(attended, 1)} of {_en(planned, 1)} planned placement hours ({share}) "
            f"in the logged weeks; continuing needs {_percent(t.attendance_ok)}, "
            f"below {_percent(t.attendance_low)} is low."
        ),
        values,
        direction,
    )


def _period_reason(s: _Signals, t: Thresholds, progress: Progress) -> Reason:
    late = s.period_share >= t.late_in_period
    return Reason(
        "period",
        (
            f"{progress.weeks_used} af {progress.weeks_planned} planlagte uger er brugt ({_percent(s.period_share)})"
            + (f"; fra {_percent(t.late_in_period)} er forløbet sent i perioden." if late else ".")
        ),
        (
            f"{progress.weeks_used} of {progress.weeks_planned} planned weeks are used ({_percent(s.period_share)})"
            + (f"; from {_percent(t.late_in_period)} the placement is late in its period." if late else ".")
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
    disagreeing = len({(d.week, d.subgoal_id) for d in progress.disagreements})
    if not disagreeing or disagreeing / shared < t.disagreement_share:
        return None
    share = disagreeing / shared
    return Reason(
        "disagreement",
        (
            f"Dem, der bedømmer, er uenige med to trin eller mere om {disagreeing} af {shared} delmål, som flere "
            f"har bedømt samme uge ({_percent(share)}): tal sammen om, hvad I hver især ser."
        ),
        (
            f"Raters disagree by two steps or more on {disagreeing} of {shared} sub-goals rated by several in the "
            f"same week ({_percent(share)}): talk about what each of you sees."
        ),
        {
            "disagreements": len(progress.disagreements),
            "disagreeing_subgoal_weeks": disagreeing,
            "shared_subgoal_weeks": shared,
            "share": share,
            "threshold": t.disagreement_share,
        },
        "neutral",
    )


def _factor_reasons(t: Thresholds, progress: Progress) -> list[Reason]:
    reasons = []
    for code in CITIZEN_FACTORS:
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
                    f"Borgerens egen score for faktor {code} gik fra {_da(first.score, 1)} ({first.date.isoformat()}) "
                    f"til {_da(last.score, 1)} ({last.date.isoformat()}); den ændrer ikke anbefalingen."
                ),
                (
                    f"The citizen's own score for factor {code} went from {_en(first.score, 1)} "
                    f"({first.date.isoformat()}) to {_en(last.score, 1)} ({last.date.isoformat()}); "
                    "it does not change the recommendation."
                ),
                {"first": first.score, "last": last.score, "change": change, "threshold": t.factor_change},
                direction,
                factor=code,
            )
        )
    return reasons


def recommend(progress: Progress, thresholds: Thresholds = Thresholds()) -> Recommendation:
    """Return the verdict with its reasons; F never enters, and factor reasons name their factor for access rules."""
    means = _weekly_rating_means(progress)
    signals = _signals(progress, means)
    verdict = _verdict(signals, thresholds)
    reasons = [_data_reason(signals, thresholds)] if verdict is Verdict.TOO_EARLY else []
    reasons += [
        _rating_reason(signals, thresholds, means),
        _ordinary_reason(signals, thresholds, progress),
        _attendance_reason(signals, thresholds, progress),
        _period_reason(signals, thresholds, progress),
    ]
    disagreement = _disagreement_reason(thresholds, progress)
    if disagreement is not None:
        reasons.append(disagreement)
    reasons += _factor_reasons(thresholds, progress)
    return Recommendation(verdict, tuple(reasons))
