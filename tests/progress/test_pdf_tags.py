"""The PDFs read by a screen reader: tagged PDF/UA, a title that names the version, the reader's language, headings in
order, every chart described in words, tables with header cells, lists as lists; and WeasyPrint logs no error.

Each version is fetched through the real service (worker process and all) and read with tests/progress/pdf_structure.py
the way assistive technology walks the structure tree. The rules are about the structure, not about today's headings:
each test lists every rule its version breaks, so one run tells the template's author all that is left.
"""

from __future__ import annotations

import itertools
import logging
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from placement.access.policy import Audience
from placement.i18n import Catalogues
from placement.progress.pdf import render_pdf
from placement.progress.report_view import AUDIENCES
from placement.resources import resource_dir
from tests.progress.pdf_structure import TaggedPdf, heading_level, read

ASSETS = resource_dir("templates") / "reports"
LIST_TAGS = re.compile(r"<(ul|ol|dl)\b", re.IGNORECASE)
MIN_ALT_WORDS = 12  # a chart's name and, in words, what it shows: "Mentor: fra 1 i uge 37 til 5 i uge 48."


def pdfinfo_problems(pdf: bytes, tmp_path: Path) -> list[str]:
    """What poppler's pdfinfo says against tagged PDF/UA-1: Tagged: yes, and pdfuaid:part 1 in the XMP metadata."""
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed; scripts/setup installs it")
    path = tmp_path / "tagged.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True, check=True).stdout
    problems = [] if re.search(r"^Tagged:\s+yes$", info, re.MULTILINE) else ["pdfinfo does not say Tagged: yes"]
    if 'pdfuaid:part="1"' not in meta:
        problems.append("the XMP metadata does not claim PDF/UA-1 (pdfuaid:part)")
    return problems


