"""The one place that maps errors to responses: JSON for the API, the error page for a browser; failures logged."""

from __future__ import annotations

import logging
import math
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, ValidationException
from litestar.response import Redirect
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_500_INTERNAL_SERVER_ERROR,
)

from placement.errors import ServiceError, TooManyAttempts, Unauthenticated
from placement.logging import describe_exception
from placement.web.render import page

# The logger operators know the failures by, kept when the handlers moved here.
logger = logging.getLogger("placement.errors")


def _body(message: str, status_code: int, field: str | None = None) -> dict[str, object]:
    body: dict[str, object] = {"status_code": status_code, "detail": message}
    if field:
        body["field"] = field
    return body


def wants_page(request: Request[Any, Any, Any]) -> bool:
    """A browser asking for a page: outside /api, with text/html preferred to JSON (`*/*` alone gets JSON)."""
    path = request.url.path
    if path == "/api" or path.startswith("/api/"):
        return False
    return request.accept.best_match(["application/json", "text/html"]) == "text/html"


def error_page(
    request: Request[Any, Any, Any],
    status_code: int,
    *,
    headers: dict[str, str] | None = None,
    retry_after: int | None = None,
) -> Response:
    """The error page in the request's language; it says what happened by status code and never shows the cause."""
    context = {
        "status_code": status_code,
        "retry_minutes": math.ceil(retry_after / 60) if retry_after else None,
        "request_id": request.scope.get("state", {}).get("request_id") if status_code >= 500 else None,
    }
    response = page(request, "pages/error.html", context, status_code=status_code)
    for name, value in (headers or {}).items():
        response.set_header(name, value)
    return response


def service_error_handler(request: Request[Any, Any, Any], exc: ServiceError) -> Response:
    if isinstance(exc, Unauthenticated) and wants_page(request):
        # A page behind the login: go there, and come back afterwards (ids in paths are opaque, not personal data).
        login = request.app.route_reverse("auth:login")
        return Redirect(f"{login}?{urlencode({'next': request.url.path})}", status_code=HTTP_303_SEE_OTHER)
    retry_after = exc.retry_after if isinstance(exc, TooManyAttempts) else None
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    if wants_page(request):
        return error_page(request, exc.status_code, headers=headers, retry_after=retry_after)
    return Response(_body(exc.message, exc.status_code, exc.field), status_code=exc.status_code, headers=headers)


def validation_error_handler(request: Request[Any, Any, Any], exc: ValidationException) -> Response:
    if wants_page(request):
        return error_page(request, HTTP_400_BAD_REQUEST)
    # Litestar's msgspec messages already name the field ("Expected `int`, got `str` - at `$.rating`"); keep them.
    field = None
    extra = exc.extra if isinstance(exc.extra, list) else []
    messages = [str(item.get("message", "")) for item in extra if isinstance(item, dict)]
    keys = [str(item.get("key", "")) for item in extra if isinstance(item, dict) and item.get("key")]
    if keys:
        field = keys[0]
    detail = "; ".join(m for m in messages if m) or exc.detail or "Invalid request body"
    return Response(_body(detail, HTTP_400_BAD_REQUEST, field), status_code=HTTP_400_BAD_REQUEST)


def http_error_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response:
    status = exc.status_code
    detail = exc.detail if status < HTTP_500_INTERNAL_SERVER_ERROR else "Internal server error"
    if isinstance(exc, NotAuthorizedException):
        status, detail = HTTP_401_UNAUTHORIZED, exc.detail or "Log in first"
    if status >= HTTP_500_INTERNAL_SERVER_ERROR:
        _log_failure(request, exc)
    if wants_page(request):
        return error_page(request, status, headers=exc.headers)
    return Response(_body(detail, status), status_code=status, headers=exc.headers)


def unexpected_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response:
    """A bug: the operator gets the failure's types and frames in the log, the user a plain message and the request id."""
    _log_failure(request, exc)
    if wants_page(request):
        return error_page(request, HTTP_500_INTERNAL_SERVER_ERROR)
    return Response(
        _body("Internal server error", HTTP_500_INTERNAL_SERVER_ERROR), status_code=HTTP_500_INTERNAL_SERVER_ERROR
    )


def _log_failure(request: Request[Any, Any, Any], exc: Exception) -> None:
    # Litestar's own exception log is off (app.py). No exc_info: the message and the raw path may carry personal data,
    # so the record holds the route's template, the exception's types and its frames only.
    request_id = request.scope.get("state", {}).get("request_id", "-")
    route = request.scope.get("path_template") or "(no route)"
    logger.error("%s %s failed (request %s): %s", request.method, route, request_id, describe_exception(exc))


EXCEPTION_HANDLERS = {
    ServiceError: service_error_handler,
    ValidationException: validation_error_handler,
    HTTPException: http_error_handler,
    Exception: unexpected_error_handler,
}
