"""How a mail leaves: by SMTP (aiosmtplib) when PLACEMENT_SMTP_URL is set, else into the service log, link masked."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Literal, Protocol
from urllib.parse import unquote, urlsplit

import aiosmtplib

from placement.config import Settings

logger = logging.getLogger("placement.mail")

SMTP_TIMEOUT_SECONDS = 30
# A link's fragment (its token) or query, whatever follows the path.
_LINK = re.compile(r"(https?://[^\s#?<>\"]*)[#?][^\s<>\"]*")


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One mail as the sender hands it to a transport."""

    kind: str
    recipient: str
    subject: str
    text: str
    html: str


class Transport(Protocol):
    """Delivers one mail or raises; `mode` is what a page tells the person who caused the mail."""

    mode: Literal["queued", "logged"]

    async def send(self, mail: Outgoing) -> None: ...


def masked(text: str) -> str:
    """The text with every link's fragment and query (where tokens travel) replaced by an ellipsis."""
    return _LINK.sub(lambda m: m.group(1) + "#…", text)


def recipient_domain(address: str) -> str:
    return address.rpartition("@")[2] or "?"


class LogTransport:
    """No SMTP server configured (the embedded default): the mail is written to the service log, never its token.

    The log gets the kind, the recipient's domain and the mail's links masked; not the address, not the body.
    """

    mode: Literal["queued", "logged"] = "logged"

    async def send(self, mail: Outgoing) -> None:
        links = " ".join(masked(m.group(0)) for m in _LINK.finditer(mail.text)) or "no link"
        logger.info(
            "mail %s to a recipient at %s written to the log, not sent (no PLACEMENT_SMTP_URL): %s",
            mail.kind,
            recipient_domain(mail.recipient),
            links,
        )


class SmtpTransport:
    """Delivers through the SMTP server of PLACEMENT_SMTP_URL, from PLACEMENT_MAIL_FROM."""

    mode: Literal["queued", "logged"] = "queued"

    def __init__(self, url: str, sender: str) -> None:
        parts = urlsplit(url)
        self.hostname = parts.hostname or "localhost"
        self.use_tls = parts.scheme == "smtps"
        self.port = parts.port or (465 if self.use_tls else 587 if parts.scheme == "smtp+starttls" else 25)
        # smtp:// never upgrades; smtp+starttls:// requires the upgrade (aiosmtplib refuses a server without it).
        self.start_tls = parts.scheme == "smtp+starttls"
        self.username = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.sender = sender

    def message(self, mail: Outgoing) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = mail.recipient
        message["Subject"] = mail.subject
        message["Date"] = formatdate(localtime=False, usegmt=True)
        message["Message-ID"] = make_msgid(domain=recipient_domain(self.sender))
        message.set_content(mail.text)
        message.add_alternative(mail.html, subtype="html")
        return message

    async def send(self, mail: Outgoing) -> None:
        await aiosmtplib.send(
            self.message(mail),
            hostname=self.hostname,
            port=self.port,
            username=self.username,
            password=self.password,
            use_tls=self.use_tls,
            start_tls=self.start_tls,
            timeout=SMTP_TIMEOUT_SECONDS,
        )


def transport_for(settings: Settings) -> Transport:
    if settings.smtp_url:
        return SmtpTransport(settings.smtp_url, settings.mail_sender)
    return LogTransport()
