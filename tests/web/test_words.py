"""Pages speak the reader's language: Danish numbers and dates on every page, form problems in words, all at once."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from goals.wording import date_da, date_en, percent, percent_en, week_no
from placement.db.models import Placement
from placement.demo.services import create_demo
from placement.errors import Checks, InvalidInput, Refused
from placement.web.error_text import GENERIC, TEXTS, error_msgid
from placement.web.filters import (
    date_text,
    hours_text,
    score_text,
    short_date,
    time_text,
    week_text,
)
from tests.fixtures.pages import Node, parse

HTML = {"accept": "text/html"}

# Words of the services' own English messages ("reason must be 1 to 4000 characters"); none may reach a page.
DEVELOPER_ENGLISH = re.compile(
    r"\b(must|invalid|characters|required|is not|found|at most|between|YYYY|[a-z]+_[a-z_]+)\b", re.IGNORECASE
)
# In an English page the words are the catalogue's, never the services' sentences ("case_ref must be 1 to 64 ...").
SERVICE_SENTENCE = re.compile(r"\b(must be|is required|is not a|found '|[a-z]+_[a-z_]+)\b")
# A decimal point between digits (7.5) or an ISO date or week; a Danish time "kl. 14.05" is fine.
POINT_NUMBER = re.compile(r"(?<!kl\. )(?<![\d.])\d+\.\d+(?![\d.])")
COMMA_NUMBER = re.compile(r"(?<![\d,])\d+,\d+(?![\d,])")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{4}-W\d{2}\b")


# --- the filters, Danish and English ---------------------------------------------------------------------------


def test_dates_are_written_with_the_month_in_words() -> None:
    day = dt.date(2026, 12, 1)
    assert date_text(day, "da") == "1. december 2026"
    assert date_text(day, "en") == "1 December 2026"
    assert date_text("2026-12-01", "da") == "1. december 2026"
    assert date_text(None, "da") == date_text("", "en") == ""
    assert short_date("2026-12-01", "da") == "1. dec." and short_date(day, "en") == "1 Dec"
    assert date_da(day) == "1. december 2026" and date_en(day) == "1 December 2026"


def test_a_moment_is_a_date_and_a_time_in_danish_time() -> None:
    at = dt.datetime(2026, 12, 1, 13, 5, tzinfo=dt.UTC)  # 14.05 in Copenhagen
    assert time_text(at, "da") == "1. december 2026 kl. 14.05"
    assert time_text(at, "en") == "1 December 2026, 14:05"


def test_numbers_have_a_decimal_comma_in_danish_and_a_point_in_english() -> None:
    assert hours_text(7.5, "da") == "7,5" and hours_text(7.5, "en") == "7.5" and hours_text(12.0, "da") == "12"
    assert score_text(4.5, "da") == "4,5" and score_text(4.5, "en") == "4.5" and score_text(3, "da") == "3,0"
    assert percent(0.8) == "80 %" and percent_en(0.8) == "80%"


def test_weeks_are_said_by_their_number() -> None:
    assert week_text("2026-W48", "da") == "uge 48" and week_text("2026-W48", "en") == "week 48"
    assert week_no("2026-W05") == 5


# --- the catalogue ----------------------------------------------------------------------------------------------


def test_the_catalogue_finds_the_most_specific_text_and_a_cpr_number_everywhere() -> None:
    assert error_msgid("cvr", "conflict") == TEXTS["cvr:conflict"]
    assert error_msgid("cvr", "invalid") == TEXTS["cvr"]
    assert error_msgid("reason", "too_long", "decision") == TEXTS["reason"]
    assert error_msgid("reason", "too_long", "caseworker") == TEXTS["caseworker:reason"]
    assert error_msgid("steps[3]", "too_long") == TEXTS["steps[]"]
    assert error_msgid("weekly_plan[2].week", "invalid") == TEXTS["weekly_plan[].week"]
    assert error_msgid("name", "cpr") == error_msgid("purpose", "cpr") == TEXTS[":cpr"]
    assert error_msgid(None, "missing", "log") == TEXTS["log::missing"]
    assert error_msgid("to_consultant_id", "invalid", "admin") == TEXTS["admin:to_consultant_id"]
    assert error_msgid(None, "rule", "admin") == TEXTS["admin::rule"]
    assert error_msgid("no_such_field", "invalid") == GENERIC


def test_checks_refuse_every_problem_at_once_and_name_the_first_for_the_api() -> None:
    def refuse(field: str) -> None:
        raise InvalidInput(f"{field} is wrong", field=field)

    checks = Checks()
    checks.take(refuse, "name")
    assert checks.take(lambda: "kept") == "kept"
    checks.take(refuse, "cvr")
    with pytest.raises(Refused) as refused:
        checks.done()
    assert [p.field for p in refused.value.problems] == ["name", "cvr"]
    assert refused.value.field == "name" and refused.value.message == "name is wrong"
    Checks().done()  # nothing found, nothing refused


# --- forms refused: every problem in words, at once, beside its field --------------------------------------------


def _problems(page: Node) -> tuple[list[str], dict[str, str]]:
    """The summary's items, and each field's message by the id of the input it describes."""
    summary = [node for node in page.all("div", role="alert") if "error-summary" in node.attrs.get("class", "")]
    assert len(summary) == 1, "one summary of the problems above the form"
    items = [li.text for li in summary[0].all("li")]
    messages = {node.attrs["id"]: node.text for node in page.walk() if "field-error" in node.attrs.get("class", "")}
    beside = {}
    for node in page.walk():
        if node.attrs.get("aria-invalid") == "true":
            described = node.attrs.get("aria-describedby", "").split()
            texts = [messages[d] for d in described if d in messages]
            assert texts, f"{node.attrs.get('name')} is marked invalid without its message"
            beside[node.attrs.get("name") or node.attrs.get("id", "")] = texts[0]
    return items, beside


def _no_developer_english(texts: list[str], pattern: re.Pattern[str] = DEVELOPER_ENGLISH) -> None:
    for text in texts:
        assert not pattern.search(text), f"developer English on a page: {text!r}"


async def _consultant(client, make_user, login):  # type: ignore[no-untyped-def]
    consultant = await make_user("consultant")
    await login(client, consultant.email)
    return consultant


async def test_the_citizen_form_shows_all_its_problems_in_danish_and_in_english(client, make_user, login) -> None:
    await _consultant(client, make_user, login)
    sent = {"name": "", "case_ref": "x" * 65, "target_group": "ring 010190-1234"}
    response = await client.post("/borgere/ny", headers=HTML, data=sent)
    assert response.status_code == 400
    items, beside = _problems(parse(response.text))
    assert len(items) == 3 and set(beside) == {"name", "case_ref", "target_group"}
    assert beside["name"] == "Skriv et navn." and "CPR-nummer" in beside["target_group"]
    _no_developer_english(items + list(beside.values()))
    assert 'value="' + "x" * 65 + '"' in response.text, "what was typed is kept"
    client.cookies.set("lang", "en")
    english = await client.post("/borgere/ny", headers=HTML, data=sent)
    items_en, beside_en = _problems(parse(english.text))
    assert beside_en["name"] == "Enter a name." and len(items_en) == 3
    _no_developer_english(items_en + list(beside_en.values()), SERVICE_SENTENCE)


async def test_the_company_form_shows_both_problems(client, make_user, login) -> None:
    await _consultant(client, make_user, login)
    response = await client.post("/virksomheder", headers=HTML, data={"name": "", "cvr": "123"})
    assert response.status_code == 400
    items, beside = _problems(parse(response.text))
    assert len(items) == 2 and set(beside) == {"name", "cvr"}
    _no_developer_english(items + list(beside.values()))


async def _placement(client) -> str:  # type: ignore[no-untyped-def]
    company = (await client.post("/api/companies", json={"name": "Lager A/S", "cvr": "10150817"})).json()
    citizen = (
        await client.post(
            "/api/citizens", json={"name": "Sara Jensen", "case_ref": "SAG-1", "target_group": "jobparat"}
        )
    ).json()
    created = await client.post(
        "/api/placements",
        json={
            "citizen_id": citizen["id"],
            "company_id": company["id"],
            "purpose": "Optrapning",
            "start_date": "2026-11-02",
            "planned_end_date": "2027-01-29",
            "weekly_plan": [{"week": "2026-W45", "placement_hours": 10, "ordinary_hours_target": 0}],
        },
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def test_the_new_placement_form_shows_every_problem_beside_its_field(client, make_user, login) -> None:
    await _consultant(client, make_user, login)
    await _placement(client)
    response = await client.post(
        "/forloeb/nyt",
        headers=HTML,
        data={
            "citizen_id": "",
            "company_id": "",
            "purpose": "",
            "start_date": "2026-11-02",
            "planned_end_date": "",
            "week_0": "2026-W45",
            "hours_0": "mange",
            "week_1": "2026-W46",
            "hours_1": "99",
        },
    )
    assert response.status_code == 400
    items, beside = _problems(parse(response.text))
    assert {"citizen_id", "company_id", "planned_end_date", "hours_0", "hours_1", "purpose"} <= set(beside)
    assert len(items) == 6
    _no_developer_english(items + list(beside.values()))


async def test_the_sub_goal_and_decision_forms_show_every_problem(client, make_user, login) -> None:
    await _consultant(client, make_user, login)
    placement_id = await _placement(client)
    goal = await client.post(
        f"/forloeb/{placement_id}/delmaal/nyt",
        headers=HTML,
        data={"factor": "F", "title": "", "target": "", "horizon": "soon", "due_date": "i morgen", "step_0": "x" * 301},
    )
    assert goal.status_code == 400
    items, beside = _problems(parse(goal.text))
    assert {"factor", "title", "target", "horizon", "due_date", "step_0"} <= set(beside)
    _no_developer_english(items + list(beside.values()))
    decision = await client.post(
        f"/forloeb/{placement_id}/beslutning",
        headers=HTML,
        data={"decision": "extend", "reason": "", "planned_end_date": "2026-12-01", "follow_up_date": "2020-01-01"},
    )
    assert decision.status_code == 400
    items, beside = _problems(parse(decision.text))
    assert {"reason", "planned_end_date", "follow_up_date"} <= set(beside)
    _no_developer_english(items + list(beside.values()))


async def test_the_invitation_and_rating_forms_show_every_problem(client, make_user, login) -> None:
    await _consultant(client, make_user, login)
    placement_id = await _placement(client)
    invite = await client.post(
        f"/forloeb/{placement_id}/invitationer", headers=HTML, data={"role": "boss", "name": "", "email": "nej"}
    )
    assert invite.status_code == 400
    items, beside = _problems(parse(invite.text))
    assert set(beside) == {"role", "name", "email"} and len(items) == 3
    _no_developer_english(items + list(beside.values()))
    rating = await client.post(
        f"/forloeb/{placement_id}/konsulentvurdering",
        headers=HTML,
        data={"date": "2026-11-02", "score": "", "reason": ""},
    )
    assert rating.status_code == 400
    items, beside = _problems(parse(rating.text))
    assert "reason" in beside and len(items) == 2
    _no_developer_english(items + list(beside.values()))


# --- every page of the demo: no decimal point, no ISO date ------------------------------------------------------


def _visible_text(html: str) -> str:
    """The words a reader sees: no tags, scripts, styles or attribute values."""
    html = re.sub(r"<(script|style|title)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<textarea\b.*?</textarea>", " ", html, flags=re.S)  # what a form holds is the user's to type
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _outside_report(html: str) -> str:
    """An English page's visible words without the report (the PDF's content, Danish in every edition)."""
    return _visible_text(re.sub(r'<section class="rp-.*?</section>', " ", html, flags=re.S))


def _links(html: str) -> list[str]:
    return [
        href
        for href in re.findall(r'<a [^>]*href="(/[^"#?]*)', html)
        if not href.startswith(("/api", "/static")) and not href.endswith(".pdf")
    ]


@pytest.mark.parametrize(
    ("role", "lang"),
    [("consultant", "da"), ("company_contact", "da"), ("mentor", "da"), ("citizen", "da"), ("consultant", "en")],
)
async def test_every_page_of_the_demo_writes_numbers_and_dates_as_its_language_does(
    client, db, login, role, lang
) -> None:
    """Danish: no decimal point and no ISO date or week; English: no ISO date or week, and no decimal comma."""
    password, logins = await create_demo(db, today=dt.date.today())
    await db.commit()
    await login(client, next(demo.email for demo in logins if demo.role == role), password)
    client.cookies.set("lang", lang)
    seen: set[str] = set()
    # Every party's own pages of every placement too (a foreign one is a 404, skipped), whatever the start page links.
    placements = [str(i) for i in await db.scalars(select(Placement.id))]
    queue = ["/", "/oversigt", "/mig", "/forloeb/"]
    queue += [f"/forloeb/{i}/{page}" for i in placements for page in ("logbog", "fremskridt", "maaling")]
    offending: list[str] = []
    while queue and len(seen) < 120:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = await client.get(path, headers=HTML)
        if response.status_code != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        text = _visible_text(response.text)
        if lang == "da":
            offending += [f"{path}: {m.group(0)}" for m in POINT_NUMBER.finditer(text)]
        elif 'lang="en"' in response.text:  # the report's body is Danish on every page; English pages keep points
            offending += [f"{path}: {m.group(0)}" for m in COMMA_NUMBER.finditer(_outside_report(response.text))]
        offending += [f"{path}: {m.group(0)}" for m in ISO_DATE.finditer(text)]
        queue += [link for link in _links(response.text) if link not in seen]
    assert len(seen) > 3
    assert not offending, "numbers or dates not in Danish form:\n" + "\n".join(offending)


async def test_the_login_form_says_each_blank_field_and_a_wrong_password_in_danish(client, make_user) -> None:
    user = await make_user("consultant")
    await client.get("/health")
    client.headers["x-csrftoken"] = client.cookies.get("csrftoken") or ""
    blank = await client.post("/login", headers=HTML, data={"email": "", "password": "", "next": "/"})
    assert blank.status_code == 400
    items, beside = _problems(parse(blank.text))
    assert beside == {"email": "Skriv din e-mail.", "password": "Skriv din adgangskode."} and len(items) == 2
    wrong = await client.post("/login", headers=HTML, data={"email": user.email, "password": "forkert", "next": "/"})
    assert wrong.status_code == 401
    items, _beside = _problems(parse(wrong.text))
    assert items == ["Forkert e-mail eller adgangskode."]


async def test_a_search_holding_a_cpr_number_is_refused_beside_the_search_field(client, make_user, login) -> None:
    await _consultant(client, make_user, login)
    for path in ("/borgere/", "/virksomheder/"):
        response = await client.get(path, params={"q": "010190-1234"}, headers=HTML)
        assert response.status_code == 400
        search = parse(response.text).one("input", name="q")
        assert search.attrs["aria-invalid"] == "true"
        message = parse(response.text).one("p", id=search.attrs["aria-describedby"])
        assert "CPR-nummer" in message.text
