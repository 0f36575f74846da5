"""Creating, finding and editing companies."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from goals.bounds import MAX_NAME_LENGTH
from goals.identifiers import cvr_problem
from placement.access.policy import Permission, require
from placement.auth.identity import Actor
from placement.concurrency import stale_check
from placement.db.models import Company
from placement.errors import Checks, Conflict, InvalidInput, NotFound
from placement.inputs import check_search, checked_text

CVR_TAKEN = "a company with this CVR number exists; search for it in the list"


def _name(name: str) -> str:
    return checked_text(name, "name", MAX_NAME_LENGTH)


def _cvr(cvr: str) -> str:
    clean = cvr.replace(" ", "")
    if problem := cvr_problem(clean):
        raise InvalidInput(problem, field="cvr")
    return clean


async def _cvr_taken(db: AsyncSession, cvr: str) -> bool:
    return await db.scalar(select(Company.id).where(Company.cvr == cvr)) is not None


async def create_company(db: AsyncSession, actor: Actor, *, name: str, cvr: str) -> Company:
    require(actor, Permission.MANAGE_COMPANIES)
    checks = Checks()
    number = checks.take(_cvr, cvr)
    clean_name = checks.take(_name, name)
    if number and await _cvr_taken(db, number):
        checks.add(Conflict(CVR_TAKEN, field="cvr"))
    checks.done()
    company = Company(name=clean_name or "", cvr=number or "")
    try:
        # A savepoint: two consultants adding the same company at once get a 409, not a failed request.
        async with db.begin_nested():
            db.add(company)
    except IntegrityError:
        raise Conflict(CVR_TAKEN, field="cvr") from None
    return company


async def list_companies(db: AsyncSession, actor: Actor, query: str = "", limit: int = 100) -> list[Company]:
    """Companies are not personal data: every consultant sees the jobcenter's list."""
    require(actor, Permission.MANAGE_COMPANIES)
    statement = select(Company).order_by(Company.name).limit(limit)
    check_search(query)
    if query.strip():
        pattern = f"%{query.strip()}%"
        statement = statement.where(or_(Company.name.ilike(pattern), Company.cvr.like(pattern)))
    return list(await db.scalars(statement))


async def get_company(db: AsyncSession, actor: Actor, company_id: uuid.UUID, *, for_update: bool = False) -> Company:
    require(actor, Permission.MANAGE_COMPANIES)
    query = select(Company).where(Company.id == company_id)
    company = await db.scalar(query.with_for_update() if for_update else query)
    if company is None:
        raise NotFound()
    return company


def company_values(company: Company) -> dict[str, str]:
    """The editable fields as a form shows them; an edit form sends them back as what the editor started from."""
    return {"name": company.name, "cvr": company.cvr}


async def update_company(
    db: AsyncSession,
    actor: Actor,
    company_id: uuid.UUID,
    *,
    version: int,
    name: str | None,
    cvr: str | None,
    seen: Mapping[str, str] | None = None,
) -> Company:
    # Locked, so that two editors of the same version cannot both pass the version check.
    company = await get_company(db, actor, company_id, for_update=True)
    sent = {key: value for key, value in (("name", name), ("cvr", cvr)) if value is not None}
    stale_check(
        "company", sent=version, current=company.version, stored=company_values(company), sent_values=sent, seen=seen
    )
    checks = Checks()
    clean_name = checks.take(_name, name) if name is not None else None
    number = checks.take(_cvr, cvr) if cvr is not None else None
    if number and number != company.cvr and await _cvr_taken(db, number):
        checks.add(Conflict(CVR_TAKEN, field="cvr"))
    checks.done()
    if clean_name is not None:
        company.name = clean_name
    if number is not None:
        company.cvr = number
    await db.flush()
    return company
