"""The demo's placements carry the agreement: tasks and the citizen's wishes, except one planned placement whose
tasks are not written yet, so that the consultant's overview shows the flag and its start is refused."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from goals.agreement import missing_to_start
from placement.db.models import Citizen, Placement, PlacementStatus
from placement.demo.services import create_demo


async def test_every_demo_placement_has_tasks_and_wishes_but_one_planned_one(db) -> None:
    await create_demo(db, today=dt.date.today())
    await db.commit()
    rows = (await db.execute(select(Placement, Citizen.name).join(Citizen, Citizen.id == Placement.citizen_id))).all()
    assert len(rows) > 20 and all(p.citizen_wishes.strip() for p, _ in rows)
    lacking = [
        (name, p.status)
        for p, name in rows
        if missing_to_start(purpose=p.purpose, tasks=p.tasks, contact_person=p.contact_person)
    ]
    assert lacking == [("Demo: Amira Hansen", PlacementStatus.PLANNED)]
    assert next(p for p, name in rows if name == "Demo: Amira Hansen").tasks == ""
