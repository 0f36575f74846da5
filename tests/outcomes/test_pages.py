"""The outcome pages: the placement page's section, the form of one checkpoint, the overview's follow-ups, the PDF."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from sqlalchemy import select, update

from placement.clock import Clock
from placement.db.models import Citizen, Outcome, OutcomeCheckpoint, OutcomeStatus

HTML = {"accept": "text/html"}
# Today is 10 July 2026; the arranged placement ran 5 January to 5 April: end and 3 months are due, 6 months not yet.
START = dt.date(2026, 1, 5)


@pytest.fixture
def clock() -> Clock:
    return Clock.fixed(dt.datetime(2026, 7, 10, 10, 0, tzinfo=dt.UTC))


async def _record(db, arranged, checkpoint: str, status: str, hours: float | None = None) -> None:
    db.add(
        Outcome(
            placement_id=arranged.placement_id,
            checkpoint=OutcomeCheckpoint(checkpoint),
            status=OutcomeStatus(status),
            observed_on=dt.date(2026, 4, 5),
            ordinary_hours_per_week=hours,
            note="Ansat i bageriet",
            recorded_by_id=arranged.consultant_id,
        )
    )
    await db.commit()


async def test_the_placement_page_shows_each_checkpoint_in_words(
    client, db, make_placement, login_as, read_page
) -> None:
    arranged = await make_placement(start=START)
    await _record(db, arranged, "end", "ordinary_job", 15)
    async with login_as(arranged.consultant_id) as consultant:
        page = read_page((await consultant.get(f"/forloeb/{arranged.placement_id}", headers=HTML)).text)
    section = page.one("section", id="resultat")
    assert section.one("h2").text == "Resultat efter forløbet"
    rows = [row.text for row in section.one("tbody").all("tr")]
    assert rows[0].startswith("Ved afslutningen") and "Ordinært job , 15 timer om ugen" in rows[0]
    assert "Ansat i bageriet" in rows[0] and "Ret" in rows[0]
    assert rows[1].startswith("Efter 3 måneder") and "Mangler – opfølgningen er nået." in rows[1]
    assert rows[2].startswith("Efter 6 måneder") and "Kan registreres fra 21. september 2026." in rows[2]
    links = [a.attrs["href"] for a in section.all("a")]
    base = f"/forloeb/{arranged.placement_id}/resultat"
    assert links == [f"{base}/end", f"{base}/3m"]


async def test_the_form_records_an_outcome_and_goes_back_to_the_placement(
    client, db, make_placement, login_as, read_page
) -> None:
    arranged = await make_placement(start=START)
    url = f"/forloeb/{arranged.placement_id}/resultat/3m"
    async with login_as(arranged.consultant_id) as consultant:
        form = read_page((await consultant.get(url, headers=HTML)).text)
        assert form.one("h1").text.startswith("Resultat efter forløbet: efter 3 måneder")
        assert form.one("input", name="version").attrs["value"] == "0"
        done = await consultant.post(
            url,
            headers=HTML,
            follow_redirects=False,
            data={
                "status": "flex_job",
                "ordinary_hours_per_week": "12,5",
                "date": "2026-07-06",
                "note": "",
                "version": "0",
            },
        )
        assert done.status_code == 303
        assert done.headers["location"] == f"/forloeb/{arranged.placement_id}#resultat"
        again = read_page((await consultant.get(url, headers=HTML)).text)
    assert again.one("input", name="version").attrs["value"] == "1"
    assert again.one("input", name="ordinary_hours_per_week").attrs["value"] == "12,5"
    stored = await db.scalar(select(Outcome))
    assert stored is not None and (stored.checkpoint, stored.status, stored.ordinary_hours_per_week) == (
        OutcomeCheckpoint.THREE_MONTHS,
        OutcomeStatus.FLEX_JOB,
        12.5,
    )


async def test_a_refused_form_shows_every_problem_beside_its_field_and_keeps_what_was_typed(
    client, db, make_placement, login_as, read_page
) -> None:
    arranged = await make_placement(start=START)
    url = f"/forloeb/{arranged.placement_id}/resultat/end"
    async with login_as(arranged.consultant_id) as consultant:
        refused = await consultant.post(
            url,
            headers=HTML,
            data={
                "status": "ordinary_job",
                "ordinary_hours_per_week": "",
                "date": "2026-08-01",
                "note": "Ring igen",
                "version": "0",
            },
        )
    assert refused.status_code == 422
    page = read_page(refused.text)
    assert "Ikke gemt. Ret de 2 ting herunder" in page.one("div", id="problems").text
    assert page.one("p", id="date-error").text == "Datoen må ikke ligge i fremtiden."
    assert page.one("p", id="ordinary_hours_per_week-error").text.startswith("Skriv, hvor mange timer om ugen")
    assert page.one("input", name="date").attrs["value"] == "2026-08-01"
    assert page.one("input", name="status", value="ordinary_job").attrs.get("checked") is not None
    assert page.one("textarea", name="note").text == "Ring igen"
    assert await db.scalar(select(Outcome)) is None


async def test_a_stale_form_is_refused_and_keeps_the_consultants_text(
    client, db, make_placement, login_as, read_page
) -> None:
    arranged = await make_placement(start=START)
    await _record(db, arranged, "end", "unknown")
    async with login_as(arranged.consultant_id) as consultant:
        refused = await consultant.post(
            f"/forloeb/{arranged.placement_id}/resultat/end",
            headers=HTML,
            data={"status": "education", "date": "2026-04-05", "note": "Startet på HF", "version": "0"},
        )
    assert refused.status_code == 409
    page = read_page(refused.text)
    assert "En anden har ændret oplysningerne" in page.one("div", id="problems").text
    assert page.one("textarea", name="note").text == "Startet på HF"
    assert page.one("input", name="version").attrs["value"] == "1"


async def test_the_form_is_the_consultants_alone_and_knows_only_three_checkpoints(
    client, make_placement, login_as
) -> None:
    arranged, foreign = await make_placement(start=START), await make_placement(start=START)
    async with login_as(arranged.consultant_id) as consultant:
        assert (await consultant.get(f"/forloeb/{arranged.placement_id}/resultat/1y", headers=HTML)).status_code == 404
        assert (await consultant.get(f"/forloeb/{foreign.placement_id}/resultat/end", headers=HTML)).status_code == 404
    async with login_as(arranged.mentor_id) as mentor:
        assert (await mentor.get(f"/forloeb/{arranged.placement_id}/resultat/end", headers=HTML)).status_code == 403


async def test_the_overview_lists_the_follow_ups_that_are_due(client, db, make_placement, login_as, read_page) -> None:
    ended = await make_placement(start=START)
    await _record(db, ended, "end", "none")
    running = await make_placement(consultant_id=ended.consultant_id, start=dt.date(2026, 6, 1))
    async with login_as(ended.consultant_id) as consultant:
        page = read_page((await consultant.get("/oversigt", headers=HTML)).text)
    section = page.one("section", class_="follow-ups")
    items = section.all("li")
    assert len(items) == 1 and items[0].text.startswith("Borger ")
    assert "efter 3 måneder" in items[0].text and "siden 5. juli 2026" in items[0].text
    assert items[0].one("a").attrs["href"] == f"/forloeb/{ended.placement_id}/resultat/3m"
    assert str(running.placement_id) not in section.text


async def test_the_follow_ups_take_as_many_queries_for_2_ended_placements_as_for_12(
    app, client, make_placement, login_as
) -> None:
    from sqlalchemy import event

    first = await make_placement(start=START)
    await make_placement(consultant_id=first.consultant_id, start=START)
    statements: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
        statements.append(statement)

    async with login_as(first.consultant_id) as consultant:
        event.listen(app.state.engine.sync_engine, "before_cursor_execute", count)
        try:
            small_page = await consultant.get("/oversigt", headers=HTML)
            small = len(statements)
            for _ in range(10):
                await make_placement(consultant_id=first.consultant_id, start=START)
            statements.clear()
            large_page = await consultant.get("/oversigt", headers=HTML)
            large = len(statements)
        finally:
            event.remove(app.state.engine.sync_engine, "before_cursor_execute", count)
    assert small_page.text.count("/resultat/end") == 2 and large_page.text.count("/resultat/end") == 12
    assert small == large


def _pdf_text(pdf: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; scripts/setup installs it")
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


async def test_the_jobcenters_report_shows_the_outcomes_and_the_others_do_not(
    client, db, make_placement, login_as
) -> None:
    arranged = await make_placement(start=START)
    await _record(db, arranged, "end", "ordinary_job", 15)
    url = f"/api/placements/{arranged.placement_id}/report.pdf"
    async with login_as(arranged.consultant_id) as consultant:
        texts = {
            audience: _pdf_text((await consultant.get(url, params={"audience": audience})).content)
            for audience in ("jobcenter", "company", "citizen")
        }
    assert "Resultat efter forløbet" in texts["jobcenter"]
    assert "Ved afslutningen: Ordinært job, 15 timer om ugen" in " ".join(texts["jobcenter"].split())
    for audience in ("company", "citizen"):
        assert "Resultat efter forløbet" not in texts[audience] and "Ansat i bageriet" not in texts[audience]


async def test_the_overview_filtered_by_target_group_lists_only_that_groups_follow_ups(
    client, db, make_placement, login_as, read_page
) -> None:
    active_ready = await make_placement(start=START)
    job_ready = await make_placement(consultant_id=active_ready.consultant_id, start=START)
    await db.execute(update(Citizen).where(Citizen.id == job_ready.citizen_id).values(target_group="jobparat"))
    await db.commit()
    async with login_as(active_ready.consultant_id) as consultant:
        everyone = read_page((await consultant.get("/oversigt", headers=HTML)).text)
        one_group = read_page(
            (await consultant.get("/oversigt", params={"target_group": "jobparat"}, headers=HTML)).text
        )
    assert _follow_up_ids(everyone) == {str(active_ready.placement_id), str(job_ready.placement_id)}
    assert _follow_up_ids(one_group) == {str(job_ready.placement_id)}


def _follow_up_ids(page) -> set[str]:  # type: ignore[no-untyped-def]
    return {a.attrs["href"].split("/")[2] for a in page.one("section", class_="follow-ups").all("a")}
