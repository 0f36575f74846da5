"""Typed errors of the service: each kind has one status code (placement.web.handlers maps them to responses)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_401_UNAUTHORIZED,
    HTTP_403_FORBIDDEN,
    HTTP_404_NOT_FOUND,
    HTTP_409_CONFLICT,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_429_TOO_MANY_REQUESTS,
)

T = TypeVar("T")


class ServiceError(Exception):
    """Base of the errors that services raise; each kind has one status code."""

    status_code = HTTP_400_BAD_REQUEST
    # What went wrong, as a stable word a page looks its text up by (placement.web.error_text); the message is the API's.
    default_code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code or self.default_code


class InvalidInput(ServiceError):
    """A body or parameter that is malformed or out of range; `field` names it."""


class Refused(InvalidInput):
    """Every problem of a request at once: the API names the first (as before), a page shows each beside its field."""

    def __init__(self, problems: Sequence[ServiceError]) -> None:
        first = problems[0]
        super().__init__(first.message, field=first.field, code=first.code)
        self.status_code = first.status_code
        self.problems = tuple(problems)


class Checks:
    """Collects the problems of a form's fields so that all are refused at once: `take` runs one check, `done` refuses."""

    def __init__(self) -> None:
        self.problems: list[ServiceError] = []

    def take(self, check: Callable[..., T], /, *args: Any, **kwargs: Any) -> T | None:
        """The check's result, or None with its problem (or problems) kept."""
        try:
            return check(*args, **kwargs)
        except (InvalidInput, Conflict, RuleViolation) as error:
            self.add(error)
            return None

    def passes(self, check: Callable[..., object], /, *args: Any, **kwargs: Any) -> bool:
        """Whether the check passed; its problems are kept when it did not."""
        before = len(self.problems)
        self.take(check, *args, **kwargs)
        return len(self.problems) == before

    async def run(self, step: Awaitable[T]) -> T | None:
        """A service's result, or None with its problems kept: a page adds them to those of its own fields."""
        try:
            return await step
        except (InvalidInput, Conflict, RuleViolation) as error:
            self.add(error)
            return None

    def add(self, error: ServiceError) -> None:
        self.problems.extend(getattr(error, "problems", (error,)))

    def done(self) -> None:
        """Refuse with every problem found so far, if any."""
        if self.problems:
            raise Refused(self.problems)


class NotFound(ServiceError):
    """Missing, or outside the caller's reach: the two are indistinguishable on purpose."""

    status_code = HTTP_404_NOT_FOUND
    default_code = "not_found"

    def __init__(self, message: str = "Not found") -> None:
        super().__init__(message)


class Unauthenticated(ServiceError):
    status_code = HTTP_401_UNAUTHORIZED
    default_code = "unauthenticated"


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
    default_code = "conflict"


class RuleViolation(ServiceError):
    """A well-formed request that breaks a domain rule."""

    status_code = HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "rule"


class TooManyAttempts(ServiceError):
    status_code = HTTP_429_TOO_MANY_REQUESTS
    default_code = "too_many"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
