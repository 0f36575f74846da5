"""The numbers the recommendation compares with, and the rule told in words with them filled in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from goals.wording import number_da, number_en, percent


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
            f"Fortsæt: delmålene stiger mindst {number_da(t.rating_trend_continue)} trin om ugen eller "
            "de ordinære timer "
            f"mindst {number_da(t.ordinary_hours_trend_continue)} time mere om ugen for hver uge, og "
            "borgeren møder mindst "
            f"{percent(t.attendance_ok)} af de planlagte praktiktimer (uden planlagte timer tæller fremmødet ikke "
            "imod). "
            f"Overvej at afslutte: intet af det stiger, og enten er fremmødet under {percent(t.attendance_low)}, "
            f"eller mindst {percent(t.late_in_period)} af perioden er brugt. Ellers: justér forløbet. "
            "Når periodens sidste uge er nået, skal beslutningen om forlængelse eller afslutning træffes, og det "
            "står før anbefalingen. "
            "Borgerens egne scorer og uenighed mellem dem, der bedømmer, er grunde til at tale sammen, men ændrer "
            "ikke anbefalingen; bedre data giver aldrig en dårligere anbefaling."
        )
    return (
        "The recommendation is a fixed rule, never a decision: the consultant decides. "
        f"Too early to say: fewer than {t.min_logged_weeks} weeks logged "
        f"or fewer than {t.min_rating_points} sub-goal ratings. "
        "Sub-goals count from 1 (not started) at the start of the placement and ordinary hours from 0; the straight "
        "line from there that best fits the weekly means gives the rise per week. "
        f"Continue: sub-goals rise at least {number_en(t.rating_trend_continue)} steps a week or "
        "ordinary hours at least "
        f"{number_en(t.ordinary_hours_trend_continue)} more hours a week for every week, and the citizen "
        "attends at least "
        f"{percent(t.attendance_ok)} of the planned placement hours (without planned hours attendance does not "
        "count against). "
        f"Consider ending: nothing of that rises, and either attendance is below {percent(t.attendance_low)} "
        f"or at least {percent(t.late_in_period)} of the period is used. Otherwise: adjust the placement. "
        "When the period's last week has come, the decision on extending or ending is due, and that comes before "
        "the recommendation. "
        "The citizen's own scores and disagreement between raters are reasons to talk, but do not change the "
        "recommendation; better data never gives a worse recommendation."
    )


DEFAULT_THRESHOLDS = Thresholds()
RULE_DESCRIPTION_DA = describe_rule(DEFAULT_THRESHOLDS, "da")
RULE_DESCRIPTION_EN = describe_rule(DEFAULT_THRESHOLDS, "en")
