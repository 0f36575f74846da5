"""The demo's finished placements: a year of them, with logs, assessments and outcomes, for management information."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from goals.library import default_library
from goals.outcomes import CHECKPOINTS, due_on
from goals.questions import default_bank
from goals.weeks import add_weeks, format_week
from placement.db.models import (
    Assessment,
    AssessmentAnswer,
    CaseworkerAssessment,
    Citizen,
    Company,
    ConsultantAssignment,
    Horizon,
    Outcome,
    OutcomeCheckpoint,
    OutcomeStatus,
    Placement,
    PlacementDecision,
    PlacementMember,
    PlacementStatus,
    PlanWeek,
    Role,
    SubGoal,
    SubGoalRating,
    SubGoalStep,
    User,
    WeeklyLog,
)

EXTRA_COMPANY = ("Demo: Café Kanten", "30123468")
# Groups of at least five citizens each, and one of exactly four: management information shows it suppressed.
# The keys are those of the default target groups (goals/data/target_groups.json).
TARGET_GROUPS = (("aktivitetsparat", 7), ("jobparat", 6), ("uddannelsesparat", 6), ("ressourceforløb", 4))
PURPOSES = (
    "Afklaring af arbejdsevne og af, hvilke opgaver der passer",
    "Optrapning mod ordinære timer",
    "Afprøvning af et nyt fagområde med henblik på uddannelse",
)
# The agreement's work tasks at each company, and the citizens' own wishes.
TASKS = {
    "Demo: Bageriet Hvede ApS": "Bage og pakke brød. Holde rent i bageriet.",
    "Demo: Lager og Logistik A/S": "Tage imod varer, sætte dem på plads og pakke ordrer.",
    "Demo: Grønne Hænder Gartneri": "Passe planter i drivhuset og ordne bede hos kunder.",
    EXTRA_COMPANY[0]: "Hjælpe i køkkenet, tage af bordene og vaske op.",
}
WISHES = (
    "Jeg vil gerne finde ud af, hvad jeg kan holde til.",
    "Jeg vil gerne arbejde med mennesker.",
    "Jeg vil gerne i gang med en uddannelse.",
)
WEEKS = (8, 13, 13, 26)
FIRST = ("Anders", "Birgit", "Carsten", "Dorthe", "Ebbe", "Fatima", "Gustav", "Hanne", "Ibrahim", "Jette", "Kasper")
LAST = ("Holm", "Skov", "Berg", "Lund", "Dahl", "Krogh", "Bach", "Vestergaard", "Møller")
# How far each finished placement moved the citizen: 1 little, 2 some, 3 much. Outcomes follow it, loosely.
OUTCOMES_BY_MOVE = {
    1: ("none", "other_effort", "unknown", "none", "other_effort"),
    2: ("other_effort", "flex_job", "education", "none", "ordinary_job"),
    3: ("ordinary_job", "education", "ordinary_job", "flex_job", "ordinary_job"),
}


@dataclass(frozen=True, slots=True)
class Finished:
    citizen: str
    target_group: str
    company: Company
    consultant: User
    purpose: str
    weeks: int
    end: dt.date
    move: int
    # The latest checkpoint due left unrecorded, so that the consultant's overview shows a follow-up due.
    leave_open: bool


async def add_history(
    db: AsyncSession,
    rng: random.Random,
    *,
    today: dt.date,
    companies: Sequence[Company],
    consultants: Sequence[User],
    account: Callable[[str, Role, str], User],
) -> int:
    """Finished placements across four companies and four target groups, in the caller's transaction; their number."""
    extra = Company(name=EXTRA_COMPANY[0], cvr=EXTRA_COMPANY[1])
    db.add(extra)
    every_company = [*companies, extra]
    parties = {}
    for company in every_company:
        slug = company.name.split(": ", 1)[1].split()[0].lower().replace("é", "e").replace("ø", "oe")
        parties[company.name] = (
            account(f"Kontakt i {company.name.split(': ', 1)[1]}", Role.COMPANY_CONTACT, f"kontakt.{slug}"),
            account(f"Mentor i {company.name.split(': ', 1)[1]}", Role.MENTOR, f"mentor.{slug}"),
        )
    await db.flush()
    plans = []
    index = 0
    for group, size in TARGET_GROUPS:
        for _ in range(size):
            plans.append(
                Finished(
                    citizen=f"Demo: {FIRST[index % len(FIRST)]} {LAST[(index * 5) % len(LAST)]}",
                    target_group=group,
                    company=every_company[index % len(every_company)],
                    consultant=consultants[index % len(consultants)],
                    purpose=PURPOSES[index % len(PURPOSES)],
                    weeks=WEEKS[index % len(WEEKS)],
                    end=today - dt.timedelta(days=12 + 17 * index),
                    move=1 + (index * 7 + rng.randrange(3)) % 3,
                    leave_open=index % 5 == 1,
                )
            )
            index += 1
    for number, plan in enumerate(plans):
        contact, mentor = parties[plan.company.name]
        await _finished(db, rng, plan, number, contact, mentor, today)
    return len(plans)


