"""The company contact's weekly log on a 390 px phone in headless Chromium, every tap, key and page load counted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from goals.weeks import add_weeks, format_week
from tests.fixtures.browsers import CHROMIUM, CHROMIUM_ARGS, CONSULTANT_EMAIL, CONSULTANT_PASSWORD, NO_CHROMIUM

pytestmark = NO_CHROMIUM

PHONE = {"viewport": {"width": 390, "height": 844}, "locale": "da-DK", "is_mobile": True, "has_touch": True}
CONTACT_EMAIL = "kim@bageriet.dk"
CONTACT_PASSWORD = "kontaktens-kode-1"


@dataclass
class Arranged:
    placement_id: str
    subgoal_ids: list[str]


def _arrange(base: str, *, last_week_logged: bool, long_texts: bool = False) -> Arranged:
    """A placement planned by the consultant through the API, its company contact invited and signed up, and
    (when asked) the contact's entry for last week: 12 placement hours, 3 ordinary."""
    today = dt.date.today()
    with httpx.Client(base_url=base) as api:
        api.get("/health")
        api.headers["x-csrftoken"] = api.cookies.get("csrftoken") or ""
        api.post(
            "/api/auth/login", json={"email": CONSULTANT_EMAIL, "password": CONSULTANT_PASSWORD}
        ).raise_for_status()
        company = api.post("/api/companies", json={"name": "Bageriet Hvede ApS", "cvr": "10150817"}).json()
        citizen = api.post(
            "/api/citizens", json={"name": "Sara Jensen", "case_ref": "SAG-2026-7", "target_group": "aktivitetsparat"}
        ).json()
        placement = api.post(
            "/api/placements",
            json={
                "citizen_id": citizen["id"],
                "company_id": company["id"],
                "purpose": "Optrapning mod ordinære timer i bageriet",
                "start_date": (today - dt.timedelta(weeks=3)).isoformat(),
                "planned_end_date": (today + dt.timedelta(weeks=10)).isoformat(),
            },
        ).json()
        long = " – og siger det højt på morgenmødet, så alle på holdet ved det" if long_texts else ""
        subgoal_ids = []
        for factor, title, steps in (
            (
                "D",
                "Spørger selv en kollega" + long,
                ["Hilser på kollegerne om morgenen" + long, "Spørger om en opgave"],
            ),
            ("A", "Møder til tiden", ["Kommer før klokken 8 to dage", "Ringer selv ved sygdom"]),
        ):
            goal = api.post(
                f"/api/placements/{placement['id']}/subgoals",
                json={
                    "factor": factor,
                    "title": title,
                    "target": "Uden at blive mindet om det",
                    "horizon": "short",
                    "steps": steps,
                },
            )
            goal.raise_for_status()
            subgoal_ids.append(goal.json()["id"])
        invitation = api.post(
            f"/api/placements/{placement['id']}/invitations",
            json={"role": "company_contact", "email": CONTACT_EMAIL, "name": "Kim Kontakt"},
        ).json()
    token = invitation["url"].partition("#")[2]
    with httpx.Client(base_url=base) as contact:
        contact.get("/health")
        contact.headers["x-csrftoken"] = contact.cookies.get("csrftoken") or ""
        contact.post("/api/invitations/accept", json={"token": token, "password": CONTACT_PASSWORD}).raise_for_status()
        contact.headers["x-csrftoken"] = contact.cookies.get("csrftoken") or ""
        if last_week_logged:
            contact.put(
                f"/api/placements/{placement['id']}/log/{add_weeks(format_week(today), -1)}",
                json={"placement_hours": 12, "ordinary_hours": 3, "ratings": []},
            ).raise_for_status()
    return Arranged(placement_id=placement["id"], subgoal_ids=subgoal_ids)


@dataclass
class Counted:
    """A phone page whose user actions are counted: taps (clicks), key presses (each typed character) and loads."""

    page: Any
    taps: int = 0
    keys: int = 0
    loads: int = 0
    marks: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.page.on("load", lambda _page: self._loaded())

    def _loaded(self) -> None:
        self.loads += 1

    def open(self, url: str) -> None:
        self.page.goto(url)

    def tap(self, selector: str, *, navigates: bool = False) -> None:
        self.taps += 1
        if navigates:
            with self.page.expect_navigation():
                self.page.locator(selector).click()
        else:
            self.page.locator(selector).click()

    def type(self, selector: str, text: str) -> None:
        self.page.locator(selector).click()
        self.taps += 1
        self.page.locator(selector).press_sequentially(text)
        self.keys += len(text)

    def mark(self, name: str) -> None:
        self.marks[name] = self.loads


