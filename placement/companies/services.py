"""Creating, finding and editing companies."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from goals.identifiers import cvr_problem
from placement.access.policy import Actor, Permission, require
from placement.access.scopes import parse_id
from placement.db.models import Company
from placement.errors import Conflict, InvalidInput, NotFound


def _name(name: str) -> str:
    clean = name.strip()
    if not clean or len(clean) > 200:
        raise InvalidInput("name must be 1 to 200 characters", field="name")
    return clean


def _cvr(cvr: str) -> str:
    clean = cvr.replace(" ", "")
    if problem := cvr_problem(clean):
        raise InvalidInput(problem, field="cvr")
    return clean


async def create_company(db: AsyncSession, actor: Actor, *, name: str, cvr: str) -> Company:
    require(actor, Permission.MANAGE_COMPANIES)
    number = _cvr(cvr)
    if await db.scalar(select(Company.id).where(Company.cvr == number)) is not None:
        raise Conflict("a company with this CVR number exists", field="cvr")
    company = Company(name=_name(name), cvr=number)
    db.add(company)
    await db.flush()
    return company


async def list_companies(db: AsyncSession, actor: Actor, query: str = "", limit: int = 100) -> list[Company]:
    """Companies are not personal data: every consultant sees the jobcenter's list."""
    require(actor, Permission.MANAGE_COMPANIES)
    statement = select(Company).order_by(Company.name).limit(limit)
    if query.strip():
        pattern = f"%{query.strip()}%"
        statement = statement.where(or_(Company.name.ilike(pattern), Company.cvr.like(pattern)))
    return list(await db.scalars(statement))


async def get_company(db: AsyncSession, actor: Actor, company_id: str) -> Company:
    require(actor, Permission.MANAGE_COMPANIES)
    company = await db.get(Company, parse_id(company_id))
    if company is None:
        raise NotFound()
    return company


async def update_company(db: AsyncSession, actor: Actor, company_id: str, *, version: int, name: str | None,
                         cvr: str | None) -> Company:
    company = await get_company(db, actor, company_id)
    if company.version != version:
        raise Conflict(f"the company was changed by someone else (now version {company.version}); reload and retry",
                       field="If-Match")
    if name is not None:
        company.name = _name(name)
    if cvr is not None and _cvr(cvr) != company.cvr:
        if await db.scalar(select(Company.id).where(Company.cvr == _cvr(cvr))) is not None:
            raise Conflict("a company with this CVR number exists", field="cvr")
        company.cvr = _cvr(cvr)
    await db.flush()
    return company
