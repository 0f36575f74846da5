"""A hand-built set of observer ratings whose calibration figures are worked out by hand below.

March 2026 holds ISO weeks 10 to 13 (their Thursdays lie in March); week 14 (Monday 30 March, Thursday 2 April)
belongs to April. Five citizens, six placements (the sixth is a second placement of the first citizen).

Week 11, sub-goal 1, ratings by company contact / mentor / consultant:
    p1 3/3/5   p2 2/4/3   p3 1/1/1   p4 4/5/4   p5 5/2/4   p6 (citizen 1) 3/4/-
Week 12, sub-goal 2 of p1: company contact 2, mentor 4. Week 11, sub-goal 2 of p3: the consultant alone (no pair).
Week 14, sub-goal 1 of p2: company contact 1, mentor 5; week 15, p4: company contact 3, mentor 3 (April, 2 citizens).

March:
    consultant/company_contact: 2 1 0 0 1     -> 5 compared, 5 citizens, mean 0.8, two steps 1 of 5
    consultant/mentor:          2 1 0 1 2     -> 5 compared, 5 citizens, mean 1.2, two steps 2 of 5
    company_contact/mentor:     0 2 0 1 3 1 2 -> 7 compared, 5 citizens, mean 9/7, two steps 3 of 7
April: company_contact/mentor 4 and 0 of two citizens: suppressed, as is every other pair and month.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from placement.db.models import Role, SubGoalRating, WeeklyLog

MARCH = {
    "consultant/company_contact": {"citizens": 5, "compared": 5, "mean": 0.8, "two_steps": 0.2},
    "consultant/mentor": {"citizens": 5, "compared": 5, "mean": 1.2, "two_steps": 0.4},
    "company_contact/mentor": {"citizens": 5, "compared": 7, "mean": 1.29, "two_steps": 0.429},
}
PAIRS = ("consultant/company_contact", "consultant/mentor", "company_contact/mentor")


async def _log(db: AsyncSession, arranged, week: str, role: Role, ratings: dict[int, int]) -> None:  # type: ignore[no-untyped-def]
    author = {
        Role.COMPANY_CONTACT: arranged.company_contact_id,
        Role.MENTOR: arranged.mentor_id,
        Role.CONSULTANT: arranged.consultant_id,
    }[role]
    log = WeeklyLog(
        placement_id=arranged.placement_id,
        week=week,
        author_id=author,
        author_role=role,
        placement_hours=10,
        ordinary_hours=0,
        absence_hours=0,
    )
    log.ratings = [
        SubGoalRating(subgoal_id=arranged.subgoal_ids[goal], rating=value) for goal, value in ratings.items()
    ]
    db.add(log)


async def arrange_ratings(db: AsyncSession, make_placement) -> list:  # type: ignore[no-untyped-def,type-arg]
    """The set above; returns the six arranged placements."""
    placements = [await make_placement() for _ in range(5)]
    placements.append(await make_placement(citizen=placements[0].citizen_id))
    week_11 = [(3, 3, 5), (2, 4, 3), (1, 1, 1), (4, 5, 4), (5, 2, 4), (3, 4, None)]
    for index, (arranged, (contact, mentor, consultant)) in enumerate(zip(placements, week_11, strict=True)):
        await _log(db, arranged, "2026-W11", Role.COMPANY_CONTACT, {0: contact})
        await _log(db, arranged, "2026-W11", Role.MENTOR, {0: mentor})
        if consultant is not None:
            # The third placement's consultant also rates sub-goal 2, which no one else rated that week.
            extra = {1: 2} if index == 2 else {}
            await _log(db, arranged, "2026-W11", Role.CONSULTANT, {0: consultant, **extra})
    await _log(db, placements[0], "2026-W12", Role.COMPANY_CONTACT, {1: 2})
    await _log(db, placements[0], "2026-W12", Role.MENTOR, {1: 4})
    await _log(db, placements[1], "2026-W14", Role.COMPANY_CONTACT, {0: 1})
    await _log(db, placements[1], "2026-W14", Role.MENTOR, {0: 5})
    await _log(db, placements[3], "2026-W15", Role.COMPANY_CONTACT, {0: 3})
    await _log(db, placements[3], "2026-W15", Role.MENTOR, {0: 3})
    await db.commit()
    return placements
