"""The overview flags a placement whose agreement lacks what a start needs: purpose, tasks, a contact person."""

from __future__ import annotations

from sqlalchemy import update

from placement.db.models import Placement, PlacementStatus


async def test_a_placement_without_tasks_or_contact_person_is_flagged_and_a_complete_one_is_not(
    client, db, make_placement, login_as, read_page
) -> None:
    complete = await make_placement()
    planned = await make_placement(consultant_id=complete.consultant_id)
    await db.execute(update(Placement).where(Placement.id == complete.placement_id).values(tasks="Pakke ordrer"))
    await db.execute(
        update(Placement)
        .where(Placement.id == planned.placement_id)
        .values(status=PlacementStatus.PLANNED, contact_person="", citizen_wishes="Faste kolleger")
    )
    await db.commit()
    async with login_as(complete.consultant_id) as consultant:
        rows = {r["placement_id"]: r for r in (await consultant.get("/api/overview")).json()}
        page = read_page((await consultant.get("/oversigt")).text)
    assert rows[str(complete.placement_id)]["agreement_missing"] == []
    assert rows[str(planned.placement_id)]["agreement_missing"] == ["tasks", "contact_person"]
    chips = {
        case.one("h2").text: [chip.text for chip in case.all("li", class_="alert-chip") if "Aftalen" in chip.text]
        for case in page.all("li", class_="case")
    }
    assert sorted(chips.values()) == [[], ["Aftalen mangler: arbejdsopgaver, kontaktperson i virksomheden"]]
