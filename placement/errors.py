"""Typed errors of the service and the one place that maps them to HTTP status codes and clear messages."""

from __future__ import annotations

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, ValidationException
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_429_TOO_MANY_REQUESTS,
    HTTP_500_INTERNAL_SERVER_ERROR,
)


class ServiceError(Exception):
    """Base of the errors that services raise; each kind has one status code."""

    status_code = HTTP_400_BAD_REQUEST

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(ServiceError):
    """A body or parameter that is malformed or out of range; `field` names it."""


class NotFound(ServiceError):
    """Missing, or outside the caller's reach: the two are indistinguishable on purpose."""

    status_code = HTTP_404_NOT_FOUND

    def __init__(self, message: str = "Not found") -> None:
        super().__init__(message)


class Unauthenticated(ServiceError):
    status_code = HTTP_401_UNAUTHORIZED


class Forbidden(ServiceError):
    """A role that may never do this kind of thing (never used for a foreign object: that is NotFound)."""

    status_code = HTTP_403_FORBIDDEN


class Conflict(ServiceError):
    """A stale version or a state that does not allow the change."""

    status_code = HTTP_409_CONFLICT


class RuleViolation(ServiceError):
    """A well-formed request that breaks a domain rule."""

    status_code = HTTP_422_UNPROCESSABLE_ENTITY


class TooManyAttempts(ServiceError):
    status_code = HTTP_429_TOO_MANY_REQUESTS

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _body(message: str, status_code: int, field: str | None = None) -> dict[str, object]:
    body: dict[str, object] = {"status_code": status_code, "detail": message}
    if field:
        body["field"] = field
    return body


def service_error_handler(_: Request, exc: ServiceError) -> Response:
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyAttempts) else None
    return Response(_body(exc.message, exc.status_code, exc.field), status_code=exc.status_code, headers=headers)


def validation_error_handler(_: Request, exc: ValidationException) -> Response:
    # Litestar's msgspec messages already name the field ("Expected `int`, got `str` - at `$.rating`"); keep them.
    field = None
    extra = exc.extra if isinstance(exc.extra, list) else []
    messages = [str(item.get("message", "")) for item in extra if isinstance(item, dict)]
    keys = [str(item.get("key", "")) for item in extra if isinstance(item, dict) and item.get("key")]
    if keys:
        field = keys[0]
    detail = "; ".join(m for m in messages if m) or exc.detail or "Invalid request body"
    return Response(_body(detail, HTTP_400_BAD_REQUEST, field), status_code=HTTP_400_BAD_REQUEST)


def http_error_handler(_: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    detail = exc.detail if status < HTTP_500_INTERNAL_SERVER_ERROR else "Internal server error"
    if isinstance(exc, NotAuthorizedException):
        status, detail = HTTP_401_UNAUTHORIZED, exc.detail or "Log in first"
    return Response(_body(detail, status), status_code=status, headers=exc.headers)


EXCEPTION_HANDLERS = {
    ServiceError: service_error_handler,
    ValidationException: validation_error_handler,
    HTTPException: http_error_handler,
}
