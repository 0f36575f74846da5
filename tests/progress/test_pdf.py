"""The shared PDF: one version per audience with the right fields, cached by its data, safe to render."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select

from goals.weeks import format_week
from placement.db.models import AuditEvent, Consent, ReportCache, Role, SubGoalRating, WeeklyLog
from placement.progress.pdf import OwnAssetsOnly, render_pdf
from placement.progress.rendering import PdfRenderer, RenderFailed
from placement.resources import resource_dir

ASSETS = resource_dir("templates") / "reports"


def _text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; scripts/setup installs it")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


async def test_each_audience_gets_its_own_pdf_with_the_sub_goals_and_the_verdict(
    client, make_placement, add_history, login_as, tmp_path
) -> None:
    arranged = await make_placement()
    await add_history(arranged)
    async with login_as(arranged.consultant_id) as consultant:
        texts = {}
        for audience in ("citizen", "company", "jobcenter"):
            response = await consultant.get(
                f"/api/placements/{arranged.placement_id}/report.pdf", params={"audience": audience}
            )
            assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
            assert response.content.startswith(b"%PDF")
            texts[audience] = _text(response.content, tmp_path)
    for text in texts.values():
        assert "Delmål 1" in text and "Side 1 af" in text
    assert "Anbefaling" in texts["jobcenter"] and "Notat til sagen" in texts["jobcenter"]
    assert "Hvordan går det?" in texts["citizen"] and "Notat til sagen" not in texts["citizen"]
    company = texts["company"]
    assert "konsulentens vurdering" not in company and "Stabilt fremmøde" not in company
    assert "B Helbredsmestring" not in company


async def test_the_company_version_shows_b_only_with_the_citizens_consent(
    client, db, make_placement, add_history, login_as, tmp_path
) -> None:
    arranged = await make_placement()
    await add_history(arranged)
    db.add(
        Consent(
            placement_id=arranged.placement_id,
            kind="share_health_b",
            method="service",
            given_on=dt.date.today(),
            given_at=dt.datetime.now(dt.UTC),
            recorded_by_id=arranged.citizen_user_id,
        )
    )
    await db.commit()
    async with login_as(arranged.company_contact_id) as contact:
        response = await contact.get(
            f"/api/placements/{arranged.placement_id}/report.pdf", params={"audience": "company"}
        )
        # The factor table: B with its name and the score the citizen gave (2 of 5), Danish decimal comma.
        assert re.search(r"B Helbredsmestring\s+2,0 af 5", _text(response.content, tmp_path))


async def test_parties_get_only_their_own_version(client, make_placement, login_as) -> None:
    arranged = await make_placement()
    url = f"/api/placements/{arranged.placement_id}/report.pdf"
    async with login_as(arranged.company_contact_id) as contact:
        assert (await contact.get(url, params={"audience": "jobcenter"})).status_code == 404
        assert (await contact.get(url, params={"audience": "citizen"})).status_code == 404
        bad = await contact.get(url, params={"audience": "everyone"})
        assert bad.status_code == 400 and bad.json()["field"] == "audience"
    async with login_as(arranged.citizen_user_id) as citizen:
        assert (await citizen.get(url, params={"audience": "company"})).status_code == 404
        assert (await citizen.get(url, params={"audience": "citizen"})).status_code == 200


async def test_an_unchanged_placement_is_served_from_the_cache_and_new_data_renders_anew(
    app, client, db, make_placement, add_history, login_as, monkeypatch
) -> None:
    arranged = await make_placement()
    await add_history(arranged)
    renders = 0
    original = app.state.pdf_renderer.render

    async def counting(html: str) -> bytes:
        nonlocal renders
        renders += 1
        return await original(html)

    monkeypatch.setattr(app.state.pdf_renderer, "render", counting)
    url = f"/api/placements/{arranged.placement_id}/report.pdf"
    async with login_as(arranged.consultant_id) as consultant:
        first = await consultant.get(url)
        second = await consultant.get(url)
        assert renders == 1 and first.content == second.content
        log = WeeklyLog(
            placement_id=arranged.placement_id,
            week=format_week(dt.date.today()),
            author_id=arranged.consultant_id,
            author_role=Role.CONSULTANT,
            placement_hours=20,
            ordinary_hours=5,
            absence_hours=0,
        )
        log.ratings = [SubGoalRating(subgoal_id=arranged.subgoal_ids[1], rating=4)]
        db.add(log)
        await db.commit()
        await consultant.get(url)
        assert renders == 2
    assert await db.scalar(select(func.count()).select_from(ReportCache)) == 2


async def test_a_render_that_takes_too_long_gives_503_with_the_printable_html(
    app, client, make_placement, login_as, monkeypatch
) -> None:
    arranged = await make_placement()

    async def too_slow(html: str) -> bytes:
        raise RenderFailed("the PDF took longer than 0.01 seconds")

    monkeypatch.setattr(app.state.pdf_renderer, "render", too_slow)
    async with login_as(arranged.consultant_id) as consultant:
        response = await consultant.get(f"/api/placements/{arranged.placement_id}/report.pdf")
        assert response.status_code == 503 and response.headers["content-type"].startswith("text/html")
        assert "Delmål 1" in response.text
        assert (await consultant.get("/api/me")).status_code == 200


async def test_the_renderer_kills_a_render_past_its_time_limit_and_keeps_working() -> None:
    renderer = PdfRenderer(workers=1, timeout=0.05, assets=ASSETS)
    big = "<p>" + "lang tekst " * 200_000 + "</p>"
    with pytest.raises(RenderFailed):
        await renderer.render(big)
    renderer.timeout = 60
    assert (await renderer.render("<p>kort</p>")).startswith(b"%PDF")


def test_the_resource_fetcher_refuses_the_network_and_files_outside_the_report_assets(tmp_path) -> None:
    fetcher = OwnAssetsOnly(ASSETS)
    for url in (
        "http://example.com/x.png",
        "https://example.com/x.css",
        "file:///etc/passwd",
        f"file://{ASSETS}/../../pyproject.toml",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch((ASSETS / "report.css").as_uri()) is not None
    pdf = render_pdf('<img src="http://example.com/x.png"><img src="file:///etc/passwd"><p>ok</p>', str(ASSETS))
    assert pdf.startswith(b"%PDF")


async def test_the_progress_page_shows_the_recommendation_and_records_a_decision(
    client, make_placement, add_history, login_as
) -> None:
    arranged = await make_placement()
    await add_history(arranged)
    async with login_as(arranged.consultant_id) as consultant:
        page = await consultant.get(f"/forloeb/{arranged.placement_id}/fremskridt", headers={"accept": "text/html"})
        assert page.status_code == 200 and "Anbefaling" in page.text and "<svg" in page.text
        done = await consultant.post(
            f"/forloeb/{arranged.placement_id}/beslutning",
            data={"decision": "continue", "reason": "Timerne stiger", "verdict_shown": "continue"},
            follow_redirects=False,
        )
        assert done.status_code == 303
        again = await consultant.get(f"/forloeb/{arranged.placement_id}/fremskridt", headers={"accept": "text/html"})
        assert "Timerne stiger" in again.text


async def test_the_company_version_never_carries_the_consultants_internal_entries(
    client, db, make_placement, login_as, tmp_path
) -> None:
    arranged = await make_placement()
    log = WeeklyLog(
        placement_id=arranged.placement_id,
        week=format_week(dt.date.today()),
        author_id=arranged.consultant_id,
        author_role=Role.CONSULTANT,
        placement_hours=10,
        ordinary_hours=0,
        absence_hours=0,
        small_steps="INTERNT skridt",
        shared=False,
    )
    db.add(log)
    await db.commit()
    url = f"/api/placements/{arranged.placement_id}/report.pdf"
    async with login_as(arranged.consultant_id) as consultant:
        company = _text((await consultant.get(url, params={"audience": "company"})).content, tmp_path)
        jobcenter = _text((await consultant.get(url, params={"audience": "jobcenter"})).content, tmp_path)
    assert "INTERNT" not in company and "INTERNT" in jobcenter


async def test_the_weekly_log_can_be_written_while_a_pdf_renders(
    app, client, make_placement, login_as, monkeypatch
) -> None:
    # A render takes about a second; on SQLite an open transaction would hold every writer of the service that long.
    arranged = await make_placement()
    rendering, finish = asyncio.Event(), asyncio.Event()
    original = app.state.pdf_renderer.render

    async def slow(html: str) -> bytes:
        rendering.set()
        await finish.wait()
        return await original(html)

    monkeypatch.setattr(app.state.pdf_renderer, "render", slow)
    async with login_as(arranged.consultant_id) as consultant, login_as(arranged.company_contact_id) as contact:
        report = asyncio.create_task(consultant.get(f"/api/placements/{arranged.placement_id}/report.pdf"))
        try:
            await rendering.wait()
            async with asyncio.timeout(5):
                written = await contact.put(
                    f"/api/placements/{arranged.placement_id}/log/{format_week(dt.date.today())}",
                    json={
                        "placement_hours": 12,
                        "ordinary_hours": 0,
                        "ratings": [{"subgoal_id": str(arranged.subgoal_ids[0]), "rating": 3}],
                    },
                )
            assert written.status_code == 201
        finally:
            finish.set()
        assert (await report).status_code == 200


async def test_a_pdf_that_could_not_be_rendered_is_still_in_the_audit_trail(
    app, client, db, make_placement, login_as, monkeypatch
) -> None:
    arranged = await make_placement()

    async def failing(html: str) -> bytes:
        raise RenderFailed("the PDF took longer than 0.01 seconds")

    monkeypatch.setattr(app.state.pdf_renderer, "render", failing)
    async with login_as(arranged.consultant_id) as consultant:
        assert (await consultant.get(f"/api/placements/{arranged.placement_id}/report.pdf")).status_code == 503
    rows = await db.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.citizen_id == arranged.citizen_id, AuditEvent.action == "pdf")
    )
    assert rows == 1
