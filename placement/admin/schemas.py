"""Admin bodies and forms: staff accounts and caseload handover."""

from __future__ import annotations

import msgspec


class AccountOut(msgspec.Struct):
    id: str
    email: str
    name: str
    role: str
    is_active: bool
    caseload: int


class AccountIn(msgspec.Struct, forbid_unknown_fields=True):
    email: str
    name: str
    role: str
    password: str


class HandoverIn(msgspec.Struct, forbid_unknown_fields=True):
    from_consultant_id: str
    to_consultant_id: str
    placement_ids: list[str] | None = None


class HandoverOut(msgspec.Struct):
    moved: int


class AccountForm(msgspec.Struct):
    email: str = ""
    name: str = ""
    role: str = "consultant"
    password: str = ""


class HandoverForm(msgspec.Struct):
    from_consultant_id: str = ""
    to_consultant_id: str = ""
