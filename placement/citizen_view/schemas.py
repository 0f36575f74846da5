"""Response bodies of the citizen's own API."""

from __future__ import annotations

import datetime as dt

import msgspec

from placement.assessments.consent import ConsentState
from placement.assessments.schemas import ConsentOut, consent_out
from placement.audit.services import DataUse


class DataUseOut(msgspec.Struct):
    at: dt.datetime
    role: str
    action: str
    object_type: str
    purpose: str


class DataUsesOut(msgspec.Struct):
    uses: list[DataUseOut]
    consents: list[ConsentOut]


def data_uses_out(uses: list[DataUse], consents: list[ConsentState]) -> DataUsesOut:
    return DataUsesOut(
        uses=[
            DataUseOut(at=u.at, role=u.role, action=u.action, object_type=u.object_type, purpose=u.purpose)
            for u in uses
        ],
        consents=[consent_out(state) for state in consents],
    )
