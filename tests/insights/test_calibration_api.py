"""GET /api/insights/calibration: the leader's figures of observer agreement per role pair and month, on both engines."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from placement.config import Settings
from placement.db.models import AuditEvent, AuditOutcome
from tests.insights.calibration_data import MARCH, PAIRS, arrange_ratings

URL = "/api/insights/calibration"


def _next_month() -> str:
    today = dt.date.today()
    return f"{today.year + 1}-01" if today.month == 12 else f"{today.year}-{today.month + 1:02d}"


def _this_month() -> str:
    return dt.date.today().strftime("%Y-%m")


async def test_the_figures_of_each_pair_in_a_month_are_those_worked_out_by_hand(
    client, db, make_placement, make_user, login_as
) -> None:
    await arrange_ratings(db, make_placement)
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        response = await person.get(URL, params={"from": "2026-03", "to": "2026-04"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["period_from"], body["period_to"], body["suppressed_below"]) == ("2026-03", "2026-04", 5)
    rows = {(row["pair"], row["month"]): row for row in body["rows"]}
    # Every pair in Role's order, each month of the period, pairs outer.
    assert [(row["pair"], row["month"]) for row in body["rows"]] == [
        (pair, month) for pair in PAIRS for month in ("2026-03", "2026-04")
    ]
    for pair, expected in MARCH.items():
        row = rows[(pair, "2026-03")]
        assert row["suppressed"] is False
        assert (row["citizens"], row["compared"]) == (expected["citizens"], expected["compared"])
        assert row["mean_absolute_difference"] == pytest.approx(expected["mean"])
        assert row["two_step_share"] == pytest.approx(expected["two_steps"])


async def test_a_month_of_fewer_citizens_than_the_threshold_shows_no_figure(
    client, db, make_placement, make_user, login_as
) -> None:
    await arrange_ratings(db, make_placement)
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        body = (await person.get(URL, params={"from": "2026-02", "to": "2026-04"})).json()
    suppressed = [row for row in body["rows"] if row["month"] != "2026-03"]
    assert len(suppressed) == 6
    for row in suppressed:  # April has two citizens, February none
        assert row["suppressed"] is True
        assert [row[k] for k in ("citizens", "compared", "mean_absolute_difference", "two_step_share")] == [None] * 4


class TestAHigherThreshold:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return settings.with_overrides(insights_suppress_below=6)

    async def test_five_citizens_are_then_too_few(self, client, db, make_placement, make_user, login_as) -> None:
        await arrange_ratings(db, make_placement)
        leader = await make_user("leader")
        async with login_as(leader.id) as person:
            body = (await person.get(URL, params={"from": "2026-03", "to": "2026-03"})).json()
        assert body["suppressed_below"] == 6
        assert all(row["suppressed"] and row["citizens"] is None for row in body["rows"])


async def test_without_a_period_the_last_twelve_months_are_shown(client, make_user, login_as) -> None:
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        body = (await person.get(URL)).json()
    months = sorted({row["month"] for row in body["rows"]})
    assert len(months) == 12 and months[-1] == _this_month() == body["period_to"]
    assert body["period_from"] == months[0]


async def test_only_the_leader_gets_the_figures(client, db, make_placement, make_user, login_as) -> None:
    arranged = await make_placement()
    assert (await client.get(URL)).status_code == 401
    for user_id in (
        arranged.consultant_id,
        arranged.company_contact_id,
        arranged.mentor_id,
        arranged.citizen_user_id,
        (await make_user("admin")).id,
    ):
        async with login_as(user_id) as other:
            # A bad period changes nothing: a role that may never read aggregates is refused first.
            for params in ({}, {"from": "nonsense"}):
                response = await other.get(URL, params=params)
                assert response.status_code == 403, (user_id, response.text)
    denied = await db.scalars(
        select(AuditEvent).where(AuditEvent.outcome == AuditOutcome.DENIED, AuditEvent.object_type == "insights")
    )
    assert len(list(denied)) == 10


async def test_a_read_is_audited_once_as_an_aggregate_read_that_names_no_citizen(
    client, db, make_placement, make_user, login_as
) -> None:
    await arrange_ratings(db, make_placement)
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        assert (await person.get(URL, params={"from": "2026-03", "to": "2026-04"})).status_code == 200
    rows = list(await db.scalars(select(AuditEvent).where(AuditEvent.actor_id == leader.id)))
    reads = [row for row in rows if row.object_type == "insights"]
    assert len(reads) == 1
    (read,) = reads
    assert (read.action, read.object_id, read.outcome, read.citizen_id) == (
        "read",
        "calibration",
        AuditOutcome.ALLOWED,
        None,
    )
    assert all(row.citizen_id is None for row in rows)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-13"}, "from"),
        ({"from": "26-03"}, "from"),
        ({"from": "2026-3"}, "from"),
        ({"from": "1999-12"}, "from"),
        ({"from": ""}, "from"),
        ({"to": "marts"}, "to"),
        ({"to": "2026-00"}, "to"),
        ({"from": "2026-05", "to": "2026-03"}, "to"),
        ({"from": "2016-03", "to": "2026-03"}, "from"),
        ({"to": "next"}, "to"),
        ({"from": "next"}, "from"),
        ({"month": "2026-03"}, "month"),
        ({"from": "2026-03", "group_by": "factor"}, "group_by"),
    ],
)
async def test_a_bad_period_is_refused_naming_the_field(client, make_user, login_as, params, field) -> None:
    params = {k: _next_month() if v == "next" else v for k, v in params.items()}
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        response = await person.get(URL, params=params)
    assert response.status_code == 400, response.text
    assert response.json()["field"] == field
    assert field in response.json()["detail"]


async def test_a_parameter_given_twice_is_refused(client, make_user, login_as) -> None:
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        response = await person.get(f"{URL}?from=2026-01&from=2026-02")
    assert response.status_code == 400
    assert response.json()["field"] == "from"


async def test_ten_years_and_this_month_are_allowed(client, make_user, login_as) -> None:
    this_month = dt.date.today().replace(day=1)
    ten_years = f"{this_month.year - 10}-{this_month.month:02d}"
    first = dt.date(this_month.year - 10, this_month.month, 1)
    after = f"{first.year + (first.month == 12)}-{first.month % 12 + 1:02d}"
    leader = await make_user("leader")
    async with login_as(leader.id) as person:
        assert (await person.get(URL, params={"from": ten_years, "to": _this_month()})).status_code == 400
        response = await person.get(URL, params={"from": after, "to": _this_month()})
    assert response.status_code == 200
    assert len(response.json()["rows"]) == 3 * 120
