"""The self-assessment, F and consent API under /api/placements/{id}."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, get, post, put
from litestar.di import NamedDependency
from litestar.params import Body, FromPath
from sqlalchemy.ext.asyncio import AsyncSession

from goals.questions import QuestionBank
from placement.assessments import consent, services
from placement.assessments.schemas import (
    AssessmentCreated,
    AssessmentHistoryOut,
    AssessmentIn,
    CaseworkerAssessmentIn,
    CaseworkerAssessmentOut,
    CaseworkerHistoryOut,
    ConsentIn,
    ConsentOut,
    assessment_created_out,
    assessment_history_out,
    caseworker_entry_out,
    caseworker_history_out,
    consent_out,
)
from placement.auth.identity import Actor
from placement.clock import Clock

# Dependencies named explicitly (Litestar 2.23+): the plugin's request session and the signed-in actor.
DbSession = NamedDependency[AsyncSession]
CurrentActor = NamedDependency[Actor]


def question_bank(request: Request[Any, Any, Any]) -> QuestionBank:
    return request.app.state.bank


class AssessmentApiController(Controller):
    path = "/api/placements/{placement_id:uuid}"
    tags = ["assessments"]

    @post(
        "/assessments",
        name="assessments:api-create",
        summary="Record the citizen's answers at a date, in the conversation also the chosen items, agreed scores "
        "and remarks; returns the mean per answered factor",
    )
    async def create_assessment(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        placement_id: FromPath[uuid.UUID],
        data: Annotated[AssessmentIn, Body()],
    ) -> AssessmentCreated:
        result = await services.record_assessment(
            db_session,
            actor,
            question_bank(request),
            placement_id,
            on=data.date,
            answers=data.answers,
            today=request.app.state.clock.today(),
            conversation=data.conversation(),
        )
        return assessment_created_out(result)

    @get(
        "/assessments",
        name="assessments:api-list",
        summary="The self-assessments the caller may see, with F for the consultant and citizen",
    )
    async def list_assessments(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        placement_id: FromPath[uuid.UUID],
    ) -> AssessmentHistoryOut:
        history = await services.read_assessments(db_session, actor, question_bank(request), placement_id)
        return assessment_history_out(history)

    @post(
        "/caseworker-assessments",
        name="assessments:api-caseworker-create",
        summary="The consultant's 1–5 rating of the citizen's readiness (F) with a reason",
    )
    async def create_caseworker_assessment(
        self,
        db_session: DbSession,
        actor: CurrentActor,
        clock: NamedDependency[Clock],
        placement_id: FromPath[uuid.UUID],
        data: Annotated[CaseworkerAssessmentIn, Body()],
    ) -> CaseworkerAssessmentOut:
        entry = await services.record_caseworker_assessment(
            db_session, actor, placement_id, on=data.date, score=data.score, reason=data.reason, today=clock.today()
        )
        return caseworker_entry_out(entry)

    @get(
        "/caseworker-assessments",
        name="assessments:api-caseworker-list",
        summary="F over time and who held the case when; consultant and citizen only",
    )
    async def list_caseworker_assessments(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        placement_id: FromPath[uuid.UUID],
    ) -> CaseworkerHistoryOut:
        view = await services.read_caseworker_assessments(
            db_session,
            actor,
            placement_id,
            today=request.app.state.clock.today(),
            own_view_days=request.app.state.settings.handover_own_view_days,
        )
        return caseworker_history_out(view)

    @get(
        "/consent/health",
        name="assessments:api-consent-read",
        summary="Whether the citizen shares their health answers (B) with company and mentor",
    )
    async def read_consent(
        self, db_session: DbSession, actor: CurrentActor, placement_id: FromPath[uuid.UUID]
    ) -> ConsentOut:
        return consent_out(await consent.read_health_consent(db_session, actor, placement_id))

    @put(
        "/consent/health",
        name="assessments:api-consent-set",
        summary="Give or withdraw the citizen's consent to share B; takes effect at once",
    )
    async def set_consent(
        self,
        db_session: DbSession,
        actor: CurrentActor,
        clock: NamedDependency[Clock],
        placement_id: FromPath[uuid.UUID],
        data: Annotated[ConsentIn, Body()],
    ) -> ConsentOut:
        return consent_out(
            await consent.set_health_consent(
                db_session,
                actor,
                placement_id,
                share=data.share,
                method=data.method,
                given_on=data.given_on,
                clock=clock,
            )
        )