async def _finished(
    db: AsyncSession, rng: random.Random, plan: Finished, number: int, contact: User, mentor: User, today: dt.date
) -> None:
    start = plan.end - dt.timedelta(weeks=plan.weeks, days=-3)
    start -= dt.timedelta(days=start.weekday())
    citizen = Citizen(name=plan.citizen, case_ref=f"DEMO-2025-{number + 101:03d}", target_group=plan.target_group)
    db.add(citizen)
    await db.flush()
    first_week = format_week(start)
    weeks = [add_weeks(first_week, n) for n in range(plan.weeks)]
    targets = [min(15.0, max(0.0, 2.0 * (n - 3))) for n in range(plan.weeks)]
    placement = Placement(
        citizen_id=citizen.id,
        company_id=plan.company.id,
        consultant_id=plan.consultant.id,
        purpose=plan.purpose,
        tasks=TASKS.get(plan.company.name, TASKS[EXTRA_COMPANY[0]]),
        citizen_wishes=WISHES[number % len(WISHES)],
        contact_person=contact.name,
        mentor_name=mentor.name,
        start_date=start,
        planned_end_date=plan.end,
        ended_on=plan.end,
        status=PlacementStatus.ENDED,
        follow_up_date=None if number % 5 == 4 else start + dt.timedelta(weeks=4),
    )
    placement.plan_weeks = [
        PlanWeek(week=week, placement_hours=min(10 + 2 * n, 30), ordinary_hours_target=targets[n])
        for n, week in enumerate(weeks)
    ]
    library = default_library()
    goals = []
    for position, code in enumerate(("A", "C", "D") if number % 2 else ("A", "E", "B")):
        example = library.for_factor(code)[(number + position) % len(library.for_factor(code))]
        goals.append(
            SubGoal(
                factor=code,
                title=example.title,
                target=example.target,
                horizon=Horizon(example.horizon),
                position=position,
                steps=[SubGoalStep(position=p, text=text) for p, text in enumerate(example.steps)],
            )
        )
    placement.subgoals = goals
    db.add(placement)
    await db.flush()
    db.add(
        ConsultantAssignment(
            placement_id=placement.id,
            consultant_id=plan.consultant.id,
            assigned_by_id=plan.consultant.id,
            assigned_at=dt.datetime.combine(start, dt.time(9), dt.UTC),
        )
    )
    db.add_all(
        PlacementMember(placement_id=placement.id, user_id=user.id, role=role)
        for user, role in ((contact, Role.COMPANY_CONTACT), (mentor, Role.MENTOR))
    )
    _logs(db, rng, plan, placement, goals, weeks, targets, {Role.COMPANY_CONTACT: contact, Role.MENTOR: mentor})
    _assessments(db, rng, plan, placement, start)
    db.add(
        PlacementDecision(
            placement_id=placement.id,
            consultant_id=plan.consultant.id,
            decided_on=plan.end,
            decision="end",
            verdict_shown="continue" if plan.move > 1 else "consider_ending",
            reason="Forløbet er slut som planlagt; resultatet følges op efter 3 og 6 måneder.",
        )
    )
    _outcomes(db, rng, plan, placement, today)


