"""The progress report for one audience: its data, the context its template needs, and the PDF export itself."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import asdict, dataclass
from typing import Any

from jinja2 import Environment
from markupsafe import Markup
from sqlalchemy.ext.asyncio import AsyncSession

from goals.factors import FACTORS
from goals.progress import Progress
from goals.recommendation import Thresholds
from placement.access.policy import (
    Audience,
    Permission,
    relation_for_audience,
    require_report_audience,
    sees_outcomes,
)
from placement.access.scopes import PlacementAccess
from placement.audit.services import record
from placement.auth.identity import Actor
from placement.db.unit_of_work import outside_transaction
from placement.outcomes import services as outcome_services
from placement.progress import cache as pdf_cache
from placement.progress import charts
from placement.progress.rendering import PdfRenderer, RenderFailed
from placement.progress.services import ProgressView, build_view, progress_for
from placement.web.filters import date_text, hours_text, short_date, week_number

logger = logging.getLogger(__name__)
FACTOR_NAMES = {f.code: f.name_da for f in FACTORS}
ROLE_DA = {"company_contact": "kontaktperson", "mentor": "mentor", "consultant": "konsulent", "citizen": "borger"}
VERDICT_DA = {
    "continue": "Fortsæt forløbet",
    "adjust": "Justér forløbet",
    "consider_ending": "Overvej at afslutte",
    "too_early": "For tidligt at sige",
}
VERDICT_CITIZEN = {
    "continue": "Det går fremad. Vi fortsætter, som vi har aftalt.",
    "adjust": "Noget går godt, og noget skal vi se på igen sammen.",
    "consider_ending": "Vi skal tale om, om praktikken er det rigtige for dig lige nu.",
    "too_early": "Det er for tidligt at sige noget. Vi ser på det igen om nogle uger.",
}
DECISION_DA = {"continue": "Fortsætter", "adjust": "Justeres", "extend": "Forlænges", "end": "Afsluttes"}
CHECKPOINT_DA = {"end": "Ved afslutningen", "3m": "Efter 3 måneder", "6m": "Efter 6 måneder"}
OUTCOME_DA = {
    "ordinary_job": "Ordinært job",
    "education": "Uddannelse",
    "flex_job": "Fleksjob",
    "other_effort": "Ny praktik eller anden indsats",
    "none": "Intet endnu",
    "unknown": "Ukendt",
}
AUDIENCE_DA = {
    Audience.CITIZEN: "Borgerens udgave",
    Audience.COMPANY: "Virksomhedens udgave",
    Audience.JOBCENTER: "Jobcentrets udgave",
}


def _subgoal_charts(progress: Progress) -> dict[str, Markup]:
    weeks = progress.logged_weeks
    labels = [str(week_number(w)) for w in weeks]
    result = {}
    for series in progress.subgoals:
        by_role: dict[str, list[float | None]] = {}
        for point in series.ratings:
            values = by_role.setdefault(
                ROLE_DA.get(point.author_role, point.author_role).capitalize(), [None] * len(weeks)
            )
            values[weeks.index(point.week)] = point.rating
        result[series.id] = charts.line_chart(
            title=f"Vurdering af delmålet »{series.title}« uge for uge, 1 til 5",
            description=charts.describe_lines(by_role, labels, gettext=str, lang="da"),
            x_labels=labels,
            series=by_role,
            styles={ROLE_DA[role].capitalize(): style for role, style in charts.ROLE_STYLE.items()},
            lang="da",
        )
    return result


def report_data(view: ProgressView, audience: Audience, outcomes: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The plain data of the report: what the template shows and what the cache key is made of."""
    p, placement = view.progress, view.placement
    steps_by_goal = {
        str(g.id): [
            {
                "text": s.text,
                "reached_week": s.reached_week,
                "reached_by": ROLE_DA.get(s.reached_by_role.value, "") if s.reached_by_role else "",
            }
            for s in g.steps
        ]
        for g in view.subgoals
    }
    titles = {str(g.id): g.title for g in view.subgoals}
    latest: dict[str, dict[str, int]] = {}
    for series in p.subgoals:
        for point in series.ratings:
            latest.setdefault(series.id, {})[ROLE_DA.get(point.author_role, point.author_role)] = point.rating
    return {
        "audience": audience.value,
        "citizen": view.citizen_name,
        "company": view.company_name,
        "consultant": view.consultant_name,
        "contact_person": placement.contact_person,
        "mentor_name": placement.mentor_name,
        "purpose": placement.purpose,
        "start": placement.start_date.isoformat(),
        "planned_end": placement.planned_end_date.isoformat(),
        "ended_on": placement.ended_on.isoformat() if placement.ended_on else None,
        "status": placement.status.value,
        "weeks_used": p.weeks_used,
        "weeks_planned": p.weeks_planned,
        "attendance": round(p.attendance_rate * 100) if p.attendance_rate is not None else None,
        "subgoals": [
            {
                "id": str(g.id),
                "factor": g.factor,
                "factor_name": FACTOR_NAMES[g.factor],
                "title": g.title,
                "target": g.target,
                "horizon": g.horizon.value,
                "due": g.due_date.isoformat() if g.due_date else None,
                "steps": steps_by_goal[str(g.id)],
                "next_step": next((s["text"] for s in steps_by_goal[str(g.id)] if not s["reached_week"]), None),
                "latest": latest.get(str(g.id), {}),
            }
            for g in view.subgoals
        ],
        "small_steps": [
            {
                "week": s.week,
                "kind": s.kind.value,
                "text": _step_text(s, titles),
                "seen_by": ROLE_DA.get(s.seen_by or "", s.seen_by or ""),
            }
            for s in p.small_steps
        ],
        "disagreements": [
            {
                "week": d.week,
                "subgoal": next((g.title for g in view.subgoals if str(g.id) == d.subgoal_id), ""),
                "roles": [ROLE_DA.get(r, r) for r in d.roles],
                "ratings": list(d.ratings),
            }
            for d in p.disagreements
        ],
        "factors": {
            code: [(s.date.isoformat(), s.score) for s in series]
            for code, series in p.factors.items()
            if code in view.visible_factors and series
        },
        "caseworker": [(s.date.isoformat(), s.score) for s in p.caseworker] if view.shows_caseworker else None,
        "hours": [asdict(h) for h in p.hours],
        "verdict": view.recommendation.verdict.value,
        "reasons": [{"text": r.text_da, "direction": r.direction} for r in view.recommendation.reasons],
        "decisions": [
            {
                "on": d.decided_on.isoformat(),
                "decision": d.decision,
                "reason": d.reason,
                "verdict_shown": d.verdict_shown,
            }
            for d in view.decisions
        ],
        "logged_weeks": p.logged_weeks,
        "outcomes": outcomes or [],
    }


