"""Bodies of the login API."""

from __future__ import annotations

import msgspec


class LoginIn(msgspec.Struct):
    email: str = msgspec.field()
    password: str = msgspec.field()


class MeOut(msgspec.Struct):
    id: str
    email: str
    name: str
    role: str
    # The path of the page where this person's work starts (their start page), e.g. /mine-forloeb.
    start_page: str


class LoginForm(msgspec.Struct):
    email: str = ""
    password: str = ""
    next: str = "/"


class ResetIn(msgspec.Struct, forbid_unknown_fields=True):
    email: str


class ResetRequestedOut(msgspec.Struct):
    detail: str


class ResetConfirmIn(msgspec.Struct, forbid_unknown_fields=True):
    token: str
    password: str


class ResetForm(msgspec.Struct):
    email: str = ""


class NewPasswordForm(msgspec.Struct):
    token: str = ""
    password: str = ""
