"""The agree step of the second conversation: after the answers, the two agree on a score per answered factor and
write remarks and what it takes; saving stores the whole assessment at once."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from litestar import Controller, Request, post
from litestar.datastructures import FormMultiDict
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlalchemy.ext.asyncio import AsyncSession

from goals.factors import CITIZEN_FACTOR_CODES
from goals.scoring import factor_scores
from placement.access.policy import Permission, may_agree_scores
from placement.assessments import pick, services, steps
from placement.assessments.talk import Conversation, checked_items
from placement.auth.identity import Actor
from placement.errors import Forbidden, InvalidInput, RuleViolation, ServiceError
from placement.web.render import page, request_language

DbSession = NamedDependency[AsyncSession]
CurrentActor = NamedDependency[Actor]
BAD_REQUEST = 400


def agree_page(
    request: Request[Any, Any, Any],
    target: services.FormTarget,
    on: dt.date,
    items: tuple[str, ...] | None,
    draft: steps.Draft,
    *,
    form: FormMultiDict | None = None,
    error: ServiceError | None = None,
) -> Template:
    """The agree step for the answers in `draft`: the computed score pre-filled on the 1–5 scale per answered factor."""
    answers = steps.answers_of(draft)
    scores = factor_scores(request.app.state.bank, answers)
    lang = request_language(request)
    sent = form or FormMultiDict()
    return page(
        request,
        "assessments/agree.html",
        {
            "placement_id": str(target.placement_id),
            "date": on.isoformat(),
            "assessed_on": on,
            "items": pick.items_field(items or ()),
            "draft": steps.encode_draft(draft),
            "factors": pick.agree_factors(
                scores,
                lang,
                agreed={code: str(sent.get(f"agreed_{code}", "")) for code in scores},
                takes={code: str(sent.get(f"takes_{code}", "")) for code in scores},
            ),
            "scale": pick.SCALE_VALUES,
            "remarks": str(sent.get("remarks", "")),
            "error": error,
        },
        status_code=BAD_REQUEST if error else 200,
    )


def _parse_date(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"date must be YYYY-MM-DD, found {raw!r}", field="date") from None


class ConversationPageController(Controller):
    path = "/forloeb/{placement_id:uuid}"
    include_in_schema = False

    @post("/maaling/aftale", name="assessments:agree", status_code=303)
    async def agree(
        self,
        request: Request[Any, Any, Any],
        db_session: DbSession,
        actor: CurrentActor,
        placement_id: FromPath[uuid.UUID],
    ) -> Template | Redirect:
        bank = request.app.state.bank
        target = await services.form_target(db_session, actor, placement_id, Permission.ANSWER_ASSESSMENT)
        if not may_agree_scores(target.relation):
            raise Forbidden(
                "the agree step is the conversation with the consultant",
                action="create",
                object_type=services.ASSESSMENT,
                object_id=target.placement_id,
            )
        form = await request.form()
        # A form out of step (a stale tab, a hand-made post) gets a 400 naming the field, never a half-saved answer.
        on = _parse_date(str(form.get("date", "")))
        items = checked_items(bank, pick.parse_items_field(str(form.get("items", ""))))
        draft = steps.decode_draft(pick.step_bank(bank, items), str(form.get("draft", "")))
        answers = steps.answers_of(draft)
        if not answers:
            raise InvalidInput("every question was skipped, so there is nothing to save", field="answers")
        answered = [code for code in CITIZEN_FACTOR_CODES if code in factor_scores(bank, answers)]
        agreed: dict[str, object] = {}
        for code in answered:
            raw = str(form.get(f"agreed_{code}", "")).strip()
            agreed[code] = int(raw) if raw.isdigit() else raw or None
        conversation = Conversation(
            items=list(items) if items is not None else None,
            agreed_scores={code: value for code, value in agreed.items() if value is not None},
            what_it_takes={code: str(form.get(f"takes_{code}", "")) for code in answered},
            remarks=str(form.get("remarks", "")),
        )
        try:
            saved = await services.record_assessment(
                db_session,
                actor,
                bank,
                target.placement_id,
                on=on,
                answers=answers,
                today=request.app.state.clock.today(),
                conversation=conversation,
            )
        except (InvalidInput, RuleViolation) as error:
            return agree_page(request, target, on, items, draft, form=form, error=error)
        return Redirect(
            request.app.route_reverse("assessments:result", placement_id=target.placement_id, assessment_id=saved.id),
            status_code=303,
        )
