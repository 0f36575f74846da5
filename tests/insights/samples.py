"""Answers of the insights service built by hand, for the view models and templates that need no database."""

from __future__ import annotations

from placement.insights.schemas import (
    Evidence,
    EvidenceRow,
    FactorChange,
    GroupFigures,
    HoursWeek,
    Insights,
    OutcomeFigures,
)


def figures(key: str, label: str, citizens: int, *, change: float = 0.5) -> GroupFigures:
    return GroupFigures(
        key=key,
        label=label,
        suppressed=False,
        citizens=citizens,
        placements=citizens + 1,
        progression=[
            FactorChange(code, citizens, round(change + index * 0.1, 2)) for index, code in enumerate("ABCDEF")
        ],
        subgoals=20,
        subgoals_reached=12,
        subgoals_reached_share=0.6,
        ordinary_hours_reached=4,
        ordinary_hours_share=4 / (citizens + 1),
        ordinary_hours_at_end=7.5,
        outcomes=[
            OutcomeFigures("end", citizens, citizens, 2, 0.4, 1, {"ordinary_job": 1, "education": 1}),
            OutcomeFigures("3m", citizens, 3, 1, 1 / 3, 2, {"ordinary_job": 1}),
            OutcomeFigures("6m", 2, 0, 0, None, 2, {}),
        ],
        attendance_share=0.85,
        weeks_logged_share=0.9,
        without_purpose=0,
        without_follow_up=1,
    )


def sample_insights(*, suppressed_label: str = "Lille ApS") -> Insights:
    return Insights(
        period_from="2026-11",
        period_to="2026-11",
        group_by="company",
        filters={},
        suppressed_below=5,
        groups=[
            figures("c1", "Demo: Bageriet Syd", 6, change=0.8),
            figures("c2", "Demo: Lageret <Nord>", 7, change=-0.3),
            GroupFigures(key="c3", label=suppressed_label, suppressed=True),
        ],
        total=figures("total", "I alt", 17),
        hours_by_week=[HoursWeek(week, 12, week * 0.5, week * 0.4, 15 + week) for week in range(1, 14)],
    )


def sample_evidence() -> Evidence:
    return Evidence(
        period_from="2026-11",
        period_to="2026-11",
        suppressed_below=5,
        placements=14,
        rows=[
            EvidenceRow("A", "low", True),
            EvidenceRow("A", "high", False, 8, 6, 0.75),
            EvidenceRow("ordinary_hours", "reached", False, 6, 4, 4 / 6),
        ],
    )
