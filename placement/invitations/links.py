"""The link an invited person gets. It carries its token in the URL fragment, which browsers never send to a server."""

from __future__ import annotations

from typing import Any

from litestar import Request

from placement.config import Settings


def settings_of(request: Request[Any, Any, Any]) -> Settings:
    return request.app.state.settings


def invitation_link(request: Request[Any, Any, Any], token: str) -> str:
    # From the configured base URL: the Host header is the client's to choose, so a link built on it could lead
    # the invited person to another site with the token.
    return settings_of(request).absolute_url(f"{request.app.route_reverse('invitations:accept')}#{token}")


def mail_mode(request: Request[Any, Any, Any]) -> str:
    """What becomes of a mail the request queues: "queued" for an SMTP server, "logged" for the service log."""
    return str(request.app.state.mail_transport.mode)
