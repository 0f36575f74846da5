"""Citizen bodies and the citizen form; no field takes a CPR number."""

from __future__ import annotations

import msgspec

from placement.db.models import Citizen


class CitizenIn(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    case_ref: str
    target_group: str


class CitizenPatch(msgspec.Struct, forbid_unknown_fields=True):
    name: str | None = None
    case_ref: str | None = None
    target_group: str | None = None


class TargetGroupOut(msgspec.Struct):
    key: str
    name_da: str
    name_en: str


class CitizenOut(msgspec.Struct):
    id: str
    name: str
    case_ref: str
    target_group: str
    version: int


def citizen_out(citizen: Citizen) -> CitizenOut:
    return CitizenOut(
        id=str(citizen.id),
        name=citizen.name,
        case_ref=citizen.case_ref,
        target_group=citizen.target_group,
        version=citizen.version,
    )


class CitizenForm(msgspec.Struct):
    name: str = ""
    case_ref: str = ""
    target_group: str = ""
    version: str = ""
    seen_name: str = ""
    seen_case_ref: str = ""
    seen_target_group: str = ""

    def seen(self) -> dict[str, str]:
        return {"name": self.seen_name, "case_ref": self.seen_case_ref, "target_group": self.seen_target_group}


def form_of(citizen: Citizen) -> CitizenForm:
    """The edit form as the citizen's record stands, with what the editor starts from."""
    return CitizenForm(
        name=citizen.name,
        case_ref=citizen.case_ref,
        target_group=citizen.target_group,
        version=str(citizen.version),
        seen_name=citizen.name,
        seen_case_ref=citizen.case_ref,
        seen_target_group=citizen.target_group,
    )