def _browser(playwright):  # type: ignore[no-untyped-def]
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def test_the_company_contacts_weekly_log_takes_one_page_load_after_the_start_page(
    live_service: str, tmp_path: Path, record_property: Any
) -> None:
    from playwright.sync_api import sync_playwright

    arranged = _arrange(live_service, last_week_logged=True)
    log_path = f"/forloeb/{arranged.placement_id}/logbog"
    with sync_playwright() as playwright:
        browser = _browser(playwright)
        try:
            phone = Counted(browser.new_context(**PHONE).new_page())
            phone.open(live_service + "/login")
            phone.type("#email", CONTACT_EMAIL)
            phone.type("#password", CONTACT_PASSWORD)
            phone.tap("form[action='/login'] button[type=submit]", navigates=True)
            phone.mark("start page")
            start_page = phone.page.url
            # This week's log is one tap on the start page.
            assert httpx.URL(start_page).path == "/mine-forloeb"
            phone.tap(f"a[href='{log_path}']", navigates=True)
            phone.mark("form")
            assert phone.page.url.endswith(log_path)
            for goal_id in arranged.subgoal_ids:
                phone.tap(f"#goal-{goal_id} input[type=radio][value='4']")
            assert phone.page.input_value("#placement_hours") == ""  # nothing filled in unasked
            phone.tap("#use-previous-hours")
            assert (phone.page.input_value("#placement_hours"), phone.page.input_value("#ordinary_hours")) == (
                "12",
                "3",
            )
            assert "er sat ind, men ikke gemt endnu" in phone.page.inner_text("#previous-hours-status")
            phone.tap(f"input[name='step-{arranged.subgoal_ids[0]}-0']")
            assert phone.loads == phone.marks["form"]  # rating, hours and the step cost no page load
            phone.page.screenshot(path=str(tmp_path / "weekly-log-form-390.png"), full_page=True)
            phone.tap("form.log-form button[type=submit].primary", navigates=True)
            phone.mark("receipt")
            receipt = phone.page.content()
            phone.page.screenshot(path=str(tmp_path / "weekly-log-receipt-390.png"), full_page=True)
            assert phone.page.evaluate("document.documentElement.scrollWidth") <= 390
        finally:
            browser.close()
    assert "er gemt" in receipt and "4 Næsten nået" in receipt and receipt.count("4 Næsten nået") == 2
    assert "Hilser på kollegerne om morgenen" in receipt and "Lille skridt nået" in receipt
    assert "<dd>12</dd>" in receipt and "<dd>3</dd>" in receipt and 'href="/mine-forloeb"' in receipt
    between = phone.marks["receipt"] - phone.marks["start page"] - 1  # less the save's own navigation
    figures = (
        f"weekly log on a 390 px phone: {phone.taps} taps, {phone.keys} key presses, {phone.loads} page loads "
        f"(sign-in {phone.marks['start page']}, start page to receipt {between} besides the save)"
    )
    print(figures)
    record_property("browser_task_figures", figures)
    assert between <= 1, figures
    # Taps: two fields and the button to sign in, the link, one rating per sub-goal, the hours, a step and save.
    assert phone.taps <= 3 + 1 + len(arranged.subgoal_ids) + 3, figures
    assert phone.keys == len(CONTACT_EMAIL) + len(CONTACT_PASSWORD), figures  # no key pressed in the log itself


@pytest.mark.parametrize("last_week_logged", [False, True])
def test_the_log_form_has_no_sideways_scroll_on_a_390_px_phone(live_service: str, last_week_logged: bool) -> None:
    from playwright.sync_api import sync_playwright

    arranged = _arrange(live_service, last_week_logged=last_week_logged, long_texts=True)
    with sync_playwright() as playwright:
        browser = _browser(playwright)
        try:
            page = browser.new_context(**PHONE).new_page()
            page.goto(live_service + "/login")
            page.fill("#email", CONTACT_EMAIL)
            page.fill("#password", CONTACT_PASSWORD)
            with page.expect_navigation():
                page.click("form[action='/login'] button[type=submit]")
            page.goto(f"{live_service}/forloeb/{arranged.placement_id}/logbog")
            assert bool(page.locator("#use-previous-hours").count()) is last_week_logged
            width = page.evaluate("document.documentElement.scrollWidth")
            offer = page.locator("#use-previous-hours")
            offer_right = offer.bounding_box()["x"] + offer.bounding_box()["width"] if offer.count() else 0
        finally:
            browser.close()
    assert width <= 390, width
    assert offer_right <= 390, offer_right
