"""The recommendation: a transparent, deterministic and monotone rule from progress to a verdict with its reasons."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from goals.progress import Progress
from goals.reasons import Reason, reasons_for
from goals.signals import Signals, read_signals
from goals.thresholds import DEFAULT_THRESHOLDS, RULE_DESCRIPTION_DA, RULE_DESCRIPTION_EN, Thresholds, describe_rule

# The rule's thresholds, reasons and description belong to its public face beside the verdict.
__all__ = [
    "GOODNESS",
    "RULE_DESCRIPTION_DA",
    "RULE_DESCRIPTION_EN",
    "Reason",
    "Recommendation",
    "Thresholds",
    "Verdict",
    "describe_rule",
    "is_decision_due",
    "recommend",
]


class Verdict(StrEnum):
    """What the rule suggests; the consultant decides and records why."""

    CONTINUE = "continue"
    ADJUST = "adjust"
    CONSIDER_ENDING = "consider_ending"
    TOO_EARLY = "too_early"


# Better data never moves a verdict down this order. TOO_EARLY is outside it: it says there is too little data.
GOODNESS: dict[Verdict, int] = {Verdict.CONSIDER_ENDING: 0, Verdict.ADJUST: 1, Verdict.CONTINUE: 2}


@dataclass(frozen=True, slots=True)
class Recommendation:
    """The verdict and every reason behind it.

    decision_due: the planned period is used up (its last week has come) on a running placement, so the consultant
    must decide on extending or ending it. It reads the calendar only, never the data, so better data can never turn
    it on or off; the verdict keeps its meaning beside it, and pages never show it as a plain "continue" then.
    """

    verdict: Verdict
    reasons: tuple[Reason, ...]
    decision_due: bool = False


def _verdict(s: Signals, t: Thresholds) -> Verdict:
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


def is_decision_due(progress: Progress, *, ended: bool = False) -> bool:
    """The planned period is used up: the week of the planned end has come, and the placement has not ended."""
    return not ended and progress.weeks_used >= progress.weeks_planned


def recommend(
    progress: Progress, thresholds: Thresholds = DEFAULT_THRESHOLDS, *, ended: bool = False
) -> Recommendation:
    """Return the verdict with its reasons; F never enters, and factor reasons name their factor for access rules.

    ended: the placement has ended, so its decision was taken and none is due.
    """
    signals = read_signals(progress)
    verdict = _verdict(signals, thresholds)
    due = is_decision_due(progress, ended=ended)
    return Recommendation(
        verdict,
        reasons_for(signals, thresholds, progress, too_early=verdict is Verdict.TOO_EARLY, decision_due=due),
        decision_due=due,
    )
