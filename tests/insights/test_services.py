"""Management information through its services: who sees which sums, suppression of small groups, the audit row."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select, update

from goals.target_groups import default_target_groups
from placement.auth.identity import Actor
from placement.db.models import AuditEvent, Citizen, Placement, Role
from placement.errors import Forbidden
from placement.insights import services
from placement.insights.schemas import GroupBy

TODAY = dt.date.today()
GROUPS = default_target_groups()


def _query(group_by: GroupBy = GroupBy.COMPANY) -> services.InsightsQuery:
    return services.parse_query({"group_by": group_by.value}, today=TODAY)


async def _at_company(db, arranged: list, company_id: uuid.UUID) -> None:  # type: ignore[no-untyped-def]
    """Move arranged placements to one company, as a consultant's edit would (the ORM, so the facts follow)."""
    for one in arranged:
        placement = await db.get(Placement, one.placement_id)
        placement.company_id = company_id
    await db.commit()


async def _leader(make_user) -> Actor:  # type: ignore[no-untyped-def]
    return Actor(user_id=(await make_user("leader")).id, role=Role.LEADER, request_id="test")


async def test_the_leader_counts_every_placement_and_a_consultant_only_the_caseload(db, make_placement, make_user):
    first = await make_placement()
    others = [await make_placement(consultant_id=first.consultant_id) for _ in range(5)]
    foreign = [await make_placement() for _ in range(3)]
    leader = await _leader(make_user)
    everything = await services.insights(
        db, leader, _query(GroupBy.FACTOR), suppress_below=3, target_groups=GROUPS, today=TODAY
    )
    assert everything.total.placements == 9 and everything.total.citizens == 9
    caseload = await services.insights(
        db, first.actor("consultant"), _query(GroupBy.FACTOR), suppress_below=3, target_groups=GROUPS, today=TODAY
    )
    assert caseload.total.placements == 6
    # The factor groups: A–E by the sub-goals (make_placement gives each one on A and one on C), F every placement.
    by_key = {group.key: group for group in caseload.groups}
    assert [g.key for g in caseload.groups] == ["A", "B", "C", "D", "E", "F"]
    assert by_key["A"].placements == 6 and by_key["C"].placements == 6 and by_key["F"].placements == 6
    assert by_key["B"].suppressed and by_key["B"].placements is None
    assert len(others) == 5 and len(foreign) == 3


async def test_a_company_contact_sees_the_own_companys_placements_without_b_and_f(db, make_placement):
    arranged = [await make_placement() for _ in range(6)]
    await _at_company(db, arranged[:5], arranged[0].company_id)
    contact = arranged[0].actor("company_contact")
    result = await services.insights(
        db, contact, _query(GroupBy.FACTOR), suppress_below=3, target_groups=GROUPS, today=TODAY
    )
    assert result.total.placements == 5
    assert [g.key for g in result.groups] == ["A", "C", "D", "E"]
    assert result.total.progression is not None
    assert [f.factor for f in result.total.progression] == ["A", "C", "D", "E"]


@pytest.mark.parametrize("role", ["mentor", "citizen"])
async def test_a_mentor_or_citizen_may_not_read_insights(db, make_placement, role):
    arranged = await make_placement()
    with pytest.raises(Forbidden):
        await services.insights(db, arranged.actor(role), _query(), suppress_below=3, target_groups=GROUPS, today=TODAY)


async def test_an_admin_may_not_read_insights(db, make_user):
    admin = Actor(user_id=(await make_user("admin")).id, role=Role.ADMIN)
    with pytest.raises(Forbidden):
        await services.evidence(db, admin, _query(), suppress_below=3, today=TODAY)


async def test_a_group_of_four_citizens_is_suppressed_and_cannot_be_derived(db, make_placement, make_user):
    small = [await make_placement() for _ in range(4)]
    middle = [await make_placement() for _ in range(5)]
    large = [await make_placement() for _ in range(7)]
    for group in (small, middle, large):
        await _at_company(db, group, group[0].company_id)
    leader = await _leader(make_user)
    result = await services.insights(db, leader, _query(), suppress_below=5, target_groups=GROUPS, today=TODAY)
    by_key = {group.key: group for group in result.groups}
    four = by_key[str(small[0].company_id)]
    assert four.suppressed and four.citizens is None and four.placements is None and four.progression is None
    # The next smallest group goes too: the total minus the shown groups is 4 + 5 placements, not the four alone.
    assert by_key[str(middle[0].company_id)].suppressed
    assert not by_key[str(large[0].company_id)].suppressed
    shown = sum(group.placements or 0 for group in result.groups if not group.suppressed)
    assert result.total.placements == 16 and result.total.placements - shown == 9


