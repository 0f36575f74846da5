"""The start page and the language switch."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.accounts.services import set_language
from placement.auth.cookies import service_cookie
from placement.auth.identity import Actor
from placement.i18n import LANGUAGE_COOKIE, LANGUAGES
from placement.web.paths import local_path
from placement.web.render import page


class LanguageForm(msgspec.Struct):
    lang: str
    next: str = "/"


class PagesController(Controller):
    include_in_schema = False

    @get("/", name="pages:start", opt={"public": True})
    async def start(self, request: Request[Any, Any, Any]) -> Template:
        return page(request, "pages/index.html")

    @post("/sprog", name="pages:language", opt={"public": True}, status_code=303)
    async def switch_language(
        self,
        request: Request[Any, Any, Any],
        db_session: NamedDependency[AsyncSession],
        data: Annotated[LanguageForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Redirect:
        language = data.lang if data.lang in LANGUAGES else "da"
        actor: Actor | None = request.scope.get("user")
        if actor is not None:
            await set_language(db_session, actor.user_id, language)
        target = local_path(data.next)
        cookie = service_cookie(request.app.state.settings, LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600)
        return Redirect(target, status_code=303, cookies=[cookie])
