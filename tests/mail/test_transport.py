"""The transports: SMTP settings read from PLACEMENT_SMTP_URL, the message they send, and the log's masking."""

from __future__ import annotations

import logging

import pytest

from placement.config import ConfigError, Settings
from placement.mail.transport import LogTransport, Outgoing, SmtpTransport, masked, transport_for

LINK = "https://praktik.kommune.dk/ny-adgangskode#s3cr3t-t0ken"
MAIL = Outgoing(
    kind="password_reset",
    recipient="mette.madsen@firma.dk",
    subject="Vælg en ny adgangskode",
    text=f"Hej Mette\n\n{LINK}\n",
    html=f'<a href="{LINK}">x</a>',
)


def test_masking_keeps_the_path_of_a_link_and_drops_its_fragment_and_query() -> None:
    assert masked(f"go to {LINK} now") == "go to https://praktik.kommune.dk/ny-adgangskode#… now"
    assert masked("https://a.dk/x?token=abc") == "https://a.dk/x#…"
    assert masked("no link here") == "no link here"


async def test_the_log_transport_writes_kind_domain_and_masked_link_only(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    await LogTransport().send(MAIL)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "password_reset" in logged and "firma.dk" in logged and "/ny-adgangskode#…" in logged
    assert "s3cr3t" not in logged and "mette.madsen" not in logged and "Mette" not in logged


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.local:2525", ("mail.local", 2525, False, False, None, None)),
        ("smtp://mail.local", ("mail.local", 25, False, False, None, None)),
        ("smtp+starttls://relay.kommune.dk", ("relay.kommune.dk", 587, False, True, None, None)),
        ("smtps://u%40k.dk:p%3Aw@relay.kommune.dk", ("relay.kommune.dk", 465, True, False, "u@k.dk", "p:w")),
    ],
)
def test_the_smtp_url_says_host_port_tls_and_login(url: str, expected: tuple[object, ...]) -> None:
    smtp = SmtpTransport(url, "praktik@kommune.dk")
    assert (smtp.hostname, smtp.port, smtp.use_tls, smtp.start_tls, smtp.username, smtp.password) == expected


def test_the_message_has_text_and_html_from_the_configured_sender() -> None:
    message = SmtpTransport("smtp://mail.local", "praktik@kommune.dk").message(MAIL)
    assert (message["From"], message["To"]) == ("praktik@kommune.dk", "mette.madsen@firma.dk")
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]


def test_without_an_smtp_url_mails_go_to_the_log() -> None:
    assert transport_for(Settings.from_env({})).mode == "logged"
    assert transport_for(Settings.from_env({"PLACEMENT_SMTP_URL": "smtp://127.0.0.1:8125"})).mode == "queued"


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"PLACEMENT_SMTP_URL": "http://mail.local"}, "PLACEMENT_SMTP_URL must be smtp://"),
        ({"PLACEMENT_SMTP_URL": "smtp://mail.local:port"}, "PLACEMENT_SMTP_URL must be smtp://"),
        ({"PLACEMENT_SMTP_URL": "smtp://"}, "PLACEMENT_SMTP_URL must be smtp://"),
        ({"PLACEMENT_MAIL_FROM": "praktik"}, "PLACEMENT_MAIL_FROM must be an email address"),
        ({"PLACEMENT_MAIL_MAX_ATTEMPTS": "0"}, "PLACEMENT_MAIL_MAX_ATTEMPTS must be at least 1"),
        ({"PLACEMENT_MAIL_SEND_IN_PROCESS": "maybe"}, "PLACEMENT_MAIL_SEND_IN_PROCESS must be true or false"),
        ({"PLACEMENT_MAIL_RETRY_SECONDS": "0"}, "PLACEMENT_MAIL_RETRY_SECONDS must be more than 0"),
        (
            {
                "PLACEMENT_ENV": "production",
                "PLACEMENT_SECRET_KEY": "x" * 40,
                "PLACEMENT_BASE_URL": "https://praktik.kommune.dk",
                "PLACEMENT_SMTP_URL": "smtps://relay.kommune.dk",
            },
            "PLACEMENT_MAIL_FROM is missing",
        ),
    ],
)
def test_mail_settings_that_cannot_work_stop_the_service_with_one_line(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("+", r"\+")):
        Settings.from_env(environ)


def test_mail_settings_are_read() -> None:
    settings = Settings.from_env(
        {
            "PLACEMENT_SMTP_URL": "smtp+starttls://relay:587",
            "PLACEMENT_MAIL_FROM": "praktik@kommune.dk",
            "PLACEMENT_MAIL_SEND_IN_PROCESS": "false",
            "PLACEMENT_MAIL_POLL_SECONDS": "2.5",
            "PLACEMENT_MAIL_RETRY_SECONDS": "30",
            "PLACEMENT_MAIL_MAX_ATTEMPTS": "4",
        }
    )
    assert (settings.smtp_url, settings.mail_sender, settings.mail_send_in_process) == (
        "smtp+starttls://relay:587",
        "praktik@kommune.dk",
        False,
    )
    assert (settings.mail_poll_seconds, settings.mail_retry_seconds, settings.mail_max_attempts) == (2.5, 30.0, 4)
