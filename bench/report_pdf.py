"""Benchmark: the progress report PDF through the service against WeasyPrint alone on the same HTML.

    .venv/bin/python bench/report_pdf.py [--runs 9] [--lang da|en]

Arranges a 13-week placement with five sub-goals, three observers (company contact, mentor, consultant) and four
assessments on a fresh SQLite database, then measures, for the jobcenter's version in the reader's language (the
`lang` cookie, as a browser sends it):
- the service's total for an uncached PDF (HTTP request, access check, audit, queries, assembly, template, render in
  the worker process), the cache emptied before each run;
- WeasyPrint alone rendering the very same final HTML in this process, tagged PDF/UA-1 as the service renders it,
  and untagged, to show what the tags cost;
- a cached fetch of the unchanged placement.
It prints the medians, the ratio service / WeasyPrint (aim: at most 1.15), the cached median (aim: under 10 ms) and
the size of the rendered HTML against the 52 KiB it had before issue 13 (aim: at most twice that).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from sqlalchemy import delete
from sqlalchemy.ext.asyncio import async_sessionmaker

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from goals.questions import default_bank
from goals.weeks import add_weeks, format_week
from placement.accounts.passwords import hash_password
from placement.app import create_app
from placement.config import Settings
from placement.db import migrate
from placement.db.models import (
    Assessment,
    AssessmentAnswer,
    CaseworkerAssessment,
    Citizen,
    Company,
    Horizon,
    Placement,
    PlacementMember,
    PlacementStatus,
    PlanWeek,
    ReportCache,
    Role,
    SubGoal,
    SubGoalRating,
    SubGoalStep,
    User,
    WeeklyLog,
)
from placement.progress.pdf import render_pdf
from placement.resources import resource_dir

PASSWORD = "benchmark-password"
HTML_BEFORE_KIB = (
    52  # this placement's HTML before issue 13 (counted in characters; here UTF-8 bytes, a stricter count)
)


async def arrange(app) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """A placement of 13 weeks, 5 sub-goals, 3 observers logging every week, 4 assessments; returns (id, email)."""
    today = dt.date.today()
    start = today - dt.timedelta(weeks=12)
    async with async_sessionmaker(app.state.engine, expire_on_commit=False)() as db:
        hashed = await hash_password(PASSWORD)
        users = {
            role: User(email=f"{role.value}@bench.invalid", name=f"Bench {role.value}", role=role, password_hash=hashed)
            for role in (Role.CONSULTANT, Role.COMPANY_CONTACT, Role.MENTOR, Role.CITIZEN)
        }
        db.add_all(users.values())
        company, citizen = (
            Company(name="Bench Lager A/S", cvr="10150817"),
            Citizen(name="Bench Borger", case_ref="B-1", target_group="aktivitetsparat"),
        )
        await db.flush()
        citizen.user_id = users[Role.CITIZEN].id
        db.add_all([company, citizen])
        await db.flush()
        placement = Placement(
            citizen_id=citizen.id,
            company_id=company.id,
            consultant_id=users[Role.CONSULTANT].id,
            purpose="Optrapning mod ordinære timer",
            start_date=start,
            planned_end_date=start + dt.timedelta(weeks=13, days=-1),
            status=PlacementStatus.ACTIVE,
        )
        first = format_week(start)
        placement.plan_weeks = [
            PlanWeek(week=add_weeks(first, n), placement_hours=10 + 2 * n, ordinary_hours_target=max(0, n - 5))
            for n in range(13)
        ]
        placement.subgoals = [
            SubGoal(
                factor="ABCDE"[i],
                title=f"Delmål {i + 1}",
                target="Et konkret, synligt mål",
                horizon=Horizon.SHORT,
                position=i,
                steps=[
                    SubGoalStep(
                        position=p,
                        text=f"Skridt {p + 1}",
                        reached_week=add_weeks(first, 3 * p + i) if p < 2 else None,
                        reached_by_role=Role.COMPANY_CONTACT if p < 2 else None,
                    )
                    for p in range(3)
                ],
            )
            for i in range(5)
        ]
        db.add(placement)
        await db.flush()
        for role in (Role.COMPANY_CONTACT, Role.MENTOR):
            db.add(PlacementMember(placement_id=placement.id, user_id=users[role].id, role=role))
        for n in range(13):
            for offset, role in enumerate((Role.COMPANY_CONTACT, Role.MENTOR, Role.CONSULTANT)):
                log = WeeklyLog(
                    placement_id=placement.id,
                    week=add_weeks(first, n),
                    author_id=users[role].id,
                    author_role=role,
                    placement_hours=10 + 2 * n,
                    ordinary_hours=max(0, n - 6),
                    absence_hours=1,
                    small_steps=f"Uge {n + 1}: et lille skridt",
                )
                log.ratings = [
                    SubGoalRating(subgoal_id=g.id, rating=min(5, 1 + (n + offset + i) // 3))
                    for i, g in enumerate(placement.subgoals)
                ]
                db.add(log)
        keys = [item.key for item in default_bank().items]
        for k in range(4):
            assessment = Assessment(
                placement_id=placement.id,
                assessed_on=start + dt.timedelta(weeks=3 * k + 1),
                recorded_by_id=users[Role.CITIZEN].id,
                recorded_by_role=Role.CITIZEN,
            )
            assessment.answers = [
                AssessmentAnswer(question_key=key, factor=key[0], value=min(5, 2 + (k + j) % 4))
                for j, key in enumerate(keys)
            ]
            db.add(assessment)
            db.add(
                CaseworkerAssessment(
                    placement_id=placement.id,
                    consultant_id=users[Role.CONSULTANT].id,
                    assessed_on=start + dt.timedelta(weeks=3 * k + 1),
                    score=2 + k // 2,
                    reason="Bench",
                )
            )
        await db.commit()
        return str(placement.id), users[Role.CONSULTANT].email


def _timed(runs: int, render: Callable[[], object]) -> list[float]:
    render()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        render()
        times.append(time.perf_counter() - began)
    return times


async def main(runs: int, lang: str) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-report-"))
    settings = Settings(database_url=f"sqlite+aiosqlite:///{folder / 'bench.db'}", data_dir=folder)
    await asyncio.to_thread(migrate.upgrade, settings)
    app = create_app(settings)
    captured: list[str] = []
    original = app.state.pdf_renderer.render

    async def capture(html: str) -> bytes:
        captured.append(html)
        return await original(html)

    app.state.pdf_renderer.render = capture
    async with app.lifespan():
        placement_id, email = await arrange(app)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench.local") as client:
            await client.get("/health")
            client.headers["x-csrftoken"] = client.cookies.get("csrftoken") or ""
            client.cookies.set("lang", lang)
            assert (
                await client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
            ).status_code == 200
            url = f"/api/placements/{placement_id}/report.pdf?audience=jobcenter"

            async def uncached() -> float:
                async with async_sessionmaker(app.state.engine)() as db, db.begin():
                    await db.execute(delete(ReportCache))
                began = time.perf_counter()
                response = await client.get(url)
                elapsed = time.perf_counter() - began
                assert response.status_code == 200 and response.content.startswith(b"%PDF"), response.status_code
                return elapsed

            await uncached()  # warms the worker process, fonts and templates
            service = [await uncached() for _ in range(runs)]
            html = captured[-1]
            assets = str(resource_dir("templates") / "reports")
            alone = _timed(runs, lambda: render_pdf(html, assets))
            untagged = _timed(runs, lambda: render_pdf(html, assets, variant=None))
            cached = []
            for _ in range(max(runs, 20)):
                began = time.perf_counter()
                response = await client.get(url)
                cached.append(time.perf_counter() - began)
                assert response.status_code == 200
    service_ms, alone_ms = statistics.median(service) * 1000, statistics.median(alone) * 1000
    untagged_ms, cached_ms = statistics.median(untagged) * 1000, statistics.median(cached) * 1000
    html_kib = len(html.encode()) / 1024
    print(f"report: 13 weeks, 5 sub-goals, 3 observers, 4 assessments; jobcenter version, lang {lang}; {runs} runs")
    print(
        f"rendered HTML                  {html_kib:8.1f} KiB  {html_kib / HTML_BEFORE_KIB:5.2f} x {HTML_BEFORE_KIB} KiB   (aim <= 2)"
    )
    print(f"service, uncached PDF   median {service_ms:8.1f} ms")
    print(f"WeasyPrint alone, PDF/UA-1     {alone_ms:8.1f} ms")
    print(f"WeasyPrint alone, untagged     {untagged_ms:8.1f} ms   (the tags cost {alone_ms / untagged_ms - 1:+.0%})")
    print(f"ratio service/WeasyPrint        {service_ms / alone_ms:8.2f}   (aim <= 1.15)")
    print(f"cached fetch            median {cached_ms:8.1f} ms   (aim < 10 ms)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--lang", choices=("da", "en"), default="da", help="the reader's language (the lang cookie)")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.runs, arguments.lang))
