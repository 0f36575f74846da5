"""Rendering pages: the Jinja environment with the display filters, pages in the request's language, headers."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from litestar import Request
from litestar.datastructures import MutableScopeHeaders
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.response import Template
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from placement.i18n import LANGUAGE_COOKIE, Catalogues, negotiate_language, template_callables
from placement.resources import resource_dir
from placement.web.error_text import GLOBALS
from placement.web.filters import FILTERS
from placement.web.groups import group_name
from placement.web.paths import start_page

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def jinja_environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(resource_dir("templates")),
        autoescape=select_autoescape(["html", "xml", "svg"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(FILTERS)
    environment.globals.update(GLOBALS)
    # Real callables are bound per request in `page`; this sets the new-style call convention for {% trans %}.
    environment.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return environment


def request_language(request: Request[Any, Any, Any]) -> str:
    return negotiate_language(request.cookies.get(LANGUAGE_COOKIE), request.headers.get("accept-language"))


def page(
    request: Request[Any, Any, Any],
    template_name: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> Template:
    """A page in the request's language, with the signed-in user (if any) and the language switch."""
    language = request_language(request)
    catalogues: Catalogues = request.app.state.catalogues
    user = request.scope.get("user")
    groups = request.app.state.target_groups
    translate = catalogues.get(language).gettext
    full_context: dict[str, Any] = {
        "lang": language,
        "current_path": request.url.path,
        "user": user,
        "my_start": start_page(request, user.role.value) if user else None,
        # A citizen's target group by its name in the configured list (a key not on it as it is, marked).
        "target_group_name": lambda key: group_name(groups, key, language, translate),
        **template_callables(catalogues.get(language)),
        **(context or {}),
    }
    return Template(template_name=template_name, context=full_context, status_code=status_code)


class RequestContextMiddleware(ASGIMiddleware):
    """Gives every request an id and every response the security headers the service promises."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, *, production: bool) -> None:
        self.production = production

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        request_id = uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableScopeHeaders.from_message(message)
                headers["X-Request-ID"] = request_id
                headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
                headers["X-Content-Type-Options"] = "nosniff"
                headers["X-Frame-Options"] = "DENY"
                headers["Referrer-Policy"] = "no-referrer"
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
                headers["Cross-Origin-Opener-Policy"] = "same-origin"
                if not scope["path"].startswith("/static/"):
                    # Pages and API answers may hold personal data: never keep them in a shared or browser cache.
                    headers["Cache-Control"] = "no-store"
                if self.production:
                    headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
            await send(message)

        await next_app(scope, receive, send_with_headers)
