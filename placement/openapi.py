"""The OpenAPI document as the API answers: each operation declares the error bodies and empty answers it gives."""

from __future__ import annotations

import msgspec
from litestar import Litestar
from litestar.constants import RESERVED_KWARGS
from litestar.handlers import HTTPRouteHandler
from litestar.openapi.datastructures import ResponseSpec
from litestar.routes import HTTPRoute
from litestar.status_codes import HTTP_204_NO_CONTENT


class ErrorOut(msgspec.Struct):
    """The one error body of placement.errors; `field` names the input at fault when there is one."""

    status_code: int
    detail: str
    field: str | msgspec.UnsetType = msgspec.UNSET


# The conventions of the API contract (shared/design/api.md, "Errors"), each with the cause that applies here.
MEANINGS = {
    400: "A malformed or invalid request; `field` names the input at fault",
    401: "No session, or wrong credentials",
    403: "A role that may never do this, or an unsafe request without the CSRF token",
    404: "Outside the caller's reach, exactly as an id that does not exist",
    409: "A stale version (If-Match) or a state that does not allow the change",
    422: "A valid request that breaks a domain rule",
    428: "An edit without the version it started from in If-Match",
    410: "A link that has expired",
    413: "A body larger than any request of this API needs",
    429: "Too many failed attempts; Retry-After says when to try again",
}
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def error_codes(route: HTTPRoute, handler: HTTPRouteHandler) -> set[int]:
    """The error statuses an operation can answer with, from what it takes and who may call it."""
    parameters = set(handler.parsed_fn_signature.parameters)
    body = "data" in parameters
    inputs = (
        body or bool(route.path_parameters) or bool(parameters - set(handler.resolve_dependencies()) - RESERVED_KWARGS)
    )
    public = bool(handler.opt.get("public"))
    unsafe = not handler.http_methods <= SAFE_METHODS
    codes = set()
    if inputs:
        codes.add(400)
    if body:
        codes.add(413)
    if not public or body:  # a public body carries credentials or a token
        codes.add(401)
    if not public or unsafe:  # roles, and the CSRF check on every unsafe method
        codes.add(403)
    if route.path_parameters or (body and not public):  # ids in the path or the body
        codes.add(404)
    if unsafe and not public:
        codes |= {409, 422}
    if "PATCH" in handler.http_methods:
        codes.add(428)
    if public and body:  # the ways in (login, invitations, password reset) count failed attempts
        codes.add(429)
    return codes


def errors(*codes: int) -> dict[int, ResponseSpec]:
    """`responses=errors(409, 410)` on a handler: the error answers its own rules add to those of `error_codes`."""
    return {code: ResponseSpec(ErrorOut, description=MEANINGS[code], generate_examples=False) for code in codes}


def declare_responses(app: Litestar) -> None:
    """Adds the error answers to every operation in the document; a handler's own `responses` come first."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            if not handler.resolve_include_in_schema():
                continue
            declared = errors(*sorted(error_codes(route, handler)))
            if handler.status_code == HTTP_204_NO_CONTENT:
                # Litestar would describe a JSON `null`; a 204 has no body and so no content type.
                declared[HTTP_204_NO_CONTENT] = ResponseSpec(None, description="Done; nothing follows")
            handler.responses = {**declared, **(handler.responses or {})}
