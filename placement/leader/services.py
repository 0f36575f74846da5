"""What the leader's start page may show: nothing of case data until management information exists."""

from __future__ import annotations

from placement.access.policy import Permission, require
from placement.auth.identity import Actor


def leader_start(actor: Actor) -> None:
    """The leader's start page is the leader's alone; it reads no data, so there is nothing to audit."""
    require(actor, Permission.READ_AGGREGATES)