def _logs(
    db: AsyncSession,
    rng: random.Random,
    plan: Finished,
    placement: Placement,
    goals: list[SubGoal],
    weeks: list[str],
    targets: list[float],
    observers: dict[Role, User],
) -> None:
    authors = {**observers, Role.CONSULTANT: plan.consultant}
    last = len(weeks) - 1
    for n, week in enumerate(weeks):
        progress = n / last if last else 1.0
        planned = min(10 + 2 * n, 30)
        attended = round(planned * rng.uniform(0.7 if plan.move == 1 else 0.85, 1.0))
        ordinary = round(targets[n] * (0.3, 0.7, 1.0)[plan.move - 1])
        for role, author in authors.items():
            if role is Role.CONSULTANT and n % 2:
                continue  # the consultant follows up every second week
            log = WeeklyLog(
                placement_id=placement.id,
                week=week,
                author_id=author.id,
                author_role=role,
                placement_hours=attended,
                ordinary_hours=ordinary,
                absence_hours=planned - attended,
                small_steps=rng.choice(("Mødte til tiden hele ugen", "Tog selv en ny opgave", "", "Bad om hjælp")),
            )
            ratings = []
            for i, goal in enumerate(goals):
                value = 1.5 + progress * (0.8 + 1.1 * plan.move) - 0.3 * i + rng.uniform(-0.4, 0.4)
                # Observers do not always agree: now and then the mentor sees it two steps apart (calibration).
                if role is Role.MENTOR and rng.random() < 0.12:
                    value += rng.choice((-2, 2))
                elif role is Role.CONSULTANT:
                    value += rng.choice((-1, 0, 0, 0, 1))
                ratings.append(SubGoalRating(subgoal_id=goal.id, rating=max(1, min(5, round(value)))))
            log.ratings = ratings
            db.add(log)
        for goal in goals:
            for step in goal.steps:
                if step.reached_week is None and progress * (1 + plan.move) >= 1 + step.position:
                    step.reached_week, step.reached_by_role = week, Role.COMPANY_CONTACT
                    break


def _assessments(db: AsyncSession, rng: random.Random, plan: Finished, placement: Placement, start: dt.date) -> None:
    """The citizen's own answers at the start and at the end (in dialogue with the consultant), and F beside them."""
    keys = sorted(default_bank().keys())
    opening = {key: rng.choice((1, 2, 2, 3)) for key in keys}
    for on, lift in ((start, 0), (plan.end, plan.move - 1 + rng.choice((0, 0, 1)))):
        assessment = Assessment(
            placement_id=placement.id,
            assessed_on=on,
            recorded_by_id=plan.consultant.id,
            recorded_by_role=Role.CONSULTANT,
            bank_version=default_bank().version,
        )
        assessment.answers = [
            AssessmentAnswer(question_key=key, factor=key[0], value=max(1, min(5, opening[key] + lift))) for key in keys
        ]
        db.add(assessment)
        db.add(
            CaseworkerAssessment(
                placement_id=placement.id,
                consultant_id=plan.consultant.id,
                assessed_on=on,
                score=max(1, min(5, 2 + lift)),
                reason="Første vurdering" if on == start else "Vurdering ved afslutningen",
            )
        )


def _outcomes(db: AsyncSession, rng: random.Random, plan: Finished, placement: Placement, today: dt.date) -> None:
    """Each checkpoint whose day has come, recorded on that day; one left open now and then for the overview."""
    due = [checkpoint for checkpoint in CHECKPOINTS if due_on(plan.end, checkpoint) <= today]
    if plan.leave_open and due:
        due.pop()
    choices = OUTCOMES_BY_MOVE[plan.move]
    status = rng.choice(choices)
    for checkpoint in due:
        # Most stay where they went; some move on between follow-ups.
        if checkpoint != "end" and rng.random() < 0.3:
            status = rng.choice(choices)
        hours = float(rng.choice((12, 15, 20, 25, 30, 37))) if status in ("ordinary_job", "flex_job") else None
        db.add(
            Outcome(
                placement_id=placement.id,
                checkpoint=OutcomeCheckpoint(checkpoint),
                status=OutcomeStatus(status),
                observed_on=due_on(plan.end, checkpoint),
                ordinary_hours_per_week=hours,
                note="",
                recorded_by_id=plan.consultant.id,
            )
        )
