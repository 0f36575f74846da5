"""Management information: the query asked, the figures per group with suppression, local evidence; each call audited.

Which placements count: those in the actor's reach (placement.access.scopes.insight_facts_in_reach) that were active
at any time of the period (started by its last day, not ended before its first). Each counts with its whole course
so far. The figures come from placement_fact, which every unit of work keeps current (placement.db.facts).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Mapping

import msgspec
from sqlalchemy import ColumnElement, select
from sqlalchemy.ext.asyncio import AsyncSession

from goals.bounds import MAX_TARGET_GROUP_LENGTH
from goals.factors import FACTORS
from goals.insights import figures, suppressed_groups
from goals.placement_facts import EVIDENCE_BANDS, LENGTH_BANDS
from goals.target_groups import TargetGroups
from placement.access.policy import Permission, insight_factors, may, require
from placement.access.scopes import insight_facts_in_reach
from placement.audit.services import record
from placement.auth.identity import Actor
from placement.db.fact_records import PURPOSE_KEY_LENGTH
from placement.db.models import Company, PlacementFact
from placement.errors import Checks, InvalidInput, RuleViolation
from placement.insights import queries
from placement.insights.schemas import (
    Evidence,
    EvidenceRow,
    GroupBy,
    GroupFigures,
    HoursWeek,
    Insights,
    InsightsQuery,
)
from placement.web.groups import group_name

ASSOCIATION_STATEMENT = (
    "Tallene viser sammenhænge i jobcenterets egne data, ikke årsager: borgere, hvis faktorer flyttede sig, kan "
    "have adskilt sig på andre måder."
)
PARAMETERS = frozenset({"from", "to", "group_by", "target_group", "company_id", "purpose"})
MAX_PERIOD_MONTHS = 120
_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")
LENGTH_LABELS = {
    "1-4": "1–4 uger",
    "5-8": "5–8 uger",
    "9-13": "9–13 uger",
    "14-26": "14–26 uger",
    "27+": "over 26 uger",
}
_FACTOR_NAMES = {factor.code: factor.name_da for factor in FACTORS}


def require_insights(actor: Actor) -> None:
    """403 before anything else for a role that reads no management information (its parameters unread)."""
    require(actor, Permission.READ_INSIGHTS, object_type="insights")


def _month(raw: str, name: str) -> dt.date:
    if not _MONTH.fullmatch(raw):
        raise InvalidInput(f"{name} must be a month in the form YYYY-MM, e.g. 2026-11", field=name)
    year, month = int(raw[:4]), int(raw[5:])
    if not (1 <= month <= 12 and 2000 <= year <= 2099):
        raise InvalidInput(f"{name} {raw!r} is not a month between 2000-01 and 2099-12", field=name)
    return dt.date(year, month, 1)


def _month_end(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _text(raw: str, name: str, limit: int) -> str:
    text = raw.strip()
    if not text or len(text) > limit:
        raise InvalidInput(f"{name} must be 1 to {limit} characters", field=name)
    return text


def parse_query(params: Mapping[str, str], *, today: dt.date) -> InsightsQuery:
    """The query of a request's parameters, or a 400/422 naming the first field that is wrong."""
    checks = Checks()
    for name in sorted(set(params) - PARAMETERS):
        checks.add(InvalidInput(f"unknown parameter {name!r}; use {', '.join(sorted(PARAMETERS))}", field=name))
    this_month = today.replace(day=1)
    first = checks.take(_month, params["from"], "from") if "from" in params else this_month
    last = checks.take(_month, params["to"], "to") if "to" in params else this_month
    group_by = None
    try:
        group_by = GroupBy(params.get("group_by", GroupBy.FACTOR.value))
    except ValueError:
        groups = ", ".join(group.value for group in GroupBy)
        checks.add(InvalidInput(f"group_by must be one of {groups}", field="group_by"))
    target_group = (
        checks.take(_text, params["target_group"], "target_group", MAX_TARGET_GROUP_LENGTH)
        if ("target_group" in params)
        else None
    )
    purpose = checks.take(_text, params["purpose"], "purpose", PURPOSE_KEY_LENGTH) if "purpose" in params else None
    company_id = None
    if "company_id" in params:
        try:
            company_id = uuid.UUID(params["company_id"])
        except ValueError:
            checks.add(InvalidInput("company_id must be a company's id (a UUID)", field="company_id"))
    for name, month in (("from", first), ("to", last)):
        if month is not None and month > this_month:
            checks.add(RuleViolation(f"{name} lies in the future: the latest month is {this_month:%Y-%m}", field=name))
    if first is not None and last is not None:
        if last < first:
            checks.add(RuleViolation("to must not lie before from", field="to"))
        elif (last.year - first.year) * 12 + last.month - first.month + 1 > MAX_PERIOD_MONTHS:
            checks.add(RuleViolation("a period spans at most ten years (120 months)", field="to"))
    checks.done()
    assert first is not None and last is not None and group_by is not None
    return InsightsQuery(
        period_from=first,
        period_to=_month_end(last),
        group_by=group_by,
        target_group=target_group,
        company_id=company_id,
        purpose=purpose,
    )


def _where(actor: Actor, query: InsightsQuery) -> list[ColumnElement[bool]]:
    where = [insight_facts_in_reach(actor), queries.in_period(query.period_from, query.period_to)]
    if query.target_group is not None:
        where.append(PlacementFact.target_group == query.target_group)
    if query.company_id is not None:
        where.append(PlacementFact.company_id == query.company_id)
    if query.purpose is not None:
        where.append(PlacementFact.purpose == query.purpose)
    return where


def _filters(query: InsightsQuery) -> dict[str, str]:
    given = {"target_group": query.target_group, "company_id": query.company_id, "purpose": query.purpose}
    return {name: str(value) for name, value in given.items() if value is not None}


