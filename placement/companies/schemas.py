"""Company bodies and the company form."""

from __future__ import annotations

import msgspec

from placement.db.models import Company


class CompanyIn(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    cvr: str


class CompanyPatch(msgspec.Struct, forbid_unknown_fields=True):
    name: str | None = None
    cvr: str | None = None


class CompanyOut(msgspec.Struct):
    id: str
    name: str
    cvr: str
    version: int


def company_out(company: Company) -> CompanyOut:
    return CompanyOut(id=str(company.id), name=company.name, cvr=company.cvr, version=company.version)


class CompanyForm(msgspec.Struct):
    name: str = ""
    cvr: str = ""
    version: str = ""
    seen_name: str = ""
    seen_cvr: str = ""


def form_of(company: Company) -> CompanyForm:
    """The edit form as the company stands, with what the editor starts from."""
    return CompanyForm(
        name=company.name, cvr=company.cvr, version=str(company.version), seen_name=company.name, seen_cvr=company.cvr
    )
