"""WCAG 2.1 AA in headless Chromium: each role crawls every page it reaches by links, axe-core checks each one.

The demo jobcenter (`placement demo`) runs as an operator would run it. Each role signs in, starts where the login
lands and follows every same-origin GET link (not the API, PDFs or static files); one page per route and query
shape is checked (the next placement's page of the same route is the same template). Every page is checked by axe
at 1280 and at 390 px for the WCAG 2.0/2.1 A and AA rules, with the strict CSP in force (so a style the CSP blocks
counts as missing); at 390 px no page, and no box in it, may scroll sideways; the first Tab reaches the skip link
and each of the first 25 Tab stops shows its focus. The figures per role close the terminal output.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter, deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (1280, 390)
ROLES = ("admin", "leader", "consultant", "company_contact", "mentor", "citizen", "anonymous")
MAX_PAGES = 80
# The roles that read management information at /indsigt: its page is among those each of them has checked.
INSIGHT_READERS = ("leader", "consultant", "company_contact")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

# Boxes (a table's wrapper, say) that scroll sideways inside a page that does not.
SCROLLING_BOXES = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.tagName !== 'TEXTAREA' && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)
    && e.scrollWidth > e.clientWidth + 1)
  .map(e => e.tagName.toLowerCase() + '.' + e.className + ' ' + e.scrollWidth + '>' + e.clientWidth)"""

# Where keyboard focus is after a Tab, and whether it is shown (an outline or a ring), or null once focus leaves.
FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const style = getComputedStyle(e);
  const shown = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  return {shown, what: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + (e.textContent || '').trim().slice(0, 30)};
}"""
TABS = 25
# The leader's calibration page: crawled from the start page, and seeded so that it is checked whatever links to it.
CALIBRATION = "/indsigt/kalibrering"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="Debian's chromium is not installed; `scripts/test` installs it when run as root",
)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, dict[str, str]]]:
    """The demo jobcenter served by `placement run`: (base URL, the demo password, an email per role)."""
    placement = str(Path(sys.executable).with_name("placement"))
    data = tmp_path_factory.mktemp("a11y")
    env = {**os.environ, "PLACEMENT_DATA_DIR": str(data), "PLACEMENT_PORT": str(_free_port())}
    env.pop("PLACEMENT_DATABASE_URL", None)
    made = subprocess.run([placement, "demo"], env=env, check=True, capture_output=True, text=True).stdout
    password = re.search(r"password: (\S+)", made).group(1)  # type: ignore[union-attr]
    emails: dict[str, str] = {}
    for role, email in re.findall(r"^\s+(\w+)\s+(\S+@\S+)$", made, re.MULTILINE):
        emails.setdefault(role, email)
    process = subprocess.Popen([placement, "run"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{env['PLACEMENT_PORT']}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/health")
                break
            except OSError:
                time.sleep(0.25)
        yield base, password, emails
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        try:
            yield browser
        finally:
            browser.close()


def _shape(url: str) -> str:
    """A page's route and query shape: ids and query values left out, so one placement stands for all."""
    parts = urlsplit(url)
    keys = sorted(pair.split("=", 1)[0] for pair in parts.query.split("&") if pair)
    return UUID.sub("{id}", parts.path) + ("?" + "&".join(keys) if keys else "")


def _links(page: Any, base: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))")
    found = []
    for href in hrefs:
        url = urldefrag(urljoin(page.url, href)).url
        path = urlsplit(url).path
        if url.startswith(base) and not path.startswith(("/api/", "/static/")) and path != "/logout":
            found.append(url)
    return found


def _own_placement_pages(page: Any, base: str) -> list[str]:
    """The log and progress pages of the party's first placement: crawled too, whether or not a link leads there yet."""
    listed = page.request.get(base + "/api/placements")
    placements = listed.json() if listed.ok else []
    if not placements:
        return []
    return [f"{base}/forloeb/{placements[0]['id']}/logbog", f"{base}/forloeb/{placements[0]['id']}/fremskridt"]


