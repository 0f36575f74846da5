"""`placement reminders send`: one pass, then the due mails go; run again it queues nothing; settings it reads."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from click.testing import CliRunner, Result

from placement.cli import main
from placement.config import ConfigError, Settings
from tests.fixtures.mail import Inbox


def _send(settings: Settings, inbox: Inbox) -> Result:
    # Monday 00:00: due at any moment of the week, whatever day the suite runs on.
    env = {
        "PLACEMENT_DATABASE_URL": settings.database_url,
        "PLACEMENT_DATA_DIR": str(settings.data_dir),
        "PLACEMENT_SMTP_URL": inbox.url,
        "PLACEMENT_REMINDER_WEEKDAY": "1",
        "PLACEMENT_REMINDER_HOUR": "0",
        "PLACEMENT_REMINDERS_IN_PROCESS": "false",
    }
    return CliRunner().invoke(main, ["reminders", "send"], env=env)


async def test_the_command_queues_the_reminders_once_and_sends_them(  # type: ignore[no-untyped-def]
    settings, make_placement, smtp_server
) -> None:
    if not settings.is_sqlite:
        pytest.skip("the command's own database URL is the runtime role's on PostgreSQL; one engine is enough here")
    await make_placement(start=dt.date.today() - dt.timedelta(weeks=3))
    first = await asyncio.to_thread(_send, settings, smtp_server)
    assert first.exit_code == 0, first.output
    assert "3 reminders queued." in first.output and "3 sent, 0 to be retried, 0 failed." in first.output
    again = await asyncio.to_thread(_send, settings, smtp_server)
    assert "0 reminders queued." in again.output and "0 sent" in again.output
    assert len(smtp_server.messages) == 3


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"PLACEMENT_REMINDER_WEEKDAY": "0"}, "PLACEMENT_REMINDER_WEEKDAY must be 1 (Monday) to 7 (Sunday), not 0"),
        ({"PLACEMENT_REMINDER_WEEKDAY": "8"}, "PLACEMENT_REMINDER_WEEKDAY must be 1 (Monday) to 7 (Sunday), not 8"),
        ({"PLACEMENT_REMINDER_HOUR": "24"}, "PLACEMENT_REMINDER_HOUR must be 0 to 23 (Copenhagen time), not 24"),
        ({"PLACEMENT_REMINDERS_IN_PROCESS": "maybe"}, "PLACEMENT_REMINDERS_IN_PROCESS must be true or false"),
    ],
)
def test_reminder_settings_that_cannot_work_stop_the_service_with_one_line(
    environ: dict[str, str], message: str
) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Settings.from_env(environ)


def test_reminder_settings_are_read_with_friday_noon_by_default() -> None:
    default = Settings.from_env({})
    assert (default.reminder_weekday, default.reminder_hour, default.reminders_in_process) == (5, 12, True)
    chosen = Settings.from_env(
        {"PLACEMENT_REMINDER_WEEKDAY": "4", "PLACEMENT_REMINDER_HOUR": "9", "PLACEMENT_REMINDERS_IN_PROCESS": "off"}
    )
    assert (chosen.reminder_weekday, chosen.reminder_hour, chosen.reminders_in_process) == (4, 9, False)
