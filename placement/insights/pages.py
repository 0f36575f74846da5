"""The page /indsigt: management information for the leader, a consultant's own caseload, a company's own placements."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.identity import Actor
from placement.clock import Clock
from placement.errors import InvalidInput, RuleViolation
from placement.insights import choices, services, views
from placement.insights.report import require_reader
from placement.web.render import page, request_language

FORM_FIELDS = ("from", "to", "group_by", *choices.FILTER_FIELDS)


class InsightsPageController(Controller):
    include_in_schema = False

    @get("/indsigt", name="insights:index")
    async def index(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
    ) -> Template:
        require_reader(actor)
        today = clock.today()
        lang = request_language(request)
        gettext = request.app.state.catalogues.get(lang).gettext
        month = choices.this_month(today)
        form = {"from": month, "to": month, "group_by": "factor", "target_group": "", "company_id": "", "purpose": ""}
        form |= {key: str(value).strip() for key, value in request.query_params.items() if key in FORM_FIELDS}
        companies = await choices.company_choices(db_session, actor)
        groups = request.app.state.target_groups
        context: dict[str, Any] = {
            "form": form,
            "companies": companies,
            "group_filter_choices": choices.group_filter_choices(groups, lang, form["target_group"], gettext),
            "group_choices": choices.group_choices(gettext),
            "scope": actor.role.value,
            "error": None,
            "v": None,
        }
        try:
            # A field left empty is no filter.
            query = services.parse_query({key: value for key, value in form.items() if value}, today=today)
        except (InvalidInput, RuleViolation) as error:
            return page(request, "insights/index.html", {**context, "error": error}, status_code=error.status_code)
        suppress_below = request.app.state.settings.insights_suppress_below
        result = await services.insights(
            db_session, actor, query, suppress_below=suppress_below, today=today, target_groups=groups
        )
        evidence = await services.evidence(db_session, actor, query, suppress_below=suppress_below, today=today)
        filters = choices.filter_words(form, companies, gettext, groups, lang)
        shown = {key: form[key] for key in choices.FILTER_FIELDS if form[key]}
        return page(
            request,
            "insights/index.html",
            {
                **context,
                "v": views.build(result, evidence, lang=lang, gettext=gettext, filters=filters, target_groups=groups),
                "month_label": views.month_text(form["to"], lang),
                "pdf_url": _with_query(
                    request.app.route_reverse("insights:api-report"),
                    {"month": form["to"], "group_by": form["group_by"], **shown},
                ),
                "csv_url": _with_query(
                    request.app.route_reverse("insights:api-csv"),
                    {"from": form["to"], "to": form["to"], "group_by": form["group_by"], **shown},
                ),
            },
        )


def _with_query(path: str, params: dict[str, str]) -> str:
    return f"{path}?{urlencode(params)}"
