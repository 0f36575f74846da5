"""The progress report for one audience: its data, the context its template needs, and the PDF export itself."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import asdict, dataclass
from gettext import NullTranslations
from typing import Any

from jinja2 import Environment
from sqlalchemy.ext.asyncio import AsyncSession

from goals.progress import CITIZEN_ROLE, Progress
from goals.recommendation import Thresholds
from goals.timeline import Timeline, build_timeline
from placement.access.policy import (
    Audience,
    Permission,
    relation_for_audience,
    require_report_audience,
)
from placement.access.scopes import PlacementAccess
from placement.auth.identity import Actor
from placement.db.unit_of_work import outside_transaction
from placement.i18n import template_callables
from placement.progress import cache as pdf_cache
from placement.progress import report_sources
from placement.progress import report_view as rv
from placement.progress.rendering import PdfRenderer, RenderFailed
from placement.progress.services import ProgressView, build_view, progress_for
from placement.web.filters import date_text, hours_text, sentence

logger = logging.getLogger(__name__)


async def gather_report_data(
    db: AsyncSession,
    actor: Actor,
    access: PlacementAccess,
    view: ProgressView,
    audience: Audience,
    *,
    today: dt.date,
    lang: str,
) -> dict[str, Any]:
    """The report's data with what only the jobcenter's version shows: the outcomes, and who held the case when."""
    outcomes = await report_sources.report_outcomes(db, actor, access, audience, today=today)
    holders = await report_sources.report_case_holders(db, access, audience)
    return report_data(view, audience, outcomes, lang=lang, case_holders=holders)


def report_data(
    view: ProgressView,
    audience: Audience,
    outcomes: list[dict[str, Any]] | None = None,
    *,
    lang: str = "da",
    case_holders: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The plain data of the report: what the template shows and what the cache key is made of."""
    p, placement = view.progress, view.placement
    steps_by_goal = {
        str(g.id): [
            {
                "text": s.text,
                "reached_week": s.reached_week,
                "reached_by": s.reached_by_role.value if s.reached_by_role else "",
            }
            for s in g.steps
        ]
        for g in view.subgoals
    }
    latest: dict[str, dict[str, int]] = {}
    for series in p.subgoals:
        for point in series.ratings:
            latest.setdefault(series.id, {})[point.author_role] = point.rating
    return {
        "audience": audience.value,
        "lang": lang,
        "citizen": view.citizen_name,
        "company": view.company_name,
        "consultant": view.consultant_name,
        "contact_person": placement.contact_person,
        "mentor_name": placement.mentor_name,
        "purpose": placement.purpose,
        "tasks": placement.tasks,
        "citizen_wishes": placement.citizen_wishes,
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
            {"week": s.week, "kind": s.kind.value, "subgoal_id": s.subgoal_id, "text": s.text, "seen_by": s.seen_by}
            for s in p.small_steps
        ],
        "disagreements": [
            {
                "week": d.week,
                "subgoal": next((g.title for g in view.subgoals if str(g.id) == d.subgoal_id), ""),
                "roles": list(d.roles),
                "ratings": list(d.ratings),
                "with_citizen": CITIZEN_ROLE in d.roles,
            }
            for d in p.disagreements
        ],
        "factors": {
            code: [(s.date.isoformat(), s.score) for s in series]
            for code, series in p.factors.items()
            if code in view.visible_factors and series
        },
        # The score agreed in the conversation beside the computed one, per factor; the same factors as "factors".
        "agreed": {
            code: [(s.date.isoformat(), s.agreed) for s in series if s.agreed is not None]
            for code, series in p.factors.items()
            if code in view.visible_factors and any(s.agreed is not None for s in series)
        },
        "caseworker": [(s.date.isoformat(), s.score) for s in p.caseworker] if view.shows_caseworker else None,
        "hours": [asdict(h) for h in p.hours],
        # The citizen's own line in the charts, and their words on the week for the jobcenter's and their own version.
        "own_ratings": {s.id: [(o.week, o.rating) for o in s.own_ratings] for s in p.subgoals if s.own_ratings},
        "own_notes": [{"week": week, "note": note} for week, note in view.own_notes],
        "verdict": view.recommendation.verdict.value,
        "decision_due": view.recommendation.decision_due,
        "reasons": [
            {"text": r.text_en if lang == "en" else r.text_da, "direction": r.direction}
            for r in view.recommendation.reasons
        ],
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
        "case_holders": case_holders or {},
    }


