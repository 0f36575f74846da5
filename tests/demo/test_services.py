"""`placement demo` fills an empty database with a marked demo jobcenter, and refuses a second run."""

from __future__ import annotations

import asyncio
import datetime as dt

from click.testing import CliRunner
from sqlalchemy import distinct, func, select

from placement.cli import main
from placement.config import Settings
from placement.db.engine import create_engine
from placement.db.models import Assessment, Citizen, Placement, User, WeeklyLog


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
            }
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
    assert counts["most_weeks"] == 13
    assert all(name.startswith("Demo:") for name in counts["names"])  # type: ignore[attr-defined]
    assert all(email.endswith("@demo.invalid") for email in counts["emails"])  # type: ignore[attr-defined]
    assert counts["latest_assessment"] <= dt.date.today()  # type: ignore[operator]
    again = CliRunner().invoke(main, ["demo"])
    assert again.exit_code != 0 and "not empty" in again.output
