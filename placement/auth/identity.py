"""The person behind a request as the rest of the service sees them: the signed-in user and the client address."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from litestar import Request

from placement.db.models import Role


@dataclass(frozen=True, slots=True)
class CurrentUser:
    id: uuid.UUID
    email: str
    name: str
    role: Role


def client_address(request: Request[Any, Any, Any]) -> str:
    """The address the brute-force limit counts per client."""
    return request.client.host if request.client else "unknown"
