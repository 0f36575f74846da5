"""What the agreement on a placement must hold before it starts.

Since 2020 the agreement on a virksomhedspraktik states its purpose, describes the work tasks and includes the
citizen's own wishes; the guidance adds: "Sørg altid for, at borgeren har en kontaktperson på virksomheden" (seed
003). A placement therefore starts only with a purpose, its tasks and a contact person at the company. The citizen's
wishes belong in the agreement too, but a citizen may have none to add: their absence does not stop the start.
"""

from __future__ import annotations

# The fields a start needs, in the order a form shows them (the API's field names).
NEEDED_TO_START = ("purpose", "tasks", "contact_person")


def missing_to_start(*, purpose: str, tasks: str, contact_person: str) -> list[str]:
    """The fields of NEEDED_TO_START that are blank (only spaces count as blank), in their order."""
    values = {"purpose": purpose, "tasks": tasks, "contact_person": contact_person}
    return [name for name in NEEDED_TO_START if not values[name].strip()]