async def _labels(db: AsyncSession, group_by: GroupBy, keys: list[str], groups: TargetGroups) -> dict[str, str]:
    if group_by is GroupBy.FACTOR:
        return {key: f"{key}: {_FACTOR_NAMES.get(key, 'Sagsbehandlerens vurdering')}" for key in keys}
    if group_by is GroupBy.LENGTH:
        return {key: LENGTH_LABELS[key] for key in keys}
    if group_by is GroupBy.COMPANY:
        ids = [uuid.UUID(key) for key in keys]
        rows = await db.execute(select(Company.id, Company.name).where(Company.id.in_(ids)))
        return {str(row.id): row.name for row in rows}
    if group_by is GroupBy.TARGET_GROUP:
        # The list's Danish name; a stored value not on the list as it is, marked (the page names it in English).
        return {key: group_name(groups, key, "da") for key in keys}
    return {key: key for key in keys}


def _order(group_by: GroupBy, keys: list[str], labels: dict[str, str]) -> list[str]:
    if group_by is GroupBy.FACTOR:
        return sorted(keys)
    if group_by is GroupBy.LENGTH:
        rank = {key: index for index, (key, _) in enumerate(LENGTH_BANDS)}
        return sorted(keys, key=rank.__getitem__)
    return sorted(keys, key=lambda key: (labels.get(key) or key).casefold())


def _group(key: str, label: str, suppressed: bool, values: dict[str, object] | None) -> GroupFigures:
    if suppressed or values is None:
        return GroupFigures(key=key, label=label, suppressed=True)
    return msgspec.convert({"key": key, "label": label, "suppressed": False, **values}, GroupFigures)


async def insights(
    db: AsyncSession,
    actor: Actor,
    query: InsightsQuery,
    *,
    suppress_below: int,
    today: dt.date,
    target_groups: TargetGroups,
) -> Insights:
    """The figures per group and in total for the actor's reach, suppressed below `suppress_below` citizens; a target
    group is labelled by its name in `target_groups`."""
    where = _where(actor, query)
    factors = insight_factors(actor)
    groups, total = await queries.group_sums(db, where, query.group_by.value, today=today)
    if query.group_by is GroupBy.FACTOR:
        groups = {key: sums for key, sums in groups.items() if key in factors}
    # Group F is every placement, the total itself: it stands or falls with the total.
    hidden, total_hidden = suppressed_groups(
        {key: sums.citizens for key, sums in groups.items() if not (query.group_by is GroupBy.FACTOR and key == "F")},
        total_citizens=total.citizens,
        threshold=suppress_below,
    )
    if total_hidden:
        hidden |= set(groups)
    labels = await _labels(db, query.group_by, list(groups), target_groups)
    weeks = []
    only_period = may(actor.role, Permission.READ_AGGREGATES) and not _filters(query)
    period = (query.period_from, query.period_to) if only_period else None
    for row in await queries.hours_by_week(db, where, period=period):
        shown = row.placements >= suppress_below
        weeks.append(
            HoursWeek(
                week=row.week_index,
                placements=row.placements if shown else None,
                planned_ordinary_hours=_round(row.planned) if shown else None,
                ordinary_hours=_round(row.ordinary) if shown else None,
                placement_hours=_round(row.placement) if shown else None,
                suppressed=not shown,
            )
        )
    await record(db, actor, "read", citizen_id=None, object_type="insights", purpose="management information")
    return Insights(
        period_from=f"{query.period_from:%Y-%m}",
        period_to=f"{query.period_to:%Y-%m}",
        group_by=query.group_by.value,
        filters=_filters(query),
        suppressed_below=suppress_below,
        groups=[
            _group(key, labels.get(key, key), key in hidden, figures(groups[key], factors=factors))
            for key in _order(query.group_by, list(groups), labels)
        ],
        total=_group("total", "I alt", total_hidden, figures(total, factors=factors)),
        hours_by_week=weeks,
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)


async def evidence(
    db: AsyncSession, actor: Actor, query: InsightsQuery, *, suppress_below: int, today: dt.date
) -> Evidence:
    """Of the placements with a known six-month outcome: the share in job or education by the third each factor's
    change fell in and by whether ordinary hours were reached, each row with its n. Association, never cause."""
    del today  # the six-month outcome is recorded or not; nothing here falls due
    factors = insight_factors(actor)
    (citizens, placements), found = await queries.evidence_sums(db, _where(actor, query), factors)
    total_hidden = citizens < suppress_below
    rows: list[EvidenceRow] = []
    dimensions = [(code, EVIDENCE_BANDS) for code in factors] + [("ordinary_hours", ("reached", "not_reached"))]
    for dimension, bands in dimensions:
        counts = {band: found.get((dimension, band), (0, 0, 0)) for band in bands}
        hidden, _ = suppressed_groups(
            {band: n[0] for band, n in counts.items()}, total_citizens=citizens, threshold=suppress_below
        )
        for band in bands:
            _, n, job = counts[band]
            if total_hidden or band in hidden:
                rows.append(EvidenceRow(dimension=dimension, band=band, suppressed=True))
            else:
                share = round(job / n, 4) if n else None
                rows.append(
                    EvidenceRow(
                        dimension=dimension,
                        band=band,
                        suppressed=False,
                        placements=n,
                        job_or_education=job,
                        share=share,
                    )
                )
    await record(db, actor, "read", citizen_id=None, object_type="insights", purpose="local evidence")
    return Evidence(
        period_from=f"{query.period_from:%Y-%m}",
        period_to=f"{query.period_to:%Y-%m}",
        suppressed_below=suppress_below,
        placements=None if total_hidden else placements,
        rows=rows,
        statement=ASSOCIATION_STATEMENT,
    )