async def test_a_total_below_the_threshold_shows_nothing(db, make_placement, make_user):
    for _ in range(3):
        await make_placement()
    result = await services.insights(
        db, await _leader(make_user), _query(), suppress_below=5, target_groups=GROUPS, today=TODAY
    )
    assert result.total.suppressed and result.total.placements is None
    assert all(group.suppressed for group in result.groups)
    assert all(week.suppressed and week.ordinary_hours is None for week in result.hours_by_week)


async def test_target_groups_follow_an_edit_of_the_citizen(db, make_placement, make_user):
    arranged = [await make_placement() for _ in range(6)]
    await db.execute(update(Citizen).where(Citizen.id == arranged[0].citizen_id).values(target_group="ung"))
    for one in arranged[1:3]:
        citizen = await db.get(Citizen, one.citizen_id)
        citizen.target_group = "jobparat"
    await db.commit()
    result = await services.insights(
        db, await _leader(make_user), _query(GroupBy.TARGET_GROUP), suppress_below=1, target_groups=GROUPS, today=TODAY
    )
    assert {g.key: g.placements for g in result.groups} == {"aktivitetsparat": 3, "jobparat": 2, "ung": 1}
    # Named as the configured list names them; a value not on the list as it is, marked.
    assert {g.key: g.label for g in result.groups} == {
        "aktivitetsparat": "Aktivitetsparate kontanthjælpsmodtagere",
        "jobparat": "Jobparate kontanthjælpsmodtagere",
        "ung": "ung (ikke på listen)",
    }


async def test_every_read_is_one_aggregate_audit_row_without_a_citizen(db, make_placement, make_user):
    await make_placement()
    leader = await _leader(make_user)
    await services.insights(db, leader, _query(), suppress_below=3, target_groups=GROUPS, today=TODAY)
    await services.evidence(db, leader, _query(), suppress_below=3, today=TODAY)
    rows = (await db.scalars(select(AuditEvent).where(AuditEvent.actor_id == leader.user_id))).all()
    assert [(r.object_type, r.citizen_id, r.action) for r in rows] == [("insights", None, "read")] * 2


async def test_a_filter_narrows_the_placements(db, make_placement, make_user):
    arranged = [await make_placement() for _ in range(3)]
    leader = await _leader(make_user)
    query = services.parse_query({"company_id": str(arranged[0].company_id)}, today=TODAY)
    result = await services.insights(db, leader, query, suppress_below=1, target_groups=GROUPS, today=TODAY)
    assert result.total.placements == 1 and result.filters == {"company_id": str(arranged[0].company_id)}


async def test_placements_outside_the_period_do_not_count(db, make_placement, make_user):
    await make_placement(start=TODAY - dt.timedelta(weeks=60), weeks=4)
    await make_placement()
    result = await services.insights(
        db, await _leader(make_user), _query(), suppress_below=1, target_groups=GROUPS, today=TODAY
    )
    assert result.total.placements == 1


async def test_the_hours_by_week_read_alone_and_through_the_facts_agree(db, make_placement, make_user, add_history):
    """The leader's unfiltered chart reads the week facts alone; a filter that keeps every placement joins the facts."""
    for _ in range(5):
        await add_history(await make_placement(start=TODAY - dt.timedelta(weeks=3)), weeks=4)
    leader = await _leader(make_user)
    alone = await services.insights(db, leader, _query(), suppress_below=3, target_groups=GROUPS, today=TODAY)
    joined = await services.insights(
        db,
        leader,
        services.parse_query({"group_by": "company", "target_group": "aktivitetsparat"}, today=TODAY),
        suppress_below=3,
        target_groups=GROUPS,
        today=TODAY,
    )
    assert alone.hours_by_week == joined.hours_by_week
    logged = [week for week in alone.hours_by_week if week.placements]
    assert logged and all(week.placements == 5 for week in logged)
