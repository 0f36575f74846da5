"""Invitation bodies and forms."""

from __future__ import annotations

import datetime as dt

import msgspec


class InvitationIn(msgspec.Struct, forbid_unknown_fields=True):
    role: str
    email: str
    name: str


class InvitationCreated(msgspec.Struct):
    id: str
    url: str
    expires_at: dt.datetime
    # "queued": the mail with the link goes out by SMTP; "logged": no SMTP server, it was written to the log only.
    mail: str


class InvitationOut(msgspec.Struct):
    id: str
    role: str
    name: str
    email: str
    state: str
    expires_at: dt.datetime


class AcceptIn(msgspec.Struct, forbid_unknown_fields=True):
    token: str
    password: str


class AcceptedOut(msgspec.Struct):
    id: str
    email: str
    name: str
    role: str
    start_page: str


class InviteForm(msgspec.Struct):
    role: str = "company_contact"
    email: str = ""
    name: str = ""


class AcceptForm(msgspec.Struct):
    token: str = ""
    password: str = ""