async def report_outcomes(
    db: AsyncSession, actor: Actor, access: PlacementAccess, audience: Audience, *, today: dt.date
) -> list[dict[str, Any]]:
    """The recorded outcomes for the jobcenter's version (none for the others), their read audited."""
    if not sees_outcomes(relation_for_audience(audience)):
        return []
    found = await outcome_services.outcomes_of(db, access.placement, today=today)
    rows = [
        {
            "checkpoint": CHECKPOINT_DA[c.checkpoint],
            "status": OUTCOME_DA[c.outcome.status.value],
            "hours": c.outcome.ordinary_hours_per_week,
            "on": c.outcome.observed_on.isoformat(),
            "note": c.outcome.note,
        }
        for c in found.checkpoints
        if c.outcome is not None
    ]
    if rows:
        await record(
            db,
            actor,
            "read",
            citizen_id=access.placement.citizen_id,
            object_type="outcome",
            object_id=access.placement.id,
            purpose="outcomes in the jobcenter's report",
        )
    return rows


def _step_text(step: Any, titles: dict[str, str]) -> str:
    """A small step in words: which sub-goal or what rose, and by how much."""
    if step.kind.value == "rating_rose":
        return f"»{titles.get(step.subgoal_id, '')}« steg fra {hours_text(step.before, 'da')} til {hours_text(step.after, 'da')}"
    if step.kind.value == "ordinary_hours_rose":
        return f"Flere ordinære timer: fra {hours_text(step.before, 'da')} til {hours_text(step.after, 'da')}"
    if step.kind.value == "step_reached":
        return f"»{titles.get(step.subgoal_id, '')}«: {step.text}"
    return step.text


