"""A placement's rows of placement_fact and placement_week_fact, computed from the base tables by goals' rules."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from goals.bounds import LATEST_DATE
from goals.placement_facts import length_band, placement_facts, week_number
from goals.progress import compute_progress
from goals.progress_input import (
    AssessmentInput,
    CaseworkerInput,
    LogInput,
    PlanWeekInput,
    ProgressInput,
    SubGoalInput,
)
from goals.scoring import factor_means
from placement.db.fact_records import PURPOSE_KEY_LENGTH
from placement.db.models import (
    Assessment,
    AssessmentAnswer,
    CaseworkerAssessment,
    Citizen,
    Outcome,
    OutcomeCheckpoint,
    Placement,
    PlacementDecision,
    PlanWeek,
    SubGoal,
    SubGoalRating,
    WeeklyLog,
)


def compute(session: Session, placement_ids: Sequence[uuid.UUID]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows of placement_fact and placement_week_fact of these placements, computed from the base tables."""
    ids = list(placement_ids)
    # Named columns only: the migration that adds the facts fills them with this code at its own revision.
    placements = session.execute(
        select(
            Placement.id,
            Placement.citizen_id,
            Placement.consultant_id,
            Placement.company_id,
            Placement.purpose,
            Placement.start_date,
            Placement.planned_end_date,
            Placement.ended_on,
            Placement.follow_up_date,
            Citizen.target_group,
            # The outcomes and whether a decision was taken come with the placement: fewer statements under the lock.
            exists().where(PlacementDecision.placement_id == Placement.id).label("decided"),
            *(
                select(Outcome.status)
                .where(Outcome.placement_id == Placement.id, Outcome.checkpoint == checkpoint)
                .scalar_subquery()
                .label(f"outcome_{checkpoint.value}")
                for checkpoint in OutcomeCheckpoint
            ),
        )
        .join(Citizen, Citizen.id == Placement.citizen_id)
        .where(Placement.id.in_(ids))
    ).all()
    if not placements:
        return [], []
    plan = _grouped(
        session.execute(
            select(
                PlanWeek.placement_id, PlanWeek.week, PlanWeek.placement_hours, PlanWeek.ordinary_hours_target
            ).where(PlanWeek.placement_id.in_(ids))
        )
    )
    subgoals = _grouped(
        session.execute(
            select(SubGoal.placement_id, SubGoal.id, SubGoal.factor, SubGoal.title)
            .where(SubGoal.placement_id.in_(ids))
            .order_by(SubGoal.position, SubGoal.id)
        )
    )
    logs: defaultdict[uuid.UUID, dict[uuid.UUID, Any]] = defaultdict(dict)
    ratings: defaultdict[uuid.UUID, dict[str, int]] = defaultdict(dict)
    for row in session.execute(
        select(
            WeeklyLog.id,
            WeeklyLog.placement_id,
            WeeklyLog.week,
            WeeklyLog.author_role,
            WeeklyLog.placement_hours,
            WeeklyLog.ordinary_hours,
            WeeklyLog.absence_hours,
            SubGoalRating.subgoal_id,
            SubGoalRating.rating,
        )
        .outerjoin(SubGoalRating, SubGoalRating.log_id == WeeklyLog.id)
        .where(WeeklyLog.placement_id.in_(ids))
    ):
        logs[row.placement_id][row.id] = row
        if row.subgoal_id is not None:
            ratings[row.id][str(row.subgoal_id)] = row.rating
    answers: defaultdict[uuid.UUID, dict[tuple[dt.date, uuid.UUID], list[tuple[str, int]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for row2 in session.execute(
        select(
            Assessment.placement_id,
            Assessment.id,
            Assessment.assessed_on,
            AssessmentAnswer.factor,
            AssessmentAnswer.value,
        )
        .join(AssessmentAnswer, AssessmentAnswer.assessment_id == Assessment.id)
        .where(Assessment.placement_id.in_(ids))
    ):
        answers[row2.placement_id][row2.assessed_on, row2.id].append((row2.factor, row2.value))
    caseworker = _grouped(
        session.execute(
            select(
                CaseworkerAssessment.placement_id, CaseworkerAssessment.assessed_on, CaseworkerAssessment.score
            ).where(CaseworkerAssessment.placement_id.in_(ids))
        )
    )
    facts: list[dict[str, Any]] = []
    weeks: list[dict[str, Any]] = []
    for placement in placements:
        end = placement.ended_on or placement.planned_end_date
        progress = compute_progress(
            ProgressInput(
                start_date=placement.start_date,
                planned_end_date=placement.planned_end_date,
                today=LATEST_DATE,
                subgoals=tuple(
                    SubGoalInput(id=str(g.id), factor=g.factor, title=g.title) for g in subgoals[placement.id]
                ),
                assessments=tuple(
                    AssessmentInput(date=day, scores=scores)
                    for (day, _), pairs in answers[placement.id].items()
                    if (scores := factor_means(pairs))
                ),
                caseworker_assessments=tuple(
                    CaseworkerInput(date=c.assessed_on, score=c.score, reason="") for c in caseworker[placement.id]
                ),
                logs=tuple(
                    LogInput(
                        week=log.week,
                        author_role=log.author_role.value,
                        placement_hours=log.placement_hours,
                        ordinary_hours=log.ordinary_hours,
                        absence_hours=log.absence_hours,
                        ratings=ratings[log_id],
                    )
                    for log_id, log in logs[placement.id].items()
                ),
                plan=tuple(
                    PlanWeekInput(
                        week=w.week, placement_hours=w.placement_hours, ordinary_hours_target=w.ordinary_hours_target
                    )
                    for w in plan[placement.id]
                ),
            )
        )
        one = placement_facts(progress, end=end)
        facts.append(
            {
                "placement_id": placement.id,
                "citizen_id": placement.citizen_id,
                "consultant_id": placement.consultant_id,
                "company_id": placement.company_id,
                "target_group": placement.target_group,
                "purpose": placement.purpose.strip()[:PURPOSE_KEY_LENGTH],
                "start_date": placement.start_date,
                "end_date": end,
                "length_band": length_band(placement.start_date, end),
                "start_week": week_number(placement.start_date),
                "end_week": week_number(end),
                "has_follow_up": placement.follow_up_date is not None or bool(placement.decided),
                "subgoals": one.subgoals,
                "subgoals_reached": one.subgoals_reached,
                **{f"subgoal_{code.lower()}": code in one.subgoal_factors for code in "ABCDE"},
                **{f"change_{code.lower()}": change for code, change in one.changes.items()},
                "ordinary_reached": one.ordinary_reached,
                "last_ordinary_hours": one.last_ordinary_hours,
                "hours_attended": one.hours_attended,
                "hours_planned": one.hours_planned,
                "weeks_logged": one.weeks_logged,
                "outcome_end": placement.outcome_end,
                "outcome_3m": placement.outcome_3m,
                "outcome_6m": placement.outcome_6m,
            }
        )
        weeks.extend(
            {
                "placement_id": placement.id,
                "week_index": week.index,
                "start_date": placement.start_date,
                "end_date": end,
                "planned_ordinary_hours": week.planned_ordinary_hours,
                "ordinary_hours": week.ordinary_hours,
                "placement_hours": week.placement_hours,
            }
            for week in one.weeks
        )
    return facts, weeks


def _grouped(rows: Iterable[Any]) -> defaultdict[uuid.UUID, list[Any]]:
    grouped: defaultdict[uuid.UUID, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.placement_id].append(row)
    return grouped
