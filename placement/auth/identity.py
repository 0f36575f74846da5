"""The signed-in person as the rest of the service sees them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from placement.db.models import Role


@dataclass(frozen=True, slots=True)
class CurrentUser:
    id: uuid.UUID
    email: str
    name: str
    role: Role
