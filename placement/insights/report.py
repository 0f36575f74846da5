"""The monthly report of management information: one month's figures as printable HTML (the PDF's source) and CSV.

The route and the command `placement insights report` share it. It shows aggregates only: no citizen's name, no
placement; what the service suppressed stays suppressed, and reading it is audited by the service as an aggregate read.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from jinja2 import Environment
from sqlalchemy.ext.asyncio import AsyncSession

from goals.target_groups import TargetGroups
from placement.access.policy import Permission, require
from placement.auth.identity import Actor
from placement.errors import InvalidInput, RuleViolation
from placement.insights import choices, services, views
from placement.insights.csv import insights_csv
from placement.resources import resource_dir
from placement.web.filters import date_text

MONTH = re.compile(r"\d{4}-\d{2}")


def _danish(message: str) -> str:
    """The PDF is Danish: the catalogue's own text."""
    return message


def require_reader(actor: Actor) -> None:
    """The leader, a consultant (their caseload) and a company contact (their company) read insights; others get 403,
    whatever they asked for (a refused role never learns which of its parameters were wrong)."""
    require(actor, Permission.READ_INSIGHTS, object_type="insights")


def month_params(month: str, params: Mapping[str, str], *, today: dt.date) -> dict[str, str]:
    """The query of one whole month, with the filters given; a month that is malformed or in the future is refused
    naming `month` (the service would name the period's `from` and `to`). No month is this month."""
    month = month.strip() or choices.this_month(today)
    if not MONTH.fullmatch(month):
        raise InvalidInput(f"month must be YYYY-MM, found {month!r}", field="month", code="month")
    if month > choices.this_month(today):
        raise InvalidInput(f"month {month} is in the future", field="month", code="future")
    wanted = {key: value for key, value in params.items() if key in ("group_by", *choices.FILTER_FIELDS) and value}
    return {**wanted, "from": month, "to": month}


@dataclass(frozen=True, slots=True)
class Monthly:
    month: str
    html: str
    csv: bytes


@functools.cache
def _css() -> str:
    folder = resource_dir("templates") / "reports"
    return "\n".join((folder / name).read_text(encoding="utf-8") for name in ("report.css", "insights.css"))


async def monthly(
    db: AsyncSession,
    actor: Actor,
    month: str,
    params: Mapping[str, str],
    *,
    suppress_below: int,
    today: dt.date,
    environment: Environment,
    target_groups: TargetGroups,
) -> Monthly:
    """The month's report for what `actor` may read (the whole jobcenter for the leader), as HTML and CSV."""
    require_reader(actor)
    wanted = month_params(month, params, today=today)
    try:
        query = services.parse_query(wanted, today=today)
    except (InvalidInput, RuleViolation) as error:
        if error.field in ("from", "to"):
            raise InvalidInput(error.message.replace(error.field, "month", 1), field="month", code=error.code) from None
        raise
    result = await services.insights(
        db, actor, query, suppress_below=suppress_below, today=today, target_groups=target_groups
    )
    evidence = await services.evidence(db, actor, query, suppress_below=suppress_below, today=today)
    companies = await choices.company_choices(db, actor)
    view = views.build(
        result,
        evidence,
        lang="da",
        gettext=_danish,
        filters=choices.filter_words(wanted, companies, _danish, target_groups),
        target_groups=target_groups,
    )
    html = environment.get_template("reports/insights.html").render(
        v=view,
        month=views.month_text(wanted["to"], "da"),
        scope=actor.role.value,
        generated=date_text(today, "da"),
        report_css=_css(),
        lang="da",
    )
    return Monthly(wanted["to"], html, insights_csv(result, lang="da"))
