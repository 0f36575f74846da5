"""The assessment pages under /forloeb/{id}: the questions step by step, a result, F and the health consent."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from placement.access.policy import Permission, Relation, relation_of
from placement.assessments import consent, pick, services, steps, talk, views
from placement.assessments.api import question_bank
from placement.assessments.talk_pages import agree_page
from placement.auth.identity import Actor
from placement.clock import provide_clock
from placement.db.unit_of_work import attempt
from placement.errors import InvalidInput, RuleViolation, ServiceError
from placement.web.render import page, request_language

DbSession = NamedDependency[AsyncSession]
CurrentActor = NamedDependency[Actor]

# A form mistake is answered with the form again and a message. The status still says "bad request", so the request
# rolls back: that page shows only the form, never data whose read would then go unaudited.
BAD_REQUEST = 400


class StepForm(msgspec.Struct):
    """One step of the question form; position -1 is the start page."""

    date: str = ""
    position: int = -1
    draft: str = ""
    choice: int | None = None
    skip: str = ""
    back: str = ""
    # The chosen items (comma-separated keys) once the consultant picked them; empty: every item.
    items: str = ""
    picked: str = ""


class CaseworkerForm(msgspec.Struct):
    date: str = ""
    score: str = ""
    reason: str = ""


class ConsentForm(msgspec.Struct):
    share: str = ""
    method: str = ""
    given_on: str = ""


def _parse_date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"date must be YYYY-MM-DD, found {raw!r}", field="date") from None


class AssessmentPageController(Controller):
    path = "/forloeb/{placement_id:uuid}"
    include_in_schema = False

    async def _intro(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        target: services.FormTarget,
        *,
        date: str = "",
        error: ServiceError | None = None,
        selection_id: uuid.UUID | None = None,
        checked: list[str] | None = None,
    ) -> Template:
        bank = question_bank(request)
        history = (
            [] if error else (await services.read_assessments(db_session, actor, bank, target.placement_id)).assessments
        )
        together = target.relation is Relation.CONSULTANT
        picking = (
            await pick.pick_view(
                db_session,
                bank,
                target.citizen_id,
                history,
                request_language(request),
                selection_id=selection_id,
                checked=checked,
            )
            if together
            else None
        )
        return page(
            request,
            "assessments/intro.html",
            {
                "placement_id": str(target.placement_id),
                "together": together,
                "date": date or request.app.state.clock.today().isoformat(),
                "total": len(bank.items),
                "history": views.assessment_rows(history),
                "pick": picking,
                "error": error,
            },
            status_code=BAD_REQUEST if error else 200,
        )

    def _step(
        self,
        request: Request[Any, Any, Any],
        target: services.FormTarget,
        on: dt.date,
        step: steps.Step,
        *,
        items: tuple[str, ...] | None = None,
        error: InvalidInput | None = None,
    ) -> Template:
        lang = request_language(request)
        bank = pick.step_bank(question_bank(request), items)
        return page(
            request,
            "assessments/step.html",
            {
                "placement_id": str(target.placement_id),
                "together": target.relation is Relation.CONSULTANT,
                "date": on.isoformat(),
                "assessed_on": on,
                "position": step.position,
                "draft": steps.encode_draft(step.draft),
                "items": pick.items_field(items or ()),
                "question": views.question_view(bank, step.position, step.draft, lang),
                "error": error,
            },
            status_code=BAD_REQUEST if error else 200,
        )

    @get("/maaling", name="assessments:form")
    async def start(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        placement_id: FromPath[uuid.UUID],
    ) -> Template:
        target = await services.form_target(db_session, actor, placement_id, Permission.ANSWER_ASSESSMENT)
        raw = request.query_params.get("udvalg", "")
        try:
            selection_id = uuid.UUID(raw) if raw else None
        except ValueError:
            selection_id = None
        return await self._intro(request, db_session, actor, target, selection_id=selection_id)

    @post("/maaling", name="assessments:step", status_code=200)
    async def step(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        placement_id: FromPath[uuid.UUID],
        data: Annotated[StepForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Template | Redirect:
        full = question_bank(request)
        target = await services.form_target(db_session, actor, placement_id, Permission.ANSWER_ASSESSMENT)
        together = target.relation is Relation.CONSULTANT
        # The pick step sends `picked` with its checkboxes: then no box checked is an empty choice, not every item.
        checked = list((await request.form()).getall("item", [])) if data.position == -1 and data.picked else None
        try:
            on = _parse_date(data.date)
            services.check_assessment_date(on, target.start_date, request.app.state.clock.today())
            items = talk.checked_items(full, checked if checked is not None else pick.parse_items_field(data.items))
            bank = pick.step_bank(full, items)
            draft = steps.decode_draft(bank, data.draft)
        except (InvalidInput, RuleViolation) as error:
            return await self._intro(request, db_session, actor, target, date=data.date, error=error, checked=checked)
        if data.position == -1:
            return self._step(request, target, on, steps.Step(0, {}), items=items)
        try:
            step = steps.advance(
                bank, data.position, draft, choice=data.choice, skip=bool(data.skip), back=bool(data.back)
            )
        except InvalidInput as error:
            if error.field == "position":
                return await self._intro(request, db_session, actor, target, date=data.date, error=error)
            return self._step(request, target, on, steps.Step(data.position, draft), items=items, error=error)
        if not step.done(bank):
            return self._step(request, target, on, step, items=items)
        answers = steps.answers_of(step.draft)
        if not answers:
            nothing = InvalidInput("every question was skipped, so there is nothing to save", field="answers")
            return await self._intro(request, db_session, actor, target, date=data.date, error=nothing)
        if together:
            return agree_page(request, target, on, items, step.draft)
        saved = await services.record_assessment(
            db_session, actor, full, target.placement_id, on=on, answers=answers, today=request.app.state.clock.today()
        )
        return Redirect(
            request.app.route_reverse("assessments:result", placement_id=target.placement_id, assessment_id=saved.id),
            status_code=303,
        )

    @get("/maaling/{assessment_id:uuid}", name="assessments:result")
    async def result(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        placement_id: FromPath[uuid.UUID],
        assessment_id: FromPath[uuid.UUID],
    ) -> Template:
        detail = await services.read_assessment(db_session, actor, question_bank(request), placement_id, assessment_id)
        lang = request_language(request)
        return page(
            request,
            "assessments/result.html",
            {
                "placement_id": str(detail.placement_id),
                "relation": detail.relation.value,
                "assessed_on": detail.assessment.date,
                "bars": views.factor_bars(question_bank(request), detail.assessment, detail.factors, lang),
                "notes": detail.assessment.talk.notes if detail.assessment.talk is not None else None,
            },
        )

    @get("/konsulentvurdering", name="assessments:caseworker")
    async def caseworker(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        placement_id: FromPath[uuid.UUID],
    ) -> Template:
        view = await services.read_caseworker_assessments(
            db_session,
            actor,
            placement_id,
            today=request.app.state.clock.today(),
            own_view_days=request.app.state.settings.handover_own_view_days,
        )
        return page(
            request,
            "assessments/caseworker.html",
            {
                "placement_id": placement_id,
                "relation": relation_of(actor.role).value,
                "history": views.caseworker_page(view, request_language(request)),
                "own_view_due": view.own_view_due,
                "form": CaseworkerForm(date=request.app.state.clock.today().isoformat()),
                "error": None,
            },
        )

    @post("/konsulentvurdering", name="assessments:caseworker-save", status_code=303)
    async def record_caseworker(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        placement_id: FromPath[uuid.UUID],
        data: Annotated[CaseworkerForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Template | Redirect:
        target = await services.form_target(db_session, actor, placement_id, Permission.RECORD_CASEWORKER_ASSESSMENT)
        try:
            score = int(data.score) if data.score.strip().isdigit() else None
            await services.record_caseworker_assessment(
                db_session,
                actor,
                target.placement_id,
                on=_parse_date(data.date),
                score=score,
                reason=data.reason,
                today=request.app.state.clock.today(),
            )
        except InvalidInput as error:
            return page(
                request,
                "assessments/caseworker.html",
                {
                    "placement_id": str(target.placement_id),
                    "relation": target.relation.value,
                    "history": None,
                    "own_view_due": None,
                    "form": data,
                    "error": error,
                },
                status_code=BAD_REQUEST,
            )
        return Redirect(
            request.app.route_reverse("assessments:caseworker", placement_id=target.placement_id), status_code=303
        )

    async def _consent_page(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        placement_id: uuid.UUID,
        *,
        form: ConsentForm | None = None,
        error: InvalidInput | None = None,
    ) -> Template:
        state = await consent.read_health_consent(db_session, actor, placement_id)
        return page(
            request,
            "assessments/consent.html",
            {
                "placement_id": str(state.placement_id),
                "relation": relation_of(actor.role).value,
                "consent": views.consent_page(state, request_language(request)),
                "form": form or ConsentForm(given_on=request.app.state.clock.today().isoformat()),
                "error": error,
            },
            status_code=BAD_REQUEST if error else 200,
        )

    @get("/samtykke", name="assessments:consent")
    async def consent(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        placement_id: FromPath[uuid.UUID],
    ) -> Template:
        return await self._consent_page(request, db_session, actor, placement_id)

    @post("/samtykke", name="assessments:consent-save", status_code=303)
    async def set_consent(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        placement_id: FromPath[uuid.UUID],
        data: Annotated[ConsentForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    ) -> Template | Redirect:
        target = await services.form_target(db_session, actor, placement_id, Permission.RECORD_CONSENT)
        try:
            async with attempt(db_session):
                if data.share not in ("ja", "nej"):
                    raise InvalidInput("share must be ja or nej", field="share")
                given_on = _parse_date(data.given_on) if data.given_on.strip() else None
                await consent.set_health_consent(
                    db_session,
                    actor,
                    target.placement_id,
                    share=data.share == "ja",
                    method=data.method or None,
                    given_on=given_on,
                    clock=provide_clock(request.app.state),
                )
        except InvalidInput as error:
            return await self._consent_page(request, db_session, actor, target.placement_id, form=data, error=error)
        return Redirect(
            request.app.route_reverse("assessments:consent", placement_id=target.placement_id), status_code=303
        )
