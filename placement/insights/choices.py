"""What the insights form offers to choose from, within the reader's reach; and the filters of an answer in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from goals.target_groups import TargetGroups
from placement.access.scopes import placement_ids_in_reach
from placement.auth.identity import Actor
from placement.db.models import Company, Placement, Role
from placement.insights.words import FILTER_NAMES, GROUP_BY_NAMES, Gettext
from placement.web.groups import group_name

FILTER_FIELDS = ("target_group", "company_id", "purpose")


async def company_choices(db: AsyncSession, actor: Actor) -> list[tuple[str, str]]:
    """(id, name) of the companies the reader may filter by: every company for the leader (companies are no personal
    data), the caseload's for a consultant, none for a company contact, whose figures are their own company's."""
    if actor.role is Role.LEADER:
        query = select(Company.id, Company.name)
    elif actor.role is Role.CONSULTANT:
        mine = select(Placement.company_id).where(Placement.id.in_(placement_ids_in_reach(actor)))
        query = select(Company.id, Company.name).where(Company.id.in_(mine))
    else:
        return []
    return [(str(company_id), name) for company_id, name in await db.execute(query.order_by(Company.name))]


def group_choices(gettext: Gettext) -> list[tuple[str, str]]:
    return [(value, gettext(name)) for value, name in GROUP_BY_NAMES.items()]


def filter_words(
    params: Mapping[str, str],
    companies: list[tuple[str, str]],
    gettext: Gettext,
    groups: TargetGroups | None = None,
    lang: str = "da",
) -> list[tuple[str, str]]:
    """The filters asked for, as a reader names them: a company by its name, a target group by its name in `lang`."""
    names = dict(companies)
    found = []
    for key in FILTER_FIELDS:
        value = params.get(key, "").strip()
        if not value:
            continue
        if key == "company_id":
            value = names.get(value, value)
        elif key == "target_group" and groups is not None:
            value = group_name(groups, value, lang, gettext)
        found.append((gettext(FILTER_NAMES[key]), value))
    return found


def group_filter_choices(groups: TargetGroups, lang: str, chosen: str, gettext: Gettext) -> list[tuple[str, str]]:
    """(key, name) of the target groups to filter by; a value asked for that is not on the list is offered too."""
    offered = groups.choices(lang)
    if chosen and chosen not in groups:
        offered.append((chosen, group_name(groups, chosen, lang, gettext)))
    return offered


def this_month(today: dt.date) -> str:
    return f"{today.year:04d}-{today.month:02d}"
