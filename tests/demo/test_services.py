"""`placement demo` fills an empty database with a marked demo jobcenter, and refuses a second run."""

from __future__ import annotations

import asyncio
import datetime as dt

from click.testing import CliRunner
from sqlalchemy import distinct, func, select

from goals.target_groups import default_target_groups
from placement.auth.identity import Actor
from placement.cli import main
from placement.config import Settings
from placement.db.engine import create_engine
from placement.db.models import (
    Assessment,
    CaseworkerAssessment,
    Citizen,
    Company,
    Outcome,
    Placement,
    PlacementStatus,
    Role,
    SubGoalRating,
    User,
    WeeklyLog,
)
from placement.outcomes.services import due_follow_ups


async def _counts(settings: Settings) -> dict[str, object]:
    engine = create_engine(settings, immediate=False)
    try:
        async with engine.connect() as connection:
            return {
                "statuses": set(await connection.scalars(select(Placement.status).distinct())),
                "roles": set(await connection.scalars(select(User.role).distinct())),
                "most_weeks": await connection.scalar(
                    select(func.count(distinct(WeeklyLog.week)))
                    .group_by(WeeklyLog.placement_id)
                    .order_by(func.count(distinct(WeeklyLog.week)).desc())
                    .limit(1)
                ),
                "names": list(await connection.scalars(select(Citizen.name))),
                "emails": list(await connection.scalars(select(User.email))),
                "latest_assessment": await connection.scalar(select(func.max(Assessment.assessed_on))),
                "groups": dict(
                    (
                        await connection.execute(
                            select(Citizen.target_group, func.count()).group_by(Citizen.target_group)
                        )
                    ).all()
                ),
                "ended_by_company": list(
                    await connection.scalars(
                        select(func.count())
                        .select_from(Placement)
                        .join(Company, Company.id == Placement.company_id)
                        .where(Placement.status == PlacementStatus.ENDED)
                        .group_by(Company.id)
                    )
                ),
                "checkpoints": set(await connection.scalars(select(Outcome.checkpoint).distinct())),
                "log_roles": set(
                    await connection.scalars(
                        select(WeeklyLog.author_role)
                        .join(Placement, Placement.id == WeeklyLog.placement_id)
                        .where(Placement.status == PlacementStatus.ENDED)
                        .distinct()
                    )
                ),
                "two_step_gaps": await connection.scalar(
                    select(func.count())
                    .select_from(SubGoalRating)
                    .join(WeeklyLog, WeeklyLog.id == SubGoalRating.log_id)
                    .join(
                        other := WeeklyLog.__table__.alias("other"),
                        (other.c.placement_id == WeeklyLog.placement_id)
                        & (other.c.week == WeeklyLog.week)
                        & (other.c.author_role != WeeklyLog.author_role),
                    )
                    .join(
                        rated := SubGoalRating.__table__.alias("rated"),
                        (rated.c.log_id == other.c.id) & (rated.c.subgoal_id == SubGoalRating.subgoal_id),
                    )
                    .where(func.abs(rated.c.rating - SubGoalRating.rating) >= 2)
                ),
                "f_ratings": await connection.scalar(select(func.count()).select_from(CaseworkerAssessment)),
            }
    finally:
        await engine.dispose()


async def _due(settings: Settings) -> int:
    """How many outcome follow-ups the demo's consultants have due today."""
    from sqlalchemy.ext.asyncio import AsyncSession

    engine = create_engine(settings, immediate=False)
    try:
        async with AsyncSession(engine) as db:
            consultants = list(await db.scalars(select(User.id).where(User.role == Role.CONSULTANT)))
            due = 0
            for user_id in consultants:
                actor = Actor(user_id=user_id, role=Role.CONSULTANT, request_id="test")
                due += len(await due_follow_ups(db, actor, today=dt.date.today()))
            await db.rollback()
            return due
    finally:
        await engine.dispose()


def test_the_demo_fills_an_empty_database_once(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PLACEMENT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("PLACEMENT_DATABASE_URL", raising=False)
    first = CliRunner().invoke(main, ["demo"])
    assert first.exit_code == 0, first.output
    assert "password:" in first.output and "karin@demo.invalid" in first.output
    counts = asyncio.run(_counts(Settings.from_env()))
    assert {s.value for s in counts["statuses"]} == {"planned", "active", "ended"}  # type: ignore[attr-defined]
    assert {r.value for r in counts["roles"]} == {
        "admin",
        "leader",
        "consultant",
        "company_contact",
        "mentor",
        "citizen",
    }  # type: ignore[attr-defined]
    # The longest finished placement ran 26 weeks, the running ones at most 13.
    assert counts["most_weeks"] == 26
    assert all(name.startswith("Demo:") for name in counts["names"])  # type: ignore[attr-defined]
    assert all(email.endswith("@demo.invalid") for email in counts["emails"])  # type: ignore[attr-defined]
    assert counts["latest_assessment"] <= dt.date.today()  # type: ignore[operator]
    # Finished placements for management information: groups of at least five, and one of four (shown suppressed).
    assert sorted(counts["groups"].values())[0] == 4 and sorted(counts["groups"].values())[1] >= 5  # type: ignore[attr-defined]
    assert len(counts["groups"]) >= 4  # type: ignore[arg-type]
    # Every demo citizen's group is a key of the default list, so the pages name it and the filters find it.
    assert set(counts["groups"]) <= set(default_target_groups().keys())  # type: ignore[arg-type]
    assert len(counts["ended_by_company"]) >= 4 and min(counts["ended_by_company"]) >= 5  # type: ignore[arg-type,type-var]
    assert {c.value for c in counts["checkpoints"]} == {"end", "3m", "6m"}  # type: ignore[attr-defined]
    assert {r.value for r in counts["log_roles"]} == {"company_contact", "mentor", "consultant"}  # type: ignore[attr-defined]
    assert counts["two_step_gaps"] > 0 and counts["f_ratings"] > 40  # type: ignore[operator]
    assert "leader           leder@demo.invalid" in first.output
    assert "kontakt.cafe@demo.invalid" in first.output
    assert asyncio.run(_due(Settings.from_env())), "the consultants' overview shows no outcome follow-up due"
    again = CliRunner().invoke(main, ["demo"])
    assert again.exit_code != 0 and "not empty" in again.output


async def _fingerprint(settings: Settings) -> list[tuple[object, ...]]:
    engine = create_engine(settings, immediate=False)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                select(Citizen.name, Citizen.target_group, Outcome.checkpoint, Outcome.status, Outcome.observed_on)
                .join(Placement, Placement.citizen_id == Citizen.id)
                .join(Outcome, Outcome.placement_id == Placement.id)
                .order_by(Citizen.name, Outcome.checkpoint)
            )
            return [tuple(row) for row in rows]
    finally:
        await engine.dispose()


def test_the_demo_is_the_same_every_time(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("PLACEMENT_DATABASE_URL", raising=False)
    prints = []
    for run in ("first", "second"):
        monkeypatch.setenv("PLACEMENT_DATA_DIR", str(tmp_path / run))
        assert CliRunner().invoke(main, ["demo"]).exit_code == 0
        prints.append(asyncio.run(_fingerprint(Settings.from_env())))
    assert prints[0] == prints[1] and len(prints[0]) > 40
