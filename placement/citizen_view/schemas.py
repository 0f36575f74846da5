"""Response bodies of the citizen's own API."""

from __future__ import annotations

import datetime as dt

import msgspec

from placement.audit.services import DataUse


class DataUseOut(msgspec.Struct):
    at: dt.datetime
    role: str
    action: str
    object_type: str
    purpose: str


class DataUsesOut(msgspec.Struct):
    uses: list[DataUseOut]


def data_uses_out(uses: list[DataUse]) -> DataUsesOut:
    return DataUsesOut(uses=[DataUseOut(at=u.at, role=u.role, action=u.action, object_type=u.object_type,
                                        purpose=u.purpose) for u in uses])
