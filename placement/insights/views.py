"""Plain view models of management information for the page and the monthly PDF: figures worded, charts drawn.

Everything here is built from the Insights and Evidence the service answered; a suppressed group carries no figure
to word, so none can reach a page or the PDF. `_` is the page's gettext (the identity for the Danish PDF).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from babel.dates import format_date
from markupsafe import Markup

from goals.factors import CITIZEN_FACTOR_CODES
from goals.target_groups import TargetGroups
from placement.insights import charts
from placement.insights.schemas import Evidence, GroupFigures, Insights, OutcomeFigures
from placement.insights.words import (
    BAND_NAMES,
    CHECKPOINT_NAMES,
    GROUP_BY_NAMES,
    Gettext,
    Words,
    _,
    group_label,
)
from placement.web.filters import factor_name, score_text

CHECKPOINTS = ("end", "3m", "6m")
CASEWORKER = "F"
INK_DASH = "#1d2733"


@dataclass(frozen=True, slots=True)
class Figure:
    """A worded figure and, beneath it, what it was counted from."""

    main: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class GroupRow:
    key: str
    label: str
    suppressed: bool
    figures: dict[str, Figure] = field(default_factory=dict)
    progression: dict[str, Figure] = field(default_factory=dict)
    outcomes: dict[str, Figure] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Chart:
    """An inline SVG and the sentence that says what it shows, for those who do not see it."""

    svg: Markup
    summary: str


@dataclass(frozen=True, slots=True)
class HoursRow:
    """One week of the placements; a week logged for too few placements is suppressed and shows no figure."""

    week: int
    suppressed: bool
    placements: str
    planned_ordinary: str
    ordinary: str
    placement: str


@dataclass(frozen=True, slots=True)
class EvidenceLine:
    dimension: str
    band: str
    suppressed: bool
    placements: str
    job_or_education: str
    share: str


@dataclass(frozen=True, slots=True)
class EvidenceView:
    """The rows of local evidence; with too few placements with a six-month outcome, none (`suppressed`)."""

    placements: str
    suppressed: bool
    lines: list[EvidenceLine]


@dataclass(frozen=True, slots=True)
class InsightsView:
    period_from: str
    period_to: str
    group_by: str
    filters: list[tuple[str, str]]
    suppressed_below: int
    suppressed_text: str
    factors: list[tuple[str, str]]
    figure_names: list[tuple[str, str]]
    checkpoints: list[tuple[str, str]]
    total: GroupRow
    groups: list[GroupRow]
    hours: list[HoursRow]
    progression_chart: Chart | None
    caseworker_chart: Chart | None
    hours_chart: Chart | None
    outcomes_chart: Chart | None
    evidence: EvidenceView | None


FIGURES = (
    ("citizens", _("Borgere")),
    ("placements", _("Forløb")),
    ("subgoals", _("Delmål nået")),
    ("ordinary_hours", _("Nåede ordinære timer")),
    ("hours_at_end", _("Ordinære timer pr. uge til sidst")),
    ("attendance", _("Fremmøde mod plan")),
    ("weeks_logged", _("Uger med logbog")),
    ("without_purpose", _("Uden formål")),
    ("without_follow_up", _("Uden opfølgning")),
)


def _outcome(words: Words, outcome: OutcomeFigures) -> Figure:
    if not outcome.due:
        return Figure("–", words._("ingen forløb er nået hertil"))
    detail = words._(
        "%(hits)s af %(recorded)s registrerede · %(unknown)s ukendte",
        hits=outcome.job_or_education,
        recorded=outcome.recorded,
        unknown=outcome.unknown,
    )
    return Figure(words.share(outcome.job_or_education_share), detail)


def group_row(words: Words, group: GroupFigures, factors: Sequence[str], label: str = "") -> GroupRow:
    label = label or group.label
    if group.suppressed:
        return GroupRow(group.key, label, True)
    figures = {
        "citizens": Figure(words.count(group.citizens)),
        "placements": Figure(words.count(group.placements)),
        "subgoals": Figure(
            words.share(group.subgoals_reached_share), words.part(group.subgoals_reached, group.subgoals)
        ),
        "ordinary_hours": Figure(
            words.share(group.ordinary_hours_share), words.part(group.ordinary_hours_reached, group.placements)
        ),
        "hours_at_end": Figure(words.hours(group.ordinary_hours_at_end)),
        "attendance": Figure(words.share(group.attendance_share)),
        "weeks_logged": Figure(words.share(group.weeks_logged_share)),
        "without_purpose": Figure(words.count(group.without_purpose)),
        "without_follow_up": Figure(words.count(group.without_follow_up)),
    }
    changes = {change.factor: change for change in group.progression or []}
    progression = {
        code: Figure(
            words.change(changes[code].mean_change),
            words._("n = %(n)s", n=changes[code].placements),
        )
        if code in changes
        else Figure("–")
        for code in factors
    }
    recorded = {outcome.checkpoint: _outcome(words, outcome) for outcome in group.outcomes or []}
    outcomes = {checkpoint: recorded.get(checkpoint, Figure("–")) for checkpoint in CHECKPOINTS}
    return GroupRow(group.key, label, False, figures, progression, outcomes)


def _factor_codes(result: Insights) -> list[str]:
    """A–E, then F apart, of those the answer holds: a party that may not see F gets no F from the service."""
    present = {change.factor for change in result.total.progression or []}
    for group in result.groups:
        present |= {change.factor for change in group.progression or []}
    citizen = [code for code in CITIZEN_FACTOR_CODES if code in present]
    return citizen + ([CASEWORKER] if CASEWORKER in present else [])


def _progression_charts(words: Words, total: GroupFigures, codes: Sequence[str]) -> tuple[Chart | None, Chart | None]:
    changes = {change.factor: change for change in total.progression or []}
    citizen = [code for code in codes if code != CASEWORKER]
    made: list[Chart | None] = []
    for chosen, title in (
        (citizen, words._("Gennemsnitlig ændring pr. faktor fra første til seneste besvarelse")),
        ([code for code in codes if code == CASEWORKER], words._("Konsulentens vurdering (F), ændring")),
    ):
        known = [code for code in chosen if code in changes and changes[code].mean_change is not None]
        if not known:
            made.append(None)
            continue
        bars = [
            charts.factor_bar(
                code,
                factor_name(code, words.lang),
                changes[code].mean_change if code in changes else None,
                words.change(changes[code].mean_change) if code in changes else "–",
            )
            for code in chosen
        ]
        best = max(known, key=lambda code: changes[code].mean_change or 0)
        worst = min(known, key=lambda code: changes[code].mean_change or 0)
        if best == worst:
            summary = words._(
                "%(factor)s: %(change)s. Skalaen går fra 1 til 5; plus er fremgang.",
                factor=f"{best} {factor_name(best, words.lang)}",
                change=words.change(changes[best].mean_change),
            )
        else:
            summary = words._(
                "Størst ændring: %(best)s (%(best_change)s). Mindst: %(worst)s (%(worst_change)s). "
                "Skalaen går fra 1 til 5; plus er fremgang.",
                best=f"{best} {factor_name(best, words.lang)}",
                best_change=words.change(changes[best].mean_change),
                worst=f"{worst} {factor_name(worst, words.lang)}",
                worst_change=words.change(changes[worst].mean_change),
            )
        made.append(Chart(charts.change_bars(title, bars, number=lambda v: score_text(v, words.lang)), summary))
    return made[0], made[1]


def _hours_chart(words: Words, result: Insights) -> Chart | None:
    weeks = [week for week in result.hours_by_week if week.placements and not week.suppressed]
    if not weeks:
        return None
    lines = [
        charts.Line(words._("Praktiktimer"), [w.placement_hours for w in weeks], "#9cc3dd"),
        charts.Line(words._("Planlagte ordinære timer"), [w.planned_ordinary_hours for w in weeks], INK_DASH, "4 3"),
        charts.Line(words._("Ordinære timer"), [w.ordinary_hours for w in weeks], "#0b5c8c"),
    ]
    svg = charts.hours_lines(
        words._("Gennemsnitlige timer pr. uge i forløbets uge 1, 2, 3 …"), [w.week for w in weeks], lines
    )
    first, last = weeks[0], weeks[-1]
    summary = words._(
        "I forløbenes uge %(first)s arbejdede borgerne i gennemsnit %(first_hours)s ordinære timer, "
        "i uge %(last)s %(last_hours)s (planlagt %(planned)s).",
        first=first.week,
        first_hours=words.hours(first.ordinary_hours),
        last=last.week,
        last_hours=words.hours(last.ordinary_hours),
        planned=words.hours(last.planned_ordinary_hours),
    )
    return Chart(svg, summary)


def _outcomes_chart(words: Words, rows: Sequence[tuple[str, GroupFigures]]) -> Chart | None:
    groups = []
    best: tuple[float, str, str] | None = None
    for label, group in rows:
        if group.suppressed or not group.outcomes:
            continue
        by_checkpoint = {outcome.checkpoint: outcome for outcome in group.outcomes}
        shares = []
        for checkpoint in CHECKPOINTS:
            outcome = by_checkpoint.get(checkpoint)
            share = outcome.job_or_education_share if outcome else None
            shares.append((checkpoint, share, f"{words._(CHECKPOINT_NAMES[checkpoint])}: {words.share(share)}"))
            if checkpoint == "6m" and share is not None and (best is None or share > best[0]):
                best = (share, label, words.share(share))
        groups.append(charts.ShareGroup(label, shares))
    known = any(share is not None for group in groups for _, share, _ in group.shares)
    if not known:
        return None
    svg = charts.outcome_bars(words._("Andel i job eller uddannelse ved slut, efter 3 og 6 måneder"), groups)
    if best is None:
        summary = words._("Der er endnu ingen kendte udfald efter 6 måneder.")
    else:
        summary = words._(
            "Højest andel i job eller uddannelse efter 6 måneder: %(group)s (%(share)s).",
            group=best[1],
            share=best[2],
        )
    return Chart(svg, summary)


def _evidence(words: Words, evidence: Evidence) -> EvidenceView:
    lines = []
    for row in evidence.rows:
        dimension = (
            words._("Ordinære timer")
            if row.dimension == "ordinary_hours"
            else f"{row.dimension} {factor_name(row.dimension, words.lang)}"
        )
        lines.append(
            EvidenceLine(
                dimension=dimension,
                band=words._(BAND_NAMES.get(row.band, row.band)),
                suppressed=row.suppressed,
                placements=words.count(row.placements),
                job_or_education=words.count(row.job_or_education),
                share=words.share(row.share),
            )
        )
    return EvidenceView(words.count(evidence.placements), evidence.placements is None, lines)


def month_text(month: str, lang: str) -> str:
    """A month "2026-11" as people write it: november 2026 / November 2026."""
    first = dt.date.fromisoformat(f"{month[:7]}-01")
    return format_date(first, "LLLL y", locale=lang)


def build(
    result: Insights,
    evidence: Evidence | None,
    *,
    lang: str,
    gettext: Gettext,
    filters: Sequence[tuple[str, str]] = (),
    target_groups: TargetGroups | None = None,
) -> InsightsView:
    """What the page and the PDF show of one answer, worded in `lang` (a target group by its name in `lang`)."""
    words = Words(lang, gettext)
    codes = _factor_codes(result)
    progression_chart, caseworker_chart = _progression_charts(words, result.total, codes)
    return InsightsView(
        period_from=month_text(result.period_from, lang),
        period_to=month_text(result.period_to, lang),
        group_by=words._(GROUP_BY_NAMES.get(result.group_by, result.group_by)),
        filters=list(filters),
        suppressed_below=result.suppressed_below,
        suppressed_text=words._("Færre end %(n)s borgere – vises ikke", n=result.suppressed_below),
        factors=[(code, factor_name(code, lang)) for code in codes],
        figure_names=[(key, words._(name)) for key, name in FIGURES],
        checkpoints=[(checkpoint, words._(CHECKPOINT_NAMES[checkpoint])) for checkpoint in CHECKPOINTS],
        total=group_row(words, result.total, codes),
        groups=[
            group_row(words, group, codes, group_label(words, result.group_by, group, target_groups))
            for group in result.groups
        ],
        hours=[
            HoursRow(
                w.week,
                w.suppressed or w.placements is None,
                words.count(w.placements),
                words.hours(w.planned_ordinary_hours),
                words.hours(w.ordinary_hours),
                words.hours(w.placement_hours),
            )
            for w in result.hours_by_week
        ],
        progression_chart=progression_chart,
        caseworker_chart=caseworker_chart,
        hours_chart=_hours_chart(words, result),
        outcomes_chart=_outcomes_chart(
            words,
            [(group_label(words, result.group_by, g, target_groups), g) for g in result.groups]
            + [(words._("I alt"), result.total)],
        ),
        evidence=_evidence(words, evidence) if evidence is not None else None,
    )
