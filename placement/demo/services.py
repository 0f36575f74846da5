"""Fills an empty database with a demo jobcenter: placements at every stage, all roles, 13 weeks of logs, and a year of
finished placements with their outcomes (placement.demo.history)."""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from goals.library import default_library
from goals.questions import default_bank
from goals.weeks import add_weeks, format_week
from placement.accounts.passwords import hash_password
from placement.db.models import (
    Assessment,
    AssessmentAnswer,
    CaseworkerAssessment,
    Citizen,
    Company,
    Consent,
    ConsentMethod,
    ConsultantAssignment,
    Horizon,
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
from placement.demo.history import add_history
from placement.errors import Conflict

DOMAIN = "demo.invalid"
COMPANIES = (
    ("Demo: Bageriet Hvede ApS", "10150817"),
    ("Demo: Lager og Logistik A/S", "25313763"),
    ("Demo: Grønne Hænder Gartneri", "35954716"),
)


# The agreement's work tasks per company, and each citizen's own wishes, in the plain words a citizen reads them in.
TASKS = (
    "Bage brød om morgenen sammen med en bager. Pakke brød og kager til butikkerne. Holde rent i bageriet.",
    "Tage imod varer og sætte dem på plads på lageret. Pakke ordrer. Køre med truck, når du har lært det.",
    "Så, plante og vande i drivhuset. Ordne bede hos kunder sammen med holdet. Passe på redskaberne.",
)
WISHES = (
    "Jeg vil gerne lære et fag, hvor jeg bruger mine hænder.",
    "Jeg vil gerne arbejde flere timer, men ikke tidligt om morgenen.",
    "Jeg vil gerne arbejde udenfor og have faste kolleger.",
    "Jeg vil have et job med løn igen. Jeg har brug for pauser.",
    "Jeg vil gerne have en fast plan for ugen.",
    "Jeg vil gerne blive ansat, hvor jeg er i praktik.",
)


@dataclass(frozen=True, slots=True)
class Stage:
    """One demo placement: how far in, how it goes, and how it ended if it did."""

    citizen: str
    weeks_in: int
    weeks: int
    trend: str  # rising, stalled, strong, none
    ended: bool = False
    # A key of the default target groups (goals/data/target_groups.json): two groups, so the overview's filter shows.
    target_group: str = "aktivitetsparat"


STAGES = (
    Stage("Demo: Amira Hansen", weeks_in=0, weeks=13, trend="none"),
    Stage("Demo: Bo Jensen", weeks_in=2, weeks=13, trend="rising"),
    Stage("Demo: Camilla Nielsen", weeks_in=7, weeks=13, trend="rising", target_group="jobparat"),
    Stage("Demo: Dennis Larsen", weeks_in=9, weeks=13, trend="stalled", target_group="jobparat"),
    Stage("Demo: Emma Pedersen", weeks_in=12, weeks=13, trend="strong"),
    Stage("Demo: Frederik Madsen", weeks_in=13, weeks=13, trend="strong", ended=True),
)
# The stage whose case changed hands: Karin held it, Omar took it over nine days ago (the own-F flag shows).
HANDED_OVER = 3


@dataclass(frozen=True, slots=True)
class DemoLogin:
    email: str
    role: str


async def create_demo(db: AsyncSession, *, today: dt.date, seed: int = 2026) -> tuple[str, list[DemoLogin]]:
    """The demo, in the caller's transaction; refuses a database that already holds accounts or placements."""
    if (await db.scalar(select(func.count()).select_from(User))) or (
        await db.scalar(select(func.count()).select_from(Placement))
    ):
        raise Conflict("the database is not empty; the demo only fills an empty one")
    rng = random.Random(seed)
    password = secrets.token_urlsafe(9)
    hashed = await hash_password(password)
    logins: list[DemoLogin] = []

    def account(name: str, role: Role, local: str) -> User:
        user = User(email=f"{local}@{DOMAIN}", name=f"Demo: {name}", role=role, password_hash=hashed)
        db.add(user)
        logins.append(DemoLogin(user.email, role.value))
        return user

    account("Anne Admin", Role.ADMIN, "admin")
    account("Lars Leder", Role.LEADER, "leder")
    consultants = [
        account("Karin Konsulent", Role.CONSULTANT, "karin"),
        account("Omar Konsulent", Role.CONSULTANT, "omar"),
    ]
    companies = [Company(name=name, cvr=cvr) for name, cvr in COMPANIES]
    db.add_all(companies)
    await db.flush()
    library, bank = default_library(), default_bank()
    for index, stage in enumerate(STAGES):
        consultant = consultants[index % 2]
        first_name = stage.citizen.split(": ", 1)[1].split()[0].lower()
        citizen_user = account(stage.citizen.split(": ", 1)[1], Role.CITIZEN, f"borger.{first_name}")
        contact = account(f"Kontakt for {first_name.title()}", Role.COMPANY_CONTACT, f"kontakt.{first_name}")
        mentor = account(f"Mentor for {first_name.title()}", Role.MENTOR, f"mentor.{first_name}")
        await db.flush()
        citizen = Citizen(
            name=stage.citizen,
            case_ref=f"DEMO-2026-{index + 1:03d}",
            target_group=stage.target_group,
            user_id=citizen_user.id,
        )
        db.add(citizen)
        await db.flush()
        start = today - dt.timedelta(weeks=stage.weeks_in) + dt.timedelta(days=7 if stage.weeks_in == 0 else 0)
        start -= dt.timedelta(days=start.weekday())
        placement = Placement(
            citizen_id=citizen.id,
            company_id=companies[index % len(companies)].id,
            consultant_id=consultant.id,
            purpose="Optrapning mod ordinære timer og afklaring af, hvilke opgaver der passer",
            # The first placement is still being planned: its tasks are not written yet, so it cannot start.
            tasks="" if stage.weeks_in == 0 else TASKS[index % len(TASKS)],
            citizen_wishes=WISHES[index % len(WISHES)],
            contact_person=contact.name,
            mentor_name=mentor.name,
            start_date=start,
            planned_end_date=start + dt.timedelta(weeks=stage.weeks, days=-3),
            status=PlacementStatus.PLANNED if stage.weeks_in == 0 else PlacementStatus.ACTIVE,
            follow_up_date=today + dt.timedelta(days=7 + index) if index % 3 else None,
        )
        first_week = format_week(start)
        placement.plan_weeks = [
            PlanWeek(
                week=add_weeks(first_week, n), placement_hours=min(12 + 2 * n, 30), ordinary_hours_target=max(0, n - 5)
            )
            for n in range(stage.weeks)
        ]
        factors = ["A", "D", "C", "B"][: 3 + index % 2]
        goals = []
        for position, code in enumerate(factors):
            example = library.for_factor(code)[index % len(library.for_factor(code))]
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
        # Dennis's case was handed over nine days ago: the consultant who took it has not yet given their own F.
        handed_over = index == HANDED_OVER
        first_holder = consultants[(index + 1) % 2] if handed_over else consultant
        db.add(
            ConsultantAssignment(
                placement_id=placement.id,
                consultant_id=first_holder.id,
                assigned_by_id=first_holder.id,
                assigned_at=dt.datetime.combine(start, dt.time(9), dt.UTC),
            )
        )
        if handed_over:
            db.add(
                ConsultantAssignment(
                    placement_id=placement.id,
                    consultant_id=consultant.id,
                    assigned_by_id=consultant.id,
                    assigned_at=dt.datetime.combine(today - dt.timedelta(days=9), dt.time(9), dt.UTC),
                )
            )
        for user, role in ((contact, Role.COMPANY_CONTACT), (mentor, Role.MENTOR)):
            db.add(PlacementMember(placement_id=placement.id, user_id=user.id, role=role))
        _logs(
            db,
            rng,
            stage,
            placement,
            goals,
            {Role.COMPANY_CONTACT: contact, Role.MENTOR: mentor, Role.CONSULTANT: consultant},
        )
        _assessments(db, rng, stage, placement, bank.keys(), citizen_user, first_holder, today)
        if index == 2:
            db.add(
                Consent(
                    placement_id=placement.id,
                    kind="share_health_b",
                    given_on=start,
                    method=ConsentMethod.SERVICE,
                    given_at=dt.datetime.combine(start, dt.time(10), dt.UTC),
                    recorded_by_id=citizen_user.id,
                )
            )
        if stage.ended:
            placement.status = PlacementStatus.ENDED
            placement.ended_on = placement.planned_end_date
            db.add(
                PlacementDecision(
                    placement_id=placement.id,
                    consultant_id=consultant.id,
                    decided_on=placement.planned_end_date,
                    decision="end",
                    verdict_shown="continue",
                    reason="Ordinær ansættelse 15 timer om ugen i virksomheden fra næste måned.",
                )
            )
        elif stage.weeks_in >= 6:
            db.add(
                PlacementDecision(
                    placement_id=placement.id,
                    consultant_id=consultant.id,
                    decided_on=start + dt.timedelta(weeks=4),
                    decision="continue",
                    verdict_shown="continue",
                    reason="Stabilt fremmøde og de første små skridt nået.",
                )
            )
    await add_history(db, rng, today=today, companies=companies, consultants=consultants, account=account)
    await db.flush()
    return password, logins


def _logs(
    db: AsyncSession,
    rng: random.Random,
    stage: Stage,
    placement: Placement,
    goals: list[SubGoal],
    authors: dict[Role, User],
) -> None:
    first = format_week(placement.start_date)
    for n in range(stage.weeks_in):
        week = add_weeks(first, n)
        planned = min(12 + 2 * n, 30)
        base = {"rising": 1 + n * 0.45, "strong": 1.5 + n * 0.35, "stalled": 2.0, "none": 1}[stage.trend]
        attended = planned * (0.55 if stage.trend == "stalled" else rng.uniform(0.85, 1.0))
        ordinary = max(0, n - 5) if stage.trend in ("rising", "strong") else 0
        for role, author in authors.items():
            if role is Role.CONSULTANT and n % 2:
                continue  # the consultant follows up every second week
            log = WeeklyLog(
                placement_id=placement.id,
                week=week,
                author_id=author.id,
                author_role=role,
                placement_hours=round(attended),
                ordinary_hours=ordinary,
                absence_hours=round(planned - attended),
                small_steps=rng.choice(
                    (
                        "Mødte til tiden hele ugen",
                        "Spurgte selv en kollega om hjælp",
                        "Tog en ny opgave uden at blive bedt om det",
                        "",
                        "Sagde fra på en god måde, da det blev for meget",
                    )
                ),
            )
            offset = -2 if (role is Role.MENTOR and stage.trend == "rising" and n == stage.weeks_in - 1) else 0
            log.ratings = [
                SubGoalRating(
                    subgoal_id=goal.id, rating=max(1, min(5, round(base + offset - 0.3 * i + rng.uniform(-0.3, 0.3))))
                )
                for i, goal in enumerate(goals)
            ]
            db.add(log)
        for goal in goals:
            for step in goal.steps:
                if step.reached_week is None and base - 0.5 * step.position >= 2.5 and n >= 2 + step.position * 2:
                    step.reached_week, step.reached_by_role = week, Role.COMPANY_CONTACT
                    break


def _assessments(
    db: AsyncSession,
    rng: random.Random,
    stage: Stage,
    placement: Placement,
    keys: frozenset[str],
    citizen: User,
    consultant: User,
    today: dt.date,
) -> None:
    times = 1 + stage.weeks_in // 4
    for k in range(times):
        # Never in the future: a planned placement's first conversation is today.
        on = min(placement.start_date + dt.timedelta(weeks=4 * k), today)
        lift = k if stage.trend in ("rising", "strong") else 0
        assessment = Assessment(
            placement_id=placement.id,
            assessed_on=on,
            recorded_by_id=citizen.id,
            recorded_by_role=Role.CITIZEN,
            bank_version=default_bank().version,
        )
        assessment.answers = [
            AssessmentAnswer(
                question_key=key, factor=key[0], value=max(1, min(5, 2 + lift + rng.choice((-1, 0, 0, 1))))
            )
            for key in sorted(keys)
        ]
        db.add(assessment)
        db.add(
            CaseworkerAssessment(
                placement_id=placement.id,
                consultant_id=consultant.id,
                assessed_on=on,
                score=max(1, min(5, 2 + lift)),
                reason="Borgeren tager mere ansvar" if lift else "Første vurdering",
            )
        )
