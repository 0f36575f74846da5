"""The signed-in person behind a request, as every layer sees them, and the client address."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from litestar import Request

from placement.db.columns import Role
from placement.errors import Unauthenticated


@dataclass(frozen=True, slots=True)
class Actor:
    """The one type for "who is asking": set on the request by the session middleware, given to services as `actor`.

    `request_id` ties the audit rows of one request together.
    """

    user_id: uuid.UUID
    role: Role
    name: str = ""
    email: str = ""
    request_id: str = ""


async def provide_actor(request: Request[Any, Any, Any]) -> Actor:
    """The `actor` dependency: the signed-in person, or 401 on a route that needs one."""
    actor: Actor | None = request.scope.get("user")
    if actor is None:
        raise Unauthenticated("log in first")
    return actor


def client_address(request: Request[Any, Any, Any]) -> str:
    """The address the brute-force limit counts per client."""
    return request.client.host if request.client else "unknown"