class _Kept(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def weasyprint_errors() -> Iterator[list[logging.LogRecord]]:
    """The errors WeasyPrint logs meanwhile (an image without alt, a missing lang, an unreachable resource …)."""
    kept = _Kept()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(kept)
    try:
        yield kept.records
    finally:
        logger.removeHandler(kept)


def rendered_without_errors(html: str) -> list[str]:
    """Renders `html` as the workers do, but in this process, where WeasyPrint's log can be read."""
    with weasyprint_errors() as errors:
        render_pdf(html, str(ASSETS))
    return [f"WeasyPrint logged: {record.getMessage()}" for record in errors]


def screen_reader_problems(tagged: TaggedPdf, *, html: str, names: str, lang: str) -> list[str]:
    """Every rule of PDF/UA that a reader of this document would miss, in words; none means it reads well."""
    problems = []
    if not tagged.marked or tagged.root is None:
        problems.append("not marked as tagged or without a structure tree")
    if not tagged.title or names.casefold() not in tagged.title.casefold():
        problems.append(f"the title {tagged.title!r} does not name the version {names!r}")
    if not tagged.displays_title:
        problems.append("the viewer is not told to show the title (DisplayDocTitle) instead of the file name")
    if tagged.lang != lang:
        problems.append(f"/Lang is {tagged.lang!r}, the reader's language is {lang!r}")

    headings = [(heading_level(e), e.text) for e in tagged.elements() if heading_level(e) is not None]
    if not headings or headings[0][0] != 1:
        problems.append(f"the first heading is not H1: {headings[:1]}")
    for (before, _), (level, text) in itertools.pairwise(headings):
        if level is not None and before is not None and level > before + 1:
            problems.append(f"heading H{level} {text!r} skips a level after H{before}")
    problems += [f"an empty H{level}" for level, text in headings if not text]

    for figure in tagged.tagged("Figure"):
        words = (figure.alt or "").split()
        if len(words) < MIN_ALT_WORDS:
            problems.append(
                f"a figure (printing {figure.text[:40]!r}) has the alternative text {figure.alt!r}, which does not say "
                f"in words what it shows (at least {MIN_ALT_WORDS} words; a decorative image must not be a figure)"
            )

    tables = tagged.tagged("Table")
    with_headers = [t for t in tables if any(cell.tag == "TH" for cell in t.walk())]
    if not with_headers:
        problems.append(f"no table with header cells (TH): {len(tables)} tables in all")
    for table in with_headers:
        cells = [cell for cell in table.walk() if cell.tag == "TD"]
        if unnamed := [cell.text for cell in cells if not cell.headers]:
            problems.append(f"data cells with no header to announce them: {unnamed[:3]}")

    lists = tagged.tagged("L")
    if len(lists) < len(LIST_TAGS.findall(html)):
        problems.append(f"{len(LIST_TAGS.findall(html))} lists in the HTML, {len(lists)} tagged as lists (L)")
    for one in lists:
        if strays := [child.tag for child in one.children if child.tag not in ("LI", "L", "Caption")]:
            problems.append(f"a list (L) holds {strays} besides its items (LI): {one.text[:60]!r}")
        for item in (child for child in one.children if child.tag == "LI"):
            if strays := [child.tag for child in item.children if child.tag not in ("Lbl", "LBody")]:
                problems.append(f"a list item (LI) holds {strays} besides Lbl and LBody: {item.text[:60]!r}")
    return problems


@pytest.mark.parametrize("language", ["da", "en"])
@pytest.mark.parametrize("audience", [a.value for a in Audience])
async def test_each_version_reads_well_with_a_screen_reader(
    app, client, make_placement, add_history, login_as, monkeypatch, tmp_path, audience, language
) -> None:
    arranged = await make_placement()
    await add_history(arranged)
    sent: list[str] = []
    original = app.state.pdf_renderer.render

    async def keeping(html: str) -> bytes:
        sent.append(html)
        return await original(html)

    monkeypatch.setattr(app.state.pdf_renderer, "render", keeping)
    async with login_as(arranged.consultant_id) as consultant:
        consultant.cookies.set("lang", language)
        response = await consultant.get(
            f"/api/placements/{arranged.placement_id}/report.pdf", params={"audience": audience}
        )
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    (html,) = sent
    version_name = Catalogues.load().get(language).gettext(AUDIENCES[audience])
    problems = pdfinfo_problems(response.content, tmp_path)
    problems += screen_reader_problems(read(response.content), html=html, names=version_name, lang=language)
    problems += rendered_without_errors(html)
    assert not problems, f"the {audience} version in {language!r}:\n- " + "\n- ".join(problems)


async def test_the_monthly_insights_report_reads_well_with_a_screen_reader(
    app, client, make_placement, make_user, login_as, monkeypatch, tmp_path
) -> None:
    for _ in range(6):
        await make_placement()
    sent: list[str] = []
    original = app.state.pdf_renderer.render

    async def keeping(html: str) -> bytes:
        sent.append(html)
        return await original(html)

    monkeypatch.setattr(app.state.pdf_renderer, "render", keeping)
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        response = await person.get("/api/insights/report.pdf", params={"group_by": "company"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    (html,) = sent
    problems = pdfinfo_problems(response.content, tmp_path)
    problems += screen_reader_problems(read(response.content), html=html, names="Månedsrapport", lang="da")
    problems += rendered_without_errors(html)
    assert not problems, "the monthly report:\n- " + "\n- ".join(problems)


def test_the_reader_catches_what_a_screen_reader_would_miss(tmp_path) -> None:
    # No lang, a skipped heading level, a chart named but not described, an image without alt, no table, a bare list.
    html = (
        "<!doctype html><html><head><title>Rapport</title></head><body><h2>Først</h2><h4>Så</h4>"
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><title>Timer</title></svg>'
        "<img src=\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/%3E\">"
        "<ul><li>Et punkt</li></ul></body></html>"
    )
    with weasyprint_errors() as errors:
        pdf = render_pdf(html, str(ASSETS))
    assert {record.getMessage().split(" ")[0] for record in errors} == {"Missing", "Image"}
    problems = "\n".join(screen_reader_problems(read(pdf), html=html, names="Borgerens udgave", lang="da"))
    for expected in ("does not name the version", "/Lang is ''", "not H1", "H4 'Så' skips", "'Timer'", "None"):
        assert expected in problems
    assert "no table with header cells" in problems and "lists in the HTML" not in problems
    untagged = render_pdf(html, str(ASSETS), variant=None)
    assert len(pdfinfo_problems(untagged, tmp_path)) == 2
    assert pdfinfo_problems(pdf, tmp_path) == []