def case_note(data: dict[str, Any]) -> str:
    """A short plain text for the municipal case system."""
    lines = [
        f"Virksomhedspraktik hos {data['company']}, {date_text(data['start'], 'da')} til "
        f"{date_text(data['planned_end'], 'da')} "
        f"(uge {data['weeks_used']} af {data['weeks_planned']}).",
        f"Formål: {data['purpose']}",
        f"Anbefaling: {VERDICT_DA[data['verdict']]}.",
    ]
    lines += [f"- {r['text']}" for r in data["reasons"]]
    if data["attendance"] is not None:
        lines.append(f"Fremmøde: {data['attendance']} % af de planlagte praktiktimer.")
    reached = [s for s in data["small_steps"] if s["kind"] in ("step_reached", "rating_rose")]
    lines.append(f"Små skridt i perioden: {len(reached)}.")
    if data["decisions"]:
        last = data["decisions"][-1]
        lines.append(
            f"Beslutning {date_text(last['on'], 'da')}: {DECISION_DA[last['decision']]}. Begrundelse: {last['reason']}"
        )
    return "\n".join(lines)


def timeline(small_steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The small steps week by week, one line a week, so a long placement stays readable."""
    weeks: dict[str, list[dict[str, Any]]] = {}
    for step in small_steps:
        weeks.setdefault(step["week"], []).append(step)
    return [{"week": week, "items": items} for week, items in weeks.items()]


def plain_points(data: dict[str, Any]) -> list[str]:
    """The citizen's version in plain words: what moved, without rates and thresholds."""
    points = []
    reached = sum(1 for goal in data["subgoals"] for step in goal["steps"] if step["reached_week"])
    if reached:
        points.append(f"Du har nået {reached} små skridt på vej mod dine delmål.")
    rises = sum(1 for step in data["small_steps"] if step["kind"] == "rating_rose")
    if rises:
        points.append(f"Dem, der følger dig, har {rises} gange set dig rykke et trin frem.")
    worked = [h["ordinary_hours"] for h in data["hours"] if h["ordinary_hours"]]
    if worked:
        points.append(f"Du arbejder nu {hours_text(worked[-1], 'da')} ordinære timer om ugen.")
    if data["attendance"] is not None:
        points.append(f"Du er mødt {data['attendance']} % af de timer, vi har planlagt.")
    points.append(f"Praktikken er i uge {data['weeks_used']} af {data['weeks_planned']}.")
    return points


def template_context(data: dict[str, Any], progress: Progress, *, generated: dt.date) -> dict[str, Any]:
    """What the report template needs: the data, labels and the charts drawn from it."""
    hours = progress.hours
    factor_weeks = sorted({date for series in data["factors"].values() for date, _ in series})
    factor_series = {
        f"{code} {FACTOR_NAMES[code]}": [dict(series).get(d) for d in factor_weeks]
        for code, series in data["factors"].items()
    }
    factor_styles = {f"{code} {FACTOR_NAMES[code]}": charts.FACTOR_STYLE[code] for code in data["factors"]}
    factor_labels = [short_date(d, "da") for d in factor_weeks]
    caseworker = (data["caseworker"] or [])[-8:]
    caseworker_labels = [short_date(d, "da") for d, _ in caseworker]
    caseworker_series = {f"F {FACTOR_NAMES['F']}": [s for _, s in caseworker]}
    weeks, planned = [h.week for h in hours], [h.planned for h in hours]
    attended, ordinary = [h.placement_hours for h in hours], [h.ordinary_hours for h in hours]
    target = [h.ordinary_target for h in hours]
    hours_labels = {"planned": "Planlagt", "attended": "Fremmødt", "ordinary": "Ordinære timer", "target": "Mål"}
    context: dict[str, Any] = {
        "r": data,
        "audience_label": AUDIENCE_DA[Audience(data["audience"])],
        "verdict_label": VERDICT_DA[data["verdict"]],
        "verdict_citizen": VERDICT_CITIZEN[data["verdict"]],
        "decision_labels": DECISION_DA,
        "role_style": {role: (style.colour, style.dash) for role, style in charts.ROLE_STYLE.items()},
        "roles_da": ROLE_DA,
        "subgoal_charts": _subgoal_charts(progress),
        "factor_chart": charts.line_chart(
            title="Borgerens egne svar pr. faktor over tid, 1 til 5",
            description=charts.describe_lines(factor_series, factor_labels, gettext=str, lang="da"),
            x_labels=factor_labels,
            series=factor_series,
            styles=factor_styles,
            lang="da",
            width=420,
            height=170,
        )
        if factor_weeks
        else None,
        "caseworker_chart": charts.line_chart(
            title="Konsulentens vurdering (F) over tid, 1 til 5",
            description=charts.describe_lines(caseworker_series, caseworker_labels, gettext=str, lang="da"),
            x_labels=caseworker_labels,
            series=caseworker_series,
            styles={f"F {FACTOR_NAMES['F']}": charts.FACTOR_STYLE["F"]},
            lang="da",
            width=240,
            height=150,
        )
        if data["caseworker"]
        else None,
        "hours_chart": charts.hours_chart(
            title="Timer pr. uge: planlagt, fremmødt og ordinære",
            description=charts.describe_hours(weeks, planned, attended, ordinary, target, gettext=str, lang="da"),
            weeks=weeks,
            planned=planned,
            attended=attended,
            ordinary=ordinary,
            target=target,
            labels=hours_labels | {"week": "uge"},
            lang="da",
        )
        if hours
        else None,
        "case_note": case_note(data) if data["audience"] == Audience.JOBCENTER.value else None,
        "timeline": timeline(data["small_steps"]),
        "plain_points": plain_points(data),
        "generated": date_text(generated, "da"),
    }
    return context


def report_html(environment: Environment, context: dict[str, Any], css: str) -> str:
    """The printable HTML of the report: the PDF's source, and what a reader gets when the PDF cannot be made."""
    return environment.get_template("reports/report.html").render(**context, report_css=css)


@dataclass(frozen=True, slots=True)
class ReportFile:
    """A report as the route sends it: the PDF, or the printable HTML with why the PDF could not be made."""

    audience: Audience
    pdf: bytes | None = None
    html: str = ""
    failure: str = ""


async def export_report(
    db: AsyncSession,
    actor: Actor,
    placement_id: uuid.UUID,
    audience: Audience,
    *,
    thresholds: Thresholds,
    renderer: PdfRenderer,
    environment: Environment,
    today: dt.date,
) -> ReportFile:
    """One version of the progress report as PDF, audited as an export: from the cache while nothing it shows changed,
    else assembled, rendered outside any transaction and kept in the cache.

    404 for a version the reader may not get, like a placement out of reach.
    """
    access = await progress_for(db, actor, placement_id, thresholds, permission=Permission.READ_REPORT, action="pdf")
    require_report_audience(access.relation, audience)
    # Only the jobcenter's own version may carry a consultant's internal entries; others see shared ones only.
    viewer_id = actor.user_id if audience is Audience.JOBCENTER else None
    key = await pdf_cache.cache_key(db, access, audience, viewer_id, today=today)
    if (cached := await pdf_cache.cached_pdf(db, key)) is not None:
        return ReportFile(audience, pdf=cached)
    view = await build_view(db, access, relation_for_audience(audience), viewer_id, thresholds, today=today)
    outcomes = await report_outcomes(db, actor, access, audience, today=today)
    html = report_html(
        environment,
        template_context(report_data(view, audience, outcomes), view.progress, generated=today),
        renderer.css,
    )
    # What was read, and the audit row of this export, are committed before the render: no transaction (on SQLite:
    # no write lock, which every other writer would wait for) stays open for the second it takes.
    try:
        async with outside_transaction(db):
            pdf = await renderer.render(html)
    except RenderFailed as failure:
        # The printable HTML says the same; the request still counts as served, so its audit row stays.
        return ReportFile(audience, html=html, failure=str(failure))
    await pdf_cache.store_pdf(db, key=key, placement_id=view.placement.id, audience=audience, pdf=pdf)
    return ReportFile(audience, pdf=pdf)