def plain_points(data: dict[str, Any], timeline: Timeline, words: rv.Words) -> list[str]:
    """The citizen's version in plain words: what moved, without rates and thresholds."""
    _ = words._
    points = []
    steps = len(timeline.steps)
    if steps:
        points.append(_("Du har taget %(count)s små skridt indtil nu.") % {"count": steps})
    worked = [h["ordinary_hours"] for h in data["hours"] if h["ordinary_hours"]]
    if worked:
        points.append(
            _("Du arbejder nu %(hours)s timer med løn om ugen.") % {"hours": hours_text(worked[-1], words.lang)}
        )
    if data["attendance"] is not None:
        points.append(_("Du er mødt i %(share)s %% af de timer, vi har aftalt.") % {"share": data["attendance"]})
    if timeline.setbacks:
        points.append(_("Nogle uger var sværere. Det er helt normalt."))
    return points


def case_note(data: dict[str, Any], timeline: Timeline, words: rv.Words) -> str:
    """A short plain text for the municipal case system."""
    _ = translate = words._
    values = {
        "company": data["company"],
        "start": rv.date_words(data["start"], words),
        "end": rv.date_words(data["planned_end"], words),
        "used": data["weeks_used"],
        "planned": data["weeks_planned"],
    }
    lines = [
        _("Virksomhedspraktik hos %(company)s, %(start)s til %(end)s (uge %(used)s af %(planned)s).") % values,
        _("Formål: %(purpose)s") % {"purpose": sentence(data["purpose"])},
        _("Anbefaling: %(verdict)s.") % {"verdict": translate(rv.verdict_label(data))},
    ]
    if data.get("decision_due"):
        lines.insert(2, translate(rv.DECISION_DUE) + ".")
    lines += [f"- {r['text']}" for r in data["reasons"]]
    if data["attendance"] is not None:
        lines.append(_("Fremmøde: %(share)s %% af de planlagte praktiktimer.") % {"share": data["attendance"]})
    lines.append(
        _("Små skridt i perioden: %(steps)s (tilbageskridt: %(setbacks)s).")
        % {"steps": len(timeline.steps), "setbacks": len(timeline.setbacks)}
    )
    if data["decisions"]:
        last = data["decisions"][-1]
        lines.append(
            _("Beslutning %(on)s: %(decision)s. Begrundelse: %(reason)s")
            % {
                "on": rv.date_words(last["on"], words),
                "decision": translate(rv.DECISIONS[last["decision"]]),
                "reason": sentence(last["reason"]),
            }
        )
    return "\n".join(lines)


