"""The second conversation through the API: a chosen selection of items, the agreed score, remarks and what it
takes; who may record them and who sees them."""

from __future__ import annotations

from sqlalchemy import func, select

from goals.questions import default_bank
from placement.access.scopes import placement_in_reach
from placement.assessments import services
from placement.auth.identity import Actor
from placement.clock import SYSTEM_CLOCK
from placement.db.models import Assessment, AssessmentAgreement, AssessmentAnswer, AssessmentConversation, Role

TODAY = SYSTEM_CLOCK.today().isoformat()
NOTE = "Sover dårligt efter ny medicin"
TAKES = "Faste mødetider og en rolig start"


def _url(arranged) -> str:  # type: ignore[no-untyped-def]
    return f"/api/placements/{arranged.placement_id}/assessments"


async def _counts(db) -> tuple[int, int, int, int]:  # type: ignore[no-untyped-def]
    return tuple(  # type: ignore[return-value]
        [
            await db.scalar(select(func.count()).select_from(table))
            for table in (Assessment, AssessmentAnswer, AssessmentConversation, AssessmentAgreement)
        ]
    )


def _conversation() -> dict[str, object]:
    return {
        "date": TODAY,
        "items": ["B1", "B2", "C1", "C2"],
        "answers": {"B1": 2, "B2": 1, "C1": 4},
        "agreed_scores": {"B": 2, "C": 3},
        "what_it_takes": {"B": TAKES, "C": "Mere ansvar for opgaverne"},
        "remarks": NOTE,
    }


async def test_the_consultant_records_a_chosen_selection_with_agreed_scores_and_reads_them_back(
    make_placement, login_as
):
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        created = await consultant.post(_url(arranged), json=_conversation())
        assert created.status_code == 201, created.text
        assert created.json()["scores"] == {"B": 1.5, "C": 4.0}
        assert created.json()["agreed_scores"] == {"B": 2, "C": 3}
        listed = (await consultant.get(_url(arranged))).json()["assessments"]
    [one] = listed
    assert one["items"] == ["B1", "B2", "C1", "C2"]
    assert one["scores"] == {"B": 1.5, "C": 4.0} and one["agreed_scores"] == {"B": 2, "C": 3}
    assert one["remarks"] == NOTE and one["what_it_takes"]["B"] == TAKES


async def test_the_citizen_sees_the_notes_but_company_and_mentor_never_and_b_only_with_consent(
    make_placement, login_as
):
    arranged = await make_placement()
    async with login_as(arranged.consultant_id) as consultant:
        assert (await consultant.post(_url(arranged), json=_conversation())).status_code == 201
    async with login_as(arranged.citizen_user_id) as citizen:
        [mine] = (await citizen.get(_url(arranged))).json()["assessments"]
        assert mine["remarks"] == NOTE and mine["agreed_scores"] == {"B": 2, "C": 3}
        for user_id in (arranged.company_contact_id, arranged.mentor_id):
            async with login_as(user_id) as partner:
                response = await partner.get(_url(arranged))
                [theirs] = response.json()["assessments"]
                assert "remarks" not in theirs and "what_it_takes" not in theirs
                assert NOTE not in response.text and TAKES not in response.text
                # B's agreed score is hidden exactly like B's computed score, and so are B's items.
                assert theirs["agreed_scores"] == {"C": 3} and "B" not in theirs["scores"]
                assert theirs["items"] == ["C1", "C2"]
        assert (
            await citizen.put(f"/api/placements/{arranged.placement_id}/consent/health", json={"share": True})
        ).status_code == 200
    async with login_as(arranged.company_contact_id) as contact:
        response = await contact.get(_url(arranged))
        [shared] = response.json()["assessments"]
        assert shared["agreed_scores"] == {"B": 2, "C": 3}
        # Consent shares B's answers and scores, never the conversation's notes.
        assert NOTE not in response.text and TAKES not in response.text


async def test_bad_parts_of_a_conversation_are_named_and_nothing_is_stored(make_placement, login_as, db):
    arranged = await make_placement()
    before = await _counts(db)
    cases = (
        ({"items": ["A1", "Z9"]}, "items"),
        ({"items": []}, "items"),
        ({"items": ["C1"], "answers": {"B1": 2, "C1": 4}}, "answers.B1"),
        ({"agreed_scores": {"B": 6}}, "agreed_scores.B"),
        ({"agreed_scores": {"C": 0}}, "agreed_scores.C"),
        ({"agreed_scores": {"C": True}}, "agreed_scores.C"),
        ({"agreed_scores": {"A": 3}}, "agreed_scores.A"),
        ({"what_it_takes": {"E": "Noget"}}, "what_it_takes.E"),
        ({"what_it_takes": {"C": "x" * 1001}}, "what_it_takes.C"),
        ({"remarks": "x" * 2001}, "remarks"),
    )
    async with login_as(arranged.consultant_id) as consultant:
        for change, field in cases:
            response = await consultant.post(_url(arranged), json={**_conversation(), **change})
            assert response.status_code in (400, 422), (change, response.text)
            assert response.json()["field"] == field, change
    assert await _counts(db) == before


async def test_only_the_consultant_records_agreed_scores_and_remarks(make_placement, login_as, db):
    arranged = await make_placement()
    before = await _counts(db)
    async with login_as(arranged.citizen_user_id) as citizen:
        response = await citizen.post(_url(arranged), json=_conversation())
        assert response.status_code == 403
        assert await _counts(db) == before
        # The citizen alone may still answer a chosen selection.
        alone = await citizen.post(_url(arranged), json={"date": TODAY, "items": ["C1"], "answers": {"C1": 3}})
        assert alone.status_code == 201, alone.text


async def test_a_factor_not_asked_this_time_keeps_its_earlier_score_in_the_series(make_placement, login_as, db):
    arranged = await make_placement(start=SYSTEM_CLOCK.today())
    async with login_as(arranged.consultant_id) as consultant:
        first = {"date": TODAY, "answers": {"A1": 2, "C1": 4}}
        assert (await consultant.post(_url(arranged), json=first)).status_code == 201
        later = {"date": TODAY, "items": ["A1"], "answers": {"A1": 4}, "agreed_scores": {"A": 3}}
        assert (await consultant.post(_url(arranged), json=later)).status_code == 201
    actor = Actor(user_id=arranged.consultant_id, role=Role.CONSULTANT)
    access = await placement_in_reach(db, actor, arranged.placement_id)
    series = await services.factor_series(db, default_bank(), access)
    assert [(p.score, p.agreed) for p in series["A"]] == [(2.0, None), (4.0, 3)]
    assert [p.score for p in series["C"]] == [4.0]
