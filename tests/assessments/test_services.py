"""Self-assessments, the consultant's view (F) and the health consent, through the services with the field rules."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from goals.questions import default_bank
from placement.access.scopes import placement_in_reach
from placement.assessments import consent, services
from placement.auth.identity import Actor
from placement.clock import SYSTEM_CLOCK
from placement.db.models import AuditEvent, AuditOutcome, ConsultantAssignment, Role, User
from placement.errors import Forbidden, InvalidInput, NotFound

BANK = default_bank()
TODAY = SYSTEM_CLOCK.today()


async def _answer(db, arranged, role="citizen", answers=None, on=TODAY):  # type: ignore[no-untyped-def]
    result = await services.record_assessment(
        db,
        arranged.actor(role),
        BANK,
        arranged.placement_id,
        on=on,
        answers=answers or {"A1": 4, "A2": 3, "B1": 2, "B2": 1, "C1": 5},
        today=SYSTEM_CLOCK.today(),
    )
    await db.commit()
    return result


async def _audit_rows(db, actor: Actor, object_type: str, action: str = "read") -> int:  # type: ignore[no-untyped-def]
    return await db.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.actor_id == actor.user_id,
            AuditEvent.object_type == object_type,
            AuditEvent.action == action,
            AuditEvent.outcome == AuditOutcome.ALLOWED,
        )
    )


async def test_scores_are_the_mean_of_the_answered_items_and_an_unanswered_factor_is_absent(db, make_placement):
    arranged = await make_placement()
    result = await _answer(db, arranged, answers={"A1": 5, "A2": 4, "A3": 4, "C1": 2})
    assert result.scores == {"A": 4.33, "C": 2.0}

    history = await services.read_assessments(db, arranged.actor("consultant"), BANK, arranged.placement_id)
    assert [a.scores for a in history.assessments] == [{"A": 4.33, "C": 2.0}]
    assert "B" not in history.assessments[0].scores and "B" not in history.assessments[0].answers


async def test_an_unknown_item_is_rejected_naming_it(db, make_placement):
    arranged = await make_placement()
    with pytest.raises(InvalidInput) as raised:
        await _answer(db, arranged, answers={"A1": 4, "Z9": 3})
    assert raised.value.field == "answers.Z9"


@pytest.mark.parametrize("value", [0, 6, 3.5, "4", True, None])
async def test_an_answer_outside_one_to_five_is_rejected_naming_the_item(db, make_placement, value):
    arranged = await make_placement()
    with pytest.raises(InvalidInput) as raised:
        await _answer(db, arranged, answers={"A1": 4, "C2": value})
    assert raised.value.field == "answers.C2"


async def test_no_answers_at_all_is_rejected(db, make_placement):
    arranged = await make_placement()
    with pytest.raises(InvalidInput) as raised:
        await services.record_assessment(
            db, arranged.actor("citizen"), BANK, arranged.placement_id, on=TODAY, answers={}, today=SYSTEM_CLOCK.today()
        )
    assert raised.value.field == "answers"


async def test_a_date_in_the_future_or_long_before_the_start_is_rejected(db, make_placement):
    arranged = await make_placement(start=TODAY - dt.timedelta(days=10))
    for on in (TODAY + dt.timedelta(days=1), TODAY - dt.timedelta(days=10 + services.DAYS_BEFORE_START + 1)):
        with pytest.raises(InvalidInput) as raised:
            await _answer(db, arranged, on=on)
        assert raised.value.field == "date"


async def test_a_baseline_some_weeks_before_the_start_is_accepted(db, make_placement):
    arranged = await make_placement(start=TODAY + dt.timedelta(days=14))
    result = await _answer(db, arranged, on=TODAY)
    assert result.date == TODAY


async def test_the_citizen_and_the_consultant_may_answer_but_company_and_mentor_may_not(db, make_placement):
    arranged = await make_placement()
    assert (await _answer(db, arranged, role="citizen")).recorded_by_role == "citizen"
    assert (await _answer(db, arranged, role="consultant")).recorded_by_role == "consultant"
    for role in ("mentor", "company_contact"):
        with pytest.raises(Forbidden):
            await _answer(db, arranged, role=role)


async def test_a_citizen_cannot_answer_for_another_citizens_placement(db, make_placement):
    mine, other = await make_placement(), await make_placement()
    with pytest.raises(NotFound):
        await services.record_assessment(
            db, mine.actor("citizen"), BANK, other.placement_id, on=TODAY, answers={"A1": 3}, today=SYSTEM_CLOCK.today()
        )


async def test_company_and_mentor_never_see_health_answers_without_consent(db, make_placement):
    arranged = await make_placement()
    await _answer(db, arranged)
    for role in ("company_contact", "mentor"):
        history = await services.read_assessments(db, arranged.actor(role), BANK, arranged.placement_id)
        assert history.factors == ["A", "C", "D", "E"]
        assert history.assessments[0].scores == {"A": 3.5, "C": 5.0}
        assert not any(key.startswith("B") for key in history.assessments[0].answers)
        assert history.caseworker is None
    for role in ("consultant", "citizen"):
        history = await services.read_assessments(db, arranged.actor(role), BANK, arranged.placement_id)
        assert history.factors == ["A", "B", "C", "D", "E", "F"]
        assert history.assessments[0].scores == {"A": 3.5, "B": 1.5, "C": 5.0}


async def test_consent_shows_health_scores_to_the_company_at_once_and_withdrawal_hides_them_at_once(db, make_placement):
    arranged = await make_placement()
    await _answer(db, arranged)
    contact = arranged.actor("company_contact")

    async def contact_sees_b() -> bool:
        history = await services.read_assessments(db, contact, BANK, arranged.placement_id)
        return "B" in history.assessments[0].scores and "B1" in history.assessments[0].answers

    assert not await contact_sees_b()
    state = await consent.set_health_consent(
        db, arranged.actor("citizen"), arranged.placement_id, share=True, clock=SYSTEM_CLOCK
    )
    await db.commit()
    assert state.sharing and state.since is not None
    assert await contact_sees_b()
    state = await consent.set_health_consent(
        db, arranged.actor("citizen"), arranged.placement_id, share=False, clock=SYSTEM_CLOCK
    )
    await db.commit()
    assert not state.sharing
    assert not await contact_sees_b()


async def test_consent_history_keeps_every_period_and_who_recorded_each_change(db, make_placement):
    arranged = await make_placement()
    citizen, consultant = arranged.actor("citizen"), arranged.actor("consultant")
    await consent.set_health_consent(
        db,
        consultant,
        arranged.placement_id,
        share=True,
        method="paper",
        given_on=TODAY - dt.timedelta(days=3),
        clock=SYSTEM_CLOCK,
    )
    await consent.set_health_consent(db, citizen, arranged.placement_id, share=False, clock=SYSTEM_CLOCK)
    await consent.set_health_consent(db, citizen, arranged.placement_id, share=True, clock=SYSTEM_CLOCK)
    await db.commit()

    state = await consent.read_health_consent(db, citizen, arranged.placement_id)
    assert state.sharing
    latest, first = state.history
    assert (latest.given_by_role, latest.withdrawn_at) == ("citizen", None)
    assert (first.given_by_role, first.method, first.given_on) == ("consultant", "paper", TODAY - dt.timedelta(days=3))
    assert (latest.method, latest.given_on) == ("service", SYSTEM_CLOCK.today())
    assert first.withdrawn_at is not None and first.given_at <= first.withdrawn_at <= latest.given_at


async def test_asking_for_the_consent_state_that_holds_already_changes_nothing(db, make_placement):
    arranged = await make_placement()
    citizen = arranged.actor("citizen")
    await consent.set_health_consent(db, citizen, arranged.placement_id, share=False, clock=SYSTEM_CLOCK)
    await consent.set_health_consent(db, citizen, arranged.placement_id, share=True, clock=SYSTEM_CLOCK)
    state = await consent.set_health_consent(db, citizen, arranged.placement_id, share=True, clock=SYSTEM_CLOCK)
    assert state.sharing and len(state.history) == 1


async def test_company_and_mentor_may_neither_record_nor_read_consent(db, make_placement):
    arranged = await make_placement()
    for role in ("company_contact", "mentor"):
        with pytest.raises(Forbidden):
            await consent.set_health_consent(
                db, arranged.actor(role), arranged.placement_id, share=True, clock=SYSTEM_CLOCK
            )
        with pytest.raises(Forbidden):
            await consent.read_health_consent(db, arranged.actor(role), arranged.placement_id)


async def test_only_the_consultant_records_f_with_a_reason(db, make_placement):
    arranged = await make_placement()
    consultant = arranged.actor("consultant")
    entry = await services.record_caseworker_assessment(
        db,
        consultant,
        arranged.placement_id,
        on=TODAY,
        score=3,
        reason="  Møder stabilt, mangler tro på egne evner  ",
        today=SYSTEM_CLOCK.today(),
    )
    assert (entry.score, entry.reason, entry.case_holder) == (3, "Møder stabilt, mangler tro på egne evner", 1)
    for role in ("citizen", "company_contact", "mentor"):
        with pytest.raises(Forbidden):
            await services.record_caseworker_assessment(
                db,
                arranged.actor(role),
                arranged.placement_id,
                on=TODAY,
                score=3,
                reason="x",
                today=SYSTEM_CLOCK.today(),
            )


@pytest.mark.parametrize(
    ("score", "reason", "field"),
    [(0, "ok", "score"), (6, "ok", "score"), (True, "ok", "score"), (3, "   ", "reason"), (3, "x" * 2001, "reason")],
)
async def test_f_outside_one_to_five_or_without_a_reason_is_rejected_naming_the_field(
    db, make_placement, score, reason, field
):
    arranged = await make_placement()
    with pytest.raises(InvalidInput) as raised:
        await services.record_caseworker_assessment(
            db,
            arranged.actor("consultant"),
            arranged.placement_id,
            on=TODAY,
            score=score,
            reason=reason,
            today=SYSTEM_CLOCK.today(),
        )
    assert raised.value.field == field


async def test_f_is_hidden_from_company_and_mentor(db, make_placement):
    arranged = await make_placement()
    await services.record_caseworker_assessment(
        db,
        arranged.actor("consultant"),
        arranged.placement_id,
        on=TODAY,
        score=4,
        reason="God udvikling",
        today=SYSTEM_CLOCK.today(),
    )
    await db.commit()
    for role in ("company_contact", "mentor"):
        actor = arranged.actor(role)
        with pytest.raises(Forbidden) as refused:
            await services.read_caseworker_assessments(db, actor, arranged.placement_id)
        # The request boundary audits the refusal (tests/audit/test_boundary.py); the exception says what it was.
        assert (refused.value.object_type, refused.value.object_id) == ("caseworker_assessment", arranged.placement_id)
        series = await services.factor_series(db, BANK, await placement_in_reach(db, actor, arranged.placement_id))
        assert "F" not in series


async def test_who_held_the_case_when_names_the_consultants_only_to_the_jobcenter(db, make_placement):
    arranged = await make_placement()
    first = await db.get(User, arranged.consultant_id)
    second = User(email=f"ny-{uuid.uuid4().hex[:6]}@example.dk", name="Anden Konsulent", role=Role.CONSULTANT)
    db.add(second)
    await db.flush()
    start = dt.datetime.combine(TODAY - dt.timedelta(days=40), dt.time(9), tzinfo=dt.UTC)
    change = dt.datetime.combine(TODAY - dt.timedelta(days=10), dt.time(9), tzinfo=dt.UTC)
    db.add_all(
        [
            ConsultantAssignment(placement_id=arranged.placement_id, consultant_id=first.id, assigned_at=start),
            ConsultantAssignment(placement_id=arranged.placement_id, consultant_id=second.id, assigned_at=change),
        ]
    )
    await db.commit()
    await services.record_caseworker_assessment(
        db,
        arranged.actor("consultant"),
        arranged.placement_id,
        on=TODAY - dt.timedelta(days=20),
        score=2,
        reason="Usikker start",
        today=SYSTEM_CLOCK.today(),
    )
    # The placement itself moves to the new consultant, as a reassignment would do.
    placement = (await placement_in_reach(db, arranged.actor("consultant"), arranged.placement_id)).placement
    placement.consultant_id = second.id
    await db.commit()
    await services.record_caseworker_assessment(
        db,
        Actor(second.id, Role.CONSULTANT),
        arranged.placement_id,
        on=TODAY,
        score=3,
        reason="Bedre fremmøde",
        today=SYSTEM_CLOCK.today(),
    )
    await db.commit()

    jobcenter = await services.read_caseworker_assessments(db, Actor(second.id, Role.CONSULTANT), arranged.placement_id)
    assert [(h.number, h.start, h.until, h.name) for h in jobcenter.case_holders] == [
        (1, start.date(), change.date(), first.name),
        (2, change.date(), None, "Anden Konsulent"),
    ]
    assert [(e.score, e.case_holder) for e in jobcenter.entries] == [(2, 1), (3, 2)]

    citizen = await services.read_caseworker_assessments(db, arranged.actor("citizen"), arranged.placement_id)
    assert [(h.number, h.name) for h in citizen.case_holders] == [(1, None), (2, None)]
    assert [e.reason for e in citizen.entries] == ["Usikker start", "Bedre fremmøde"]


async def test_factor_series_keeps_f_apart_and_lists_scores_oldest_first(db, make_placement):
    arranged = await make_placement()
    await _answer(db, arranged, answers={"A1": 2}, on=TODAY - dt.timedelta(days=14))
    await _answer(db, arranged, answers={"A1": 4, "B1": 3}, on=TODAY)
    await services.record_caseworker_assessment(
        db,
        arranged.actor("consultant"),
        arranged.placement_id,
        on=TODAY,
        score=3,
        reason="Tættere på",
        today=SYSTEM_CLOCK.today(),
    )
    access = await placement_in_reach(db, arranged.actor("citizen"), arranged.placement_id)
    series = await services.factor_series(db, BANK, access)
    assert list(series) == ["A", "B", "C", "D", "E", "F"]
    assert [(p.date, p.score) for p in series["A"]] == [(TODAY - dt.timedelta(days=14), 2.0), (TODAY, 4.0)]
    assert [p.score for p in series["B"]] == [3.0] and series["C"] == []
    assert [p.score for p in series["F"]] == [3.0]


async def test_every_read_is_audited(db, make_placement):
    arranged = await make_placement()
    await _answer(db, arranged)
    citizen, contact = arranged.actor("citizen"), arranged.actor("company_contact")
    await services.read_assessments(db, contact, BANK, arranged.placement_id)
    await services.read_assessments(db, citizen, BANK, arranged.placement_id)
    await services.read_caseworker_assessments(db, citizen, arranged.placement_id)
    await consent.read_health_consent(db, citizen, arranged.placement_id)
    await db.commit()
    assert await _audit_rows(db, contact, "assessment") == 1
    assert await _audit_rows(db, contact, "caseworker_assessment") == 0
    assert await _audit_rows(db, citizen, "assessment") == 1
    assert await _audit_rows(db, citizen, "caseworker_assessment") == 2
    assert await _audit_rows(db, citizen, "health_consent") == 1
    assert await _audit_rows(db, citizen, "assessment", action="create") == 1
