"""Request and response bodies of self-assessments, the consultant's view (F) and the health consent."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import msgspec

from placement.access.scopes import HEALTH_CONSENT
from placement.assessments.consent import ConsentState
from placement.assessments.scores import ScoredAssessment
from placement.assessments.services import (
    AssessmentHistory,
    CaseworkerEntry,
    CaseworkerView,
)
from placement.assessments.talk import Conversation


class AssessmentIn(msgspec.Struct, forbid_unknown_fields=True):
    date: dt.date
    # Values are checked by the service rather than typed as int, so that a wrong one is named by its item key
    # ("answers.A1"); msgspec can only say "answers[...]".
    answers: Annotated[
        dict[str, Any],
        msgspec.Meta(description="question item key -> answer 1–5 (5 the most positive); leave out a skipped item"),
    ]
    items: Annotated[
        list[Any] | None,
        msgspec.Meta(
            description="the question keys chosen for this conversation (any selection of the bank's items); "
            "leave out to offer every item. Answers must be among them"
        ),
    ] = None
    agreed_scores: Annotated[
        dict[str, Any] | None,
        msgspec.Meta(description="factor -> the 1–5 score citizen and consultant agreed on; answered factors only"),
    ] = None
    what_it_takes: Annotated[
        dict[str, Any] | None,
        msgspec.Meta(description="factor -> what it would take for the citizen to move (hvad der skal til)"),
    ] = None
    remarks: Annotated[str | None, msgspec.Meta(description="the conversation's remarks")] = None

    def conversation(self) -> Conversation:
        return Conversation(
            items=self.items,
            agreed_scores=self.agreed_scores,
            what_it_takes=self.what_it_takes,
            remarks=self.remarks,
        )


class AssessmentCreated(msgspec.Struct, omit_defaults=True):
    id: str
    date: dt.date
    scores: Annotated[dict[str, float], msgspec.Meta(description="mean of the answered items per factor")]
    agreed_scores: dict[str, int] = msgspec.field(default_factory=dict)


class AssessmentOut(msgspec.Struct, omit_defaults=True):
    id: str
    date: dt.date
    recorded_by_role: str
    scores: dict[str, float]
    answers: dict[str, int]
    bank_version: Annotated[
        str,
        msgspec.Meta(
            description='the question bank version the answers were given in; "before-0010" when it was not kept'
        ),
    ]
    items: Annotated[
        list[str] | None,
        msgspec.Meta(description="the items chosen for this conversation that the caller may see; absent: all"),
    ] = None
    agreed_scores: Annotated[
        dict[str, int],
        msgspec.Meta(description="the score agreed per factor, beside the computed one; B only with consent"),
    ] = msgspec.field(default_factory=dict)
    remarks: Annotated[
        str | None, msgspec.Meta(description="the conversation's remarks; only to the jobcenter and the citizen")
    ] = None
    what_it_takes: Annotated[
        dict[str, str] | None,
        msgspec.Meta(description="per factor what it would take; only to the jobcenter and the citizen"),
    ] = None


class CaseworkerAssessmentIn(msgspec.Struct, forbid_unknown_fields=True):
    date: dt.date
    score: Annotated[int, msgspec.Meta(description="1–5, 5 the closest to job or education")]
    reason: str


class CaseworkerAssessmentOut(msgspec.Struct):
    id: str
    date: dt.date
    score: int
    reason: str
    case_holder: Annotated[int, msgspec.Meta(description="number of the consultant in case_holders who recorded it")]


class CaseHolderOut(msgspec.Struct, omit_defaults=True):
    number: int
    role: str
    from_date: dt.date = msgspec.field(name="from")
    until: Annotated[dt.date | None, msgspec.Meta(description="null while this consultant holds the case")]
    name: Annotated[str | None, msgspec.Meta(description="only to the jobcenter; absent for everyone else")] = None


class CaseworkerHistoryOut(msgspec.Struct):
    assessments: list[CaseworkerAssessmentOut]
    case_holders: list[CaseHolderOut]
    own_view_due: Annotated[
        dt.date | None,
        msgspec.Meta(
            description="to the consultant who took the case over: the day by which their own F is due; null when "
            "not owed (no handover, already given, ended) and for everyone else"
        ),
    ] = None
    own_view_late: bool = False


class AssessmentHistoryOut(msgspec.Struct, omit_defaults=True):
    factors: Annotated[list[str], msgspec.Meta(description="the factor codes the caller may see")]
    assessments: list[AssessmentOut]
    caseworker: Annotated[
        CaseworkerHistoryOut | None, msgspec.Meta(description="factor F; only to the consultant and the citizen")
    ] = None


class ConsentIn(msgspec.Struct, forbid_unknown_fields=True):
    share: bool
    method: Annotated[
        str | None,
        msgspec.Meta(
            description="the consultant records a consent the citizen gave: paper or in_person; the citizen leaves it out"
        ),
    ] = None
    given_on: Annotated[
        dt.date | None,
        msgspec.Meta(description="the day the citizen gave it on paper or in person; required with method"),
    ] = None


class ConsentPeriodOut(msgspec.Struct):
    given_at: Annotated[dt.datetime, msgspec.Meta(description="when it took effect in the service")]
    given_on: Annotated[dt.date, msgspec.Meta(description="the day the citizen gave it")]
    method: Annotated[str, msgspec.Meta(description="service, paper or in_person")]
    given_by_role: Annotated[str, msgspec.Meta(description="who recorded it: citizen or consultant")]
    withdrawn_at: dt.datetime | None
    withdrawn_by_role: Annotated[str | None, msgspec.Meta(description="only the citizen withdraws")]


class ConsentOut(msgspec.Struct):
    kind: str
    placement_id: Annotated[str, msgspec.Meta(description="the placement whose company contact and mentor it covers")]
    sharing: bool
    since: dt.datetime | None
    history: Annotated[list[ConsentPeriodOut], msgspec.Meta(description="newest first")]


def assessment_created_out(assessment: ScoredAssessment) -> AssessmentCreated:
    agreed = assessment.talk.agreed if assessment.talk is not None else {}
    return AssessmentCreated(
        id=str(assessment.id), date=assessment.date, scores=assessment.scores, agreed_scores=agreed
    )


def _assessment_out(assessment: ScoredAssessment) -> AssessmentOut:
    talk = assessment.talk
    notes = talk.notes if talk is not None else None
    return AssessmentOut(
        id=str(assessment.id),
        date=assessment.date,
        recorded_by_role=assessment.recorded_by_role,
        scores=assessment.scores,
        answers=assessment.answers,
        items=list(talk.items) if talk is not None and talk.items is not None else None,
        agreed_scores=talk.agreed if talk is not None else {},
        remarks=notes.remarks if notes is not None else None,
        what_it_takes=notes.what_it_takes if notes is not None else None,
        bank_version=assessment.bank_version,
    )


def caseworker_entry_out(entry: CaseworkerEntry) -> CaseworkerAssessmentOut:
    return CaseworkerAssessmentOut(
        id=str(entry.id), date=entry.date, score=entry.score, reason=entry.reason, case_holder=entry.case_holder
    )


def caseworker_history_out(view: CaseworkerView) -> CaseworkerHistoryOut:
    return CaseworkerHistoryOut(
        assessments=[caseworker_entry_out(entry) for entry in view.entries],
        case_holders=[
            CaseHolderOut(number=h.number, role="consultant", from_date=h.start, until=h.until, name=h.name)
            for h in view.case_holders
        ],
        own_view_due=view.own_view_due.due_on if view.own_view_due else None,
        own_view_late=view.own_view_due is not None and view.own_view_due.late,
    )


def assessment_history_out(history: AssessmentHistory) -> AssessmentHistoryOut:
    return AssessmentHistoryOut(
        factors=history.factors,
        assessments=[_assessment_out(a) for a in history.assessments],
        caseworker=caseworker_history_out(history.caseworker) if history.caseworker is not None else None,
    )


def consent_out(state: ConsentState) -> ConsentOut:
    return ConsentOut(
        kind=HEALTH_CONSENT,
        placement_id=str(state.placement_id),
        sharing=state.sharing,
        since=state.since,
        history=[
            ConsentPeriodOut(
                given_at=p.given_at,
                given_on=p.given_on,
                method=p.method,
                given_by_role=p.given_by_role,
                withdrawn_at=p.withdrawn_at,
                withdrawn_by_role="citizen" if p.withdrawn_at else None,
            )
            for p in state.history
        ],
    )
