"""The leader's first address /ledelse: bookmarks and old links move on to management information at /indsigt."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.response import Redirect
from litestar.status_codes import HTTP_301_MOVED_PERMANENTLY


class LeaderPageController(Controller):
    include_in_schema = False

    @get("/ledelse", name="leader:start")
    async def start(self, request: Request[Any, Any, Any]) -> Redirect:
        # Every signed-in person moves on; /indsigt decides who may read it.
        return Redirect(request.app.route_reverse("insights:index"), status_code=HTTP_301_MOVED_PERMANENTLY)
