"""Typed errors of the service: each kind has one status code (placement.web.handlers maps them to responses)."""

from __future__ import annotations

from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_429_TOO_MANY_REQUESTS,
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
    """A role that may never do this kind of thing (never used for a foreign object: that is NotFound).

    What was refused, on which object where known, goes to the audit trail as a denied row (placement.audit.services.record_forbidden).
    """

    status_code = HTTP_403_FORBIDDEN

    def __init__(self, message: str, *, action: str = "", object_type: str = "", object_id: object = None) -> None:
        super().__init__(message)
        self.action = action
        self.object_type = object_type
        self.object_id = object_id


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