def template_context(
    data: dict[str, Any],
    progress: Progress,
    *,
    generated: dt.date,
    gettext: rv.Gettext | None = None,
) -> dict[str, Any]:
    """What the report template needs, in the data's language: the first page, the timeline and the charts."""
    citizen = data["audience"] == Audience.CITIZEN.value
    words = rv.Words(data["lang"], gettext or (lambda message: message), citizen=citizen)
    audience, verdict = data["audience"], data["verdict"]
    order = [goal["id"] for goal in data["subgoals"]]
    timeline = build_timeline(progress, order)
    worked = [h for h in progress.hours if h.ordinary_hours is not None]
    targets = [h.ordinary_target for h in progress.hours if h.ordinary_target]
    return {
        "r": data,
        "lang": words.lang,
        "w": words,
        "citizen_version": citizen,
        "audience_label": words._(rv.AUDIENCES[audience]),
        "verdict_label": words._(rv.verdict_label(data)),
        "verdict_citizen": words._(
            rv.DECISION_DUE_CITIZEN if data.get("decision_due") else rv.VERDICTS_CITIZEN[verdict]
        ),
        "decision_due_label": words._(rv.DECISION_DUE),
        "decision_labels": {key: words._(value) for key, value in rv.DECISIONS.items()},
        "decision_citizen": {key: words._(value) for key, value in rv.DECISIONS_CITIZEN.items()},
        "checkpoint_labels": {key: words._(value) for key, value in rv.CHECKPOINTS.items()},
        "outcome_labels": {key: words._(value) for key, value in rv.OUTCOMES.items()},
        "period": f"{rv.date_words(data['start'], words)} – {rv.date_words(data['ended_on'] or data['planned_end'], words)}",
        "glance": rv.glance(data, progress, words),
        "timeline": rv.timeline_view(timeline, data, words),
        "step_count": len(timeline.steps),
        "setback_count": len(timeline.setbacks),
        "latest_ordinary": worked[-1].ordinary_hours if worked else None,
        "latest_ordinary_week": words.week(worked[-1].week) if worked else "",
        "ordinary_target": max(targets) if targets else None,
        "subgoal_charts": rv.subgoal_charts(data, progress, words),
        **rv.factor_charts(data, words),
        "hours_chart": rv.hours_chart(progress, words, width=330, height=150),
        "case_note": case_note(data, timeline, words) if data["audience"] == Audience.JOBCENTER.value else None,
        "plain_points": plain_points(data, timeline, words),
        "generated": date_text(generated, words.lang),
    }


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
    file_name: str = "report.pdf"


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
    lang: str = "da",
    translations: NullTranslations | None = None,
) -> ReportFile:
    """One version of the progress report as PDF, audited as an export: from the cache while nothing it shows changed,
    else assembled, rendered outside any transaction and kept in the cache.

    404 for a version the reader may not get, like a placement out of reach. The report speaks the reader's language
    (`lang`, with the catalogue's `translations`); its file name says the week and the version, never who it is about.
    """
    access = await progress_for(db, actor, placement_id, thresholds, permission=Permission.READ_REPORT, action="pdf")
    require_report_audience(access.relation, audience)
    # Only the jobcenter's own version may carry a consultant's internal entries; others see shared ones only.
    viewer_id = actor.user_id if audience is Audience.JOBCENTER else None
    placement = access.placement
    name = rv.file_name(audience.value, rv.report_week(_dates(placement), today), lang)
    key = await pdf_cache.cache_key(db, access, audience, viewer_id, today=today, lang=lang)
    if (cached := await pdf_cache.cached_pdf(db, key)) is not None:
        return ReportFile(audience, pdf=cached, file_name=name)
    view = await build_view(db, access, relation_for_audience(audience), viewer_id, thresholds, today=today)
    data = await gather_report_data(db, actor, access, view, audience, today=today, lang=lang)
    words = translations or NullTranslations()
    html = report_html(
        environment,
        {
            **template_context(data, view.progress, generated=today, gettext=words.gettext),
            **template_callables(words),
            "lang": lang,
        },
        renderer.css,
    )
    # What was read, and the audit row of this export, are committed before the render: no transaction (on SQLite:
    # no write lock, which every other writer would wait for) stays open for the second it takes.
    try:
        async with outside_transaction(db):
            pdf = await renderer.render(html)
    except RenderFailed as failure:
        # The printable HTML says the same; the request still counts as served, so its audit row stays.
        return ReportFile(audience, html=html, failure=str(failure), file_name=name)
    await pdf_cache.store_pdf(db, key=key, placement_id=view.placement.id, audience=audience, pdf=pdf)
    return ReportFile(audience, pdf=pdf, file_name=name)


def _dates(placement: Any) -> dict[str, Any]:
    return {
        "ended_on": placement.ended_on.isoformat() if placement.ended_on else None,
        "planned_end": placement.planned_end_date.isoformat(),
    }
