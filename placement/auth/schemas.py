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


class LoginForm(msgspec.Struct):
    email: str = ""
    password: str = ""
    next: str = "/"
