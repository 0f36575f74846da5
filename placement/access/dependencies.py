"""The `actor` dependency: the signed-in person of a request, ready for services and the audit."""

from __future__ import annotations

from typing import Any

from litestar import Request

from placement.access.policy import Actor
from placement.errors import Unauthenticated


async def provide_actor(request: Request[Any, Any, Any]) -> Actor:
    user = request.scope.get("user")
    if user is None:
        raise Unauthenticated("log in first")
    return Actor(user_id=user.id, role=user.role, request_id=request.scope.get("state", {}).get("request_id", ""))
