"""No inline styles anywhere: the CSP (`style-src 'self'`) blocks them, so colours and widths come from classes."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from placement.progress.charts import FACTOR_COLOUR
from placement.web.render import CONTENT_SECURITY_POLICY

ROOT = Path(__file__).resolve().parents[2]
# The PDFs' sources carry their stylesheet inline: WeasyPrint reads it, no browser applies a CSP to it.
PDF_SOURCES = {ROOT / "templates" / "reports" / name for name in ("report.html", "insights.html")}


def test_the_csp_stays_strict_about_styles() -> None:
    assert "style-src 'self';" in CONTENT_SECURITY_POLICY and "unsafe-inline" not in CONTENT_SECURITY_POLICY


def test_no_template_or_code_writes_a_style_attribute_or_element() -> None:
    found = []
    for path in [*(ROOT / "templates").rglob("*.html"), *(ROOT / "placement").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        if re.search(r"\bstyle\s*=\s*[\"'{]", text):
            found.append(f"{path.relative_to(ROOT)}: style attribute")
        if path not in PDF_SOURCES and re.search(r"<style[\s>]", text):
            found.append(f"{path.relative_to(ROOT)}: <style> element")
    assert not found


def test_each_factor_colour_is_a_class_of_both_stylesheets() -> None:
    for sheet in ("templates/static/app.css", "templates/reports/report.css"):
        css = (ROOT / sheet).read_text(encoding="utf-8")
        for code, colour in FACTOR_COLOUR.items():
            assert f".factor-{code} {{ --factor: {colour}; }}" in css, (sheet, code)


async def _crawl(client, start: list[str], read_page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Every HTML page reachable from `start` by same-site GET links (not the API): path -> problems found."""
    queue, seen, problems = list(start), set(start), {}
    while queue:
        path = queue.pop(0)
        response = await client.get(path)
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        page = read_page(response.text)
        styled = [node.tag for node in page.walk() if "style" in node.attrs or node.tag == "style"]
        if styled:
            problems[path] = styled
        for link in page.all("a"):
            target = urldefrag(link.attrs.get("href", "")).url
            if target.startswith("/") and not target.startswith(("/api/", "/static/")) and target not in seen:
                seen.add(target)
                queue.append(target)
    assert len(seen) > 3
    return problems


async def test_no_page_any_party_reaches_has_an_inline_style(
    client, make_placement, add_history, login_as, read_page
) -> None:
    arranged = await make_placement()
    await add_history(arranged)
    placement = f"/forloeb/{arranged.placement_id}"
    for role in ("consultant", "company_contact", "mentor", "citizen"):
        async with login_as(getattr(arranged, f"{role}_id" if role != "citizen" else "citizen_user_id")) as party:
            start = ["/", placement, f"{placement}/fremskridt", f"{placement}/logbog", "/mig"]
            assert await _crawl(party, start, read_page) == {}, role


async def test_the_progress_page_colours_factor_badges_by_class(
    client, make_placement, add_history, login_as, read_page
) -> None:
    arranged = await make_placement()
    await add_history(arranged)
    async with login_as(arranged.consultant_id) as consultant:
        response = await consultant.get(f"/forloeb/{arranged.placement_id}/fremskridt")
    assert urlsplit(str(response.url)).path.endswith("/fremskridt") and response.status_code == 200
    page = read_page(response.text)
    badges = page.all("span", class_="rp-factor")
    assert badges
    for node in badges:
        classes = node.attrs["class"].split()
        assert any(re.fullmatch(r"factor-[A-F]", c) for c in classes) and "style" not in node.attrs