def _unshown_focus(page: Any) -> list[str]:
    """The first elements a keyboard reaches with Tab whose focus is not shown; the first Tab reaches the skip link."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    unshown, first = [], None
    for _ in range(TABS):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        if focus is None:
            break
        first = first or focus["what"]
        if not focus["shown"] and focus["what"] not in unshown:
            unshown.append(focus["what"])
    if first is not None and not first.startswith("a Spring til indhold"):
        unshown.append(f"the first Tab reaches {first!r}, not the skip link")
    return unshown


def _check(page: Any, axe: Any, width: int) -> list[dict[str, Any]]:
    page.set_viewport_size({"width": width, "height": 900})
    result = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    violations: list[dict[str, Any]] = result.response["violations"]
    return violations


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_reaches_passes_axe_at_desktop_and_phone_width(
    role: str, demo: tuple[str, str, dict[str, str]], chromium: Any, record_property: Any
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    base, password, emails = demo
    page = chromium.new_context(viewport={"width": WIDTHS[0], "height": 900}, locale="da-DK").new_page()
    if role == "anonymous":
        page.goto(base + "/")
    else:
        page.goto(base + "/login")
        page.fill("#email", emails[role])
        page.fill("#password", password)
        page.click("form[action='/login'] button[type=submit]")
        page.wait_for_load_state()
        assert "/login" not in page.url, f"{role} could not sign in"
    refused: list[str] = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )
    axe = Axe()
    seeds = _own_placement_pages(page, base) if role not in {"anonymous", "admin", "leader"} else []
    if role == "leader":
        seeds = [base + CALIBRATION]
    queue, seen = deque([page.url, *seeds]), {_shape(page.url), *map(_shape, seeds)}
    impacts: Counter[str] = Counter()
    problems: list[str] = []
    checked = 0
    paths: set[str] = set()
    while queue and checked < MAX_PAGES:
        url = queue.popleft()
        response = page.goto(url)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        if response.status != 200:
            if url not in seeds:
                problems.append(f"{urlsplit(url).path}: a link answers {response.status}")
            continue
        checked += 1
        path = urlsplit(url).path
        paths.add(path)
        if refused:
            problems.append(f"{path}: the CSP refused {refused[:2]}")
            refused.clear()
        for width in WIDTHS:
            for violation in _check(page, axe, width):
                impacts[violation["impact"]] += 1
                if violation["impact"] in {"serious", "critical"}:
                    targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:3]]
                    problems.append(f"{path} @{width}px {violation['id']} ({violation['impact']}): {targets}")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > WIDTHS[1]:
            problems.append(f"{path} @390px scrolls sideways: scrollWidth {scroll}")
        for box in page.evaluate(SCROLLING_BOXES):
            problems.append(f"{path} @390px a box scrolls sideways: {box}")
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        problems.extend(f"{path}: focus not shown on {what}" for what in _unshown_focus(page))
        for link in _links(page, base):
            if _shape(link) not in seen:
                seen.add(_shape(link))
                queue.append(link)
    page.context.close()
    figures = ", ".join(f"{impact} {impacts[impact]}" for impact in ("critical", "serious", "moderate", "minor"))
    record_property("axe_figures", f"{role:16} {checked:3} pages × {len(WIDTHS)} widths; violations: {figures}")
    assert checked > 0
    if role in INSIGHT_READERS:
        assert "/indsigt" in paths, f"{role} reaches no management information"
    assert not problems, f"{role}: {len(problems)} problems\n" + "\n".join(problems)


def test_the_admin_page_on_a_phone_filters_accounts_and_never_offers_a_handover_to_oneself(
    demo: tuple[str, str, dict[str, str]], chromium: Any
) -> None:
    base, password, emails = demo
    phone = {"viewport": {"width": 390, "height": 844}, "locale": "da-DK", "is_mobile": True, "has_touch": True}
    page = chromium.new_context(**phone).new_page()
    page.goto(base + "/login")
    page.fill("#email", emails["admin"])
    page.fill("#password", password)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()
    page.goto(base + "/admin")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.fill("#q", "konsulent")
    shown = page.locator("#accounts tbody tr:visible th").all_inner_texts()
    assert shown and all("Konsulent" in name for name in shown)
    for choice in page.eval_on_selector_all("#from option", "options => options.map(o => o.value)"):
        page.select_option("#from", choice)
        offered = page.eval_on_selector_all("#to option:not([disabled])", "options => options.map(o => o.value)")
        assert choice not in offered and page.input_value("#to") in offered
    page.context.close()


def test_the_calibration_page_with_a_refused_month_passes_axe(
    demo: tuple[str, str, dict[str, str]], chromium: Any
) -> None:
    """The leader's calibration page as it answers a month it refuses (400): the message beside the field is checked
    by axe like every page the crawl reaches, at both widths, and nothing scrolls sideways on a phone."""
    from axe_playwright_python.sync_playwright import Axe

    base, password, emails = demo
    page = chromium.new_context(viewport={"width": WIDTHS[0], "height": 900}, locale="da-DK").new_page()
    page.goto(base + "/login")
    page.fill("#email", emails["leader"])
    page.fill("#password", password)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()
    response = page.goto(base + CALIBRATION + "?from=2026-13&to=2026-03")
    assert response is not None and response.status == 400
    assert page.get_attribute("#from", "aria-invalid") == "true"
    problems = []
    axe = Axe()
    for width in WIDTHS:
        for violation in _check(page, axe, width):
            if violation["impact"] in {"serious", "critical"}:
                problems.append(f"@{width}px {violation['id']} ({violation['impact']})")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[1]
    page.context.close()
    assert not problems, problems


def test_the_second_conversations_pick_agree_and_result_steps_pass_axe(
    demo: tuple[str, str, dict[str, str]], chromium: Any
) -> None:
    """The pick, agree and result steps that consultant and citizen read together (the agree step is reached by a
    form, so the crawl above never sees it)."""
    from axe_playwright_python.sync_playwright import Axe

    base, password, emails = demo
    page = chromium.new_context(viewport={"width": WIDTHS[0], "height": 900}, locale="da-DK").new_page()
    page.goto(base + "/login")
    page.fill("#email", emails["consultant"])
    page.fill("#password", password)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()
    placement_id = page.request.get(base + "/api/placements").json()[0]["id"]
    page.goto(f"{base}/forloeb/{placement_id}/maaling")
    axe, problems = Axe(), []

    def check(step: str) -> None:
        for width in WIDTHS:
            for violation in _check(page, axe, width):
                if violation["impact"] in {"serious", "critical"}:
                    problems.append(f"{step} @{width}px {violation['id']}: {violation['nodes'][0]['target']}")
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})

    check("pick")
    # Talk about one item only: uncheck the rest, start, answer it.
    page.evaluate("[...document.querySelectorAll('input[name=item]')].slice(1).forEach(box => box.checked = false)")
    page.click("form.start-form button[type=submit]")
    page.wait_for_load_state()
    page.click("button.choice >> nth=0")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Bliv enige om scoren"
    check("agree")
    page.fill("#remarks", "En god samtale")
    page.click("form.agree-form button[type=submit]")
    page.wait_for_load_state()
    check("result")
    page.context.close()
    assert not problems, "\n".join(problems)
