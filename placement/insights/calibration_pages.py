"""The leader's calibration page /indsigt/kalibrering: how well observer roles agree on the scale steps."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.response import Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.auth.identity import Actor
from placement.clock import Clock
from placement.errors import InvalidInput
from placement.insights import calibration as services
from placement.insights.calibration_views import calibration_page
from placement.web.render import page, request_language


class CalibrationPageController(Controller):
    include_in_schema = False

    @get("/indsigt/kalibrering", name="insights:calibration")
    async def calibration(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        actor: NamedDependency[Actor],
        clock: NamedDependency[Clock],
    ) -> Template:
        # The month fields of the filter send an empty value when left blank: that month is then the default one.
        asked = {name: values for name, values in request.query_params.dict().items() if values != [""]}
        settings = request.app.state.settings
        try:
            result = await services.calibration_asked(
                db_session, actor, asked, today=clock.today(), suppress_below=settings.insights_suppress_below
            )
        except InvalidInput as refused:
            # Said beside the filter; nothing was counted, so no figures are shown.
            context = {
                "view": None,
                "error": refused,
                "asked": {name: values[-1] for name, values in asked.items()},
                "suppress_below": settings.insights_suppress_below,
            }
            return page(request, "insights/calibration.html", context, status_code=refused.status_code)
        view = calibration_page(result, request_language(request))
        asked_months = {"from": view.period_from, "to": view.period_to}
        context = {"view": view, "error": None, "asked": asked_months, "suppress_below": view.suppressed_below}
        return page(request, "insights/calibration.html", context)
