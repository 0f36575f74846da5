"""End to end in headless Chromium: plan, invite, log a week on phones as contact and mentor, see it as the citizen."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import httpx
import pytest

from tests.fixtures.browsers import CHROMIUM, NO_CHROMIUM
from tests.fixtures.browsers import CONSULTANT_PASSWORD as PASSWORD

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "da-DK", "is_mobile": True, "has_touch": True}

pytestmark = NO_CHROMIUM


@pytest.fixture
def server(live_service: str) -> str:
    """The real service on SQLite with one consultant, as tests.fixtures.browsers runs it for every browser test."""
    return live_service


def _arrange_company_and_citizen(base: str) -> tuple[str, str]:
    with httpx.Client(base_url=base) as api:
        api.get("/health")
        api.headers["x-csrftoken"] = api.cookies.get("csrftoken") or ""
        api.post("/api/auth/login", json={"email": "karin@example.dk", "password": PASSWORD}).raise_for_status()
        company = api.post("/api/companies", json={"name": "Bageriet Hvede ApS", "cvr": "10150817"}).json()
        citizen = api.post(
            "/api/citizens", json={"name": "Sara Jensen", "case_ref": "SAG-2026-7", "target_group": "aktivitetsparat"}
        ).json()
        return company["id"], citizen["id"]


def _log_in(page, base: str, email: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()


def _accept(browser, link: str, password: str):  # type: ignore[no-untyped-def]
    page = browser.new_context(**PHONE).new_page()
    page.goto(link)
    page.fill("#password", password)
    page.click("#accept-form button[type=submit]")
    page.wait_for_load_state()
    return page


def test_a_consultant_plans_contact_and_mentor_log_on_phones_and_the_citizen_sees_it(
    server: str, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    company_id, citizen_id = _arrange_company_and_citizen(server)
    today = dt.date.today()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            consultant = browser.new_context(viewport={"width": 1200, "height": 900}, locale="da-DK").new_page()
            _log_in(consultant, server, "karin@example.dk", PASSWORD)

            consultant.goto(server + "/forloeb/nyt")
            consultant.select_option("#citizen_id", citizen_id)
            consultant.select_option("#company_id", company_id)
            consultant.fill("#purpose", "Optrapning mod ordinære timer i bageriet")
            consultant.fill("#start_date", (today - dt.timedelta(days=14)).isoformat())
            consultant.fill("#planned_end_date", (today + dt.timedelta(weeks=10)).isoformat())
            consultant.fill("#hours_from", "10")
            consultant.fill("#hours_to", "30")
            consultant.fill("#ordinary_from", "0")
            consultant.fill("#ordinary_to", "10")
            consultant.click("button[value=plan]")
            consultant.click("button[value=save]")
            consultant.wait_for_load_state()
            placement_id = re.search(r"/forloeb/([0-9a-f-]{36})", consultant.url).group(1)  # type: ignore[union-attr]

            consultant.goto(f"{server}/forloeb/{placement_id}/delmaal/nyt")
            consultant.check("input[name=factor][value=D]")
            consultant.fill("#title", "Spørger selv en kollega")
            consultant.fill("#target", "Spørger en kollega om hjælp uden at blive opfordret")
            consultant.check("input[name=horizon][value=short]")
            consultant.fill("#step_0", "Hilser på kollegerne om morgenen")
            consultant.click("form button.primary")
            consultant.wait_for_load_state()
            assert "Spørger selv en kollega" in consultant.content()

            links = {}
            for role, email in (
                ("company_contact", "kim@bageriet.dk"),
                ("mentor", "mia@mentor.dk"),
                ("citizen", "sara@example.dk"),
            ):
                consultant.goto(f"{server}/forloeb/{placement_id}/invitationer")
                consultant.select_option("#role", role)
                consultant.fill("#name", email.split("@")[0].title())
                consultant.fill("#email", email)
                consultant.click("form button.primary")
                links[role] = consultant.input_value("#invite-link")

            contact = _accept(browser, links["company_contact"], "kontaktens-kode-1")
            contact.goto(f"{server}/forloeb/{placement_id}/logbog")
            assert contact.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
            contact.check("input[name^='rating-'][value='4']")
            contact.fill("#placement_hours", "12")
            contact.fill("#ordinary_hours", "2")
            contact.fill("#small_steps", "Spurgte selv om hjælp ved ovnen")
            contact.screenshot(path=str(tmp_path / "log-form-phone.png"), full_page=True)
            contact.click("form.log-form button[type=submit]")
            contact.wait_for_load_state()
            receipt = contact.content()
            assert "er gemt" in receipt and "Spørger selv en kollega" in receipt

            mentor = _accept(browser, links["mentor"], "mentorens-kode-1")
            mentor.goto(f"{server}/forloeb/{placement_id}/logbog")
            mentor.check("input[name^='rating-'][value='2']")
            mentor.fill("#placement_hours", "12")
            mentor.fill("#small_steps", "Hilste selv på alle om morgenen")
            mentor.click("form.log-form button[type=submit]")
            mentor.wait_for_load_state()
            assert "er gemt" in mentor.content()

            consultant.goto(f"{server}/forloeb/{placement_id}/fremskridt")
            progress = consultant.content()
            # Company contact 4, mentor 2 on the same sub-goal in the same week: the page asks them to talk about it.
            assert "Tal om det" in progress and "kontaktperson 4" in progress and "mentor 2" in progress

            citizen = _accept(browser, links["citizen"], "borgerens-kode-1")
            citizen.goto(server + "/mig")
            page = citizen.content()
            assert "Spørger selv en kollega" in page
            assert "Spurgte selv om hjælp ved ovnen" in page
        finally:
            browser.close()
