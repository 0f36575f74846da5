"""The PDF cache in the database: a key that changes whenever anything the report shows changes, and its renders."""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from placement import i18n
from placement.access.policy import Audience
from placement.access.scopes import PlacementAccess
from placement.db.models import (
    Assessment,
    CaseworkerAssessment,
    Outcome,
    PlacementDecision,
    ReportCache,
    SelfRating,
    SubGoal,
    SubGoalStep,
    WeeklyLog,
)
from placement.progress import charts, report_view
from placement.resources import resource_dir

KEEP_PER_AUDIENCE = 3


@cache
def template_version() -> str:
    """Changes whenever the report's templates or charts change, so that old cached PDFs are not served."""
    digest = hashlib.sha256(Path(charts.__file__).read_bytes())
    digest.update(Path(report_view.__file__).read_bytes())
    digest.update((i18n.CATALOGUE_DIR / "en" / "LC_MESSAGES" / "messages.po").read_bytes())
    for path in sorted((resource_dir("templates") / "reports").glob("*")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


async def cache_key(
    db: AsyncSession, access: PlacementAccess, audience: Audience, viewer_id: Any, *, today: dt.date, lang: str = "da"
) -> str:
    """A key that changes whenever anything the report shows changes, read in one query, without building the report.

    It covers the placement row (its version moves on every edit), every table the report reads (newest change and
    row count, so deletions count too), the consent that decides B for the company, the reader (a consultant sees
    their own internal entries), the reader's language, the day (weeks used and the hours table depend on it) and the
    template version (with the catalogue of its words).
    """
    pid = access.placement.id
    parts: list[Any] = [
        template_version(),
        audience.value,
        lang,
        str(viewer_id),
        today.isoformat(),
        access.health_consent,
        access.placement.version,
        access.placement.updated_at,
    ]
    statement = select(
        select(func.max(WeeklyLog.updated_at)).where(WeeklyLog.placement_id == pid).scalar_subquery(),
        select(func.count()).select_from(WeeklyLog).where(WeeklyLog.placement_id == pid).scalar_subquery(),
        select(func.max(SubGoal.updated_at)).where(SubGoal.placement_id == pid).scalar_subquery(),
        select(func.count())
        .select_from(SubGoalStep)
        .join(SubGoal)
        .where(SubGoal.placement_id == pid, SubGoalStep.reached_week.is_not(None))
        .scalar_subquery(),
        select(func.max(Assessment.created_at)).where(Assessment.placement_id == pid).scalar_subquery(),
        select(func.count()).select_from(Assessment).where(Assessment.placement_id == pid).scalar_subquery(),
        select(func.max(CaseworkerAssessment.created_at))
        .where(CaseworkerAssessment.placement_id == pid)
        .scalar_subquery(),
        select(func.count())
        .select_from(PlacementDecision)
        .where(PlacementDecision.placement_id == pid)
        .scalar_subquery(),
        select(func.count()).select_from(SubGoal).where(SubGoal.placement_id == pid).scalar_subquery(),
        select(func.max(Outcome.updated_at)).where(Outcome.placement_id == pid).scalar_subquery(),
        select(func.count()).select_from(Outcome).where(Outcome.placement_id == pid).scalar_subquery(),
        # The citizen's own weekly rating: its own line in the charts and its gaps with the observers.
        select(func.max(SelfRating.updated_at)).where(SelfRating.placement_id == pid).scalar_subquery(),
        select(func.count()).select_from(SelfRating).where(SelfRating.placement_id == pid).scalar_subquery(),
    )
    parts.extend((await db.execute(statement)).one())
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


async def cached_pdf(db: AsyncSession, key: str) -> bytes | None:
    return await db.scalar(select(ReportCache.pdf).where(ReportCache.cache_key == key))


async def store_pdf(db: AsyncSession, *, key: str, placement_id: Any, audience: Audience, pdf: bytes) -> None:
    """Keep the newest few renders per placement and audience; older data has no use once the data moved on."""
    keep = (
        select(ReportCache.id)
        .where(ReportCache.placement_id == placement_id, ReportCache.audience == audience.value)
        .order_by(ReportCache.created_at.desc())
        .limit(KEEP_PER_AUDIENCE - 1)
    )
    await db.execute(
        delete(ReportCache).where(
            ReportCache.placement_id == placement_id,
            ReportCache.audience == audience.value,
            ReportCache.id.not_in(keep),
        )
    )
    db.add(ReportCache(cache_key=key, placement_id=placement_id, audience=audience.value, pdf=pdf))
    await db.flush()
