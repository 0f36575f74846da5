"""The `placement` command: migrate, add accounts, and refuse to start with one clear line when a setting is wrong."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from placement.cli import main

PASSWORD = "lang-og-sikker-adgangskode-2026\n"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean PLACEMENT_* environment whose SQLite database lives in tmp_path."""
    for name in list(os.environ):
        if name.startswith("PLACEMENT_") and not name.startswith("PLACEMENT_TEST_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("PLACEMENT_DATA_DIR", str(tmp_path))
    return tmp_path


def _invoke(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, env=env)


def _accounts(database: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT email, name, role FROM user_account ORDER BY email").fetchall()


def test_db_upgrade_creates_the_sqlite_database_at_head(data_dir: Path) -> None:
    result = _invoke("db", "upgrade")

    assert result.exit_code == 0, result.output
    assert "Database upgraded to head." in result.output
    database = data_dir / "placement.db"
    assert database.is_file()
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
    assert _accounts(database) == []


def test_user_add_reads_the_password_from_stdin_and_creates_the_account(data_dir: Path) -> None:
    result = _invoke(
        "user", "add", "Mette@Example.dk", "--name", "Mette Hansen", "--role", "consultant", stdin=PASSWORD
    )

    assert result.exit_code == 0, result.output
    assert "Created consultant account mette@example.dk." in result.output
    assert PASSWORD.strip() not in result.output
    assert _accounts(data_dir / "placement.db") == [("mette@example.dk", "Mette Hansen", "consultant")]


def test_adding_the_same_email_twice_fails_with_a_clear_message(data_dir: Path) -> None:
    _invoke("user", "add", "mette@example.dk", "--name", "Mette Hansen", "--role", "consultant", stdin=PASSWORD)

    again = _invoke("user", "add", "METTE@example.dk", "--name", "Mette H.", "--role", "admin", stdin=PASSWORD)

    assert again.exit_code != 0
    assert again.output.strip() == "Error: email: an account with this email address exists"
    assert len(_accounts(data_dir / "placement.db")) == 1


def test_user_add_with_a_bad_email_says_which_field(data_dir: Path) -> None:
    result = _invoke("user", "add", "not-an-email", "--name", "Mette", "--role", "mentor", stdin=PASSWORD)

    assert result.exit_code != 0
    assert result.output.strip() == "Error: email: email is not a valid email address"


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("PLACEMENT_DATABASE_URL", "mysql://placement@db/placement", "PLACEMENT_DATABASE_URL uses driver 'mysql'"),
        ("PLACEMENT_DATABASE_URL", "not a url", "PLACEMENT_DATABASE_URL is not a database URL"),
        ("PLACEMENT_ENV", "staging", "PLACEMENT_ENV must be 'development' or 'production'"),
        ("PLACEMENT_PORT", "eighty", "PLACEMENT_PORT must be a whole number"),
    ],
)
def test_run_with_a_bad_setting_exits_with_one_clear_line(
    data_dir: Path, variable: str, value: str, expected: str
) -> None:
    result = _invoke("run", env={variable: value})

    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith("Error: ") and expected in line


def test_run_in_production_without_a_base_url_exits_with_one_line_naming_it(data_dir: Path) -> None:
    result = _invoke("run", env={"PLACEMENT_ENV": "production", "PLACEMENT_SECRET_KEY": "s" * 48})

    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert line.startswith("Error: PLACEMENT_BASE_URL is missing; in production set the https address")


def test_run_with_a_broken_question_bank_exits_with_one_line_naming_the_item(data_dir: Path) -> None:
    bank = data_dir / "questions.json"
    bank.write_text(json.dumps({"items": [{"key": "C9", "factor": "X"}]}), encoding="utf-8")

    result = _invoke("run", env={"PLACEMENT_QUESTION_BANK": str(bank)})

    assert result.exit_code == 1
    [line] = result.output.strip().splitlines()
    assert 'item "C9"' in line and "factor must be one of A, B, C, D, E" in line


def test_the_placement_command_is_installed() -> None:
    [script] = [ep for ep in entry_points(group="console_scripts") if ep.name == "placement"]
    assert script.value == "placement.cli:main"
    assert shutil.which("placement", path=str(Path(sys.executable).parent)) is not None


def test_mail_send_delivers_what_is_due_through_the_configured_smtp_server(data_dir: Path, smtp_server) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    from sqlalchemy.ext.asyncio import async_sessionmaker

    from placement.config import Settings
    from placement.db.engine import create_engine
    from placement.mail.outbox import enqueue

    assert _invoke("db", "upgrade").exit_code == 0

    async def queue() -> None:
        engine = create_engine(Settings.from_env())
        try:
            async with async_sessionmaker(engine)() as db, db.begin():
                await enqueue(
                    db, kind="invitation", recipient="a@firma.dk", language="da", subject="S", text="T", html="H"
                )
        finally:
            await engine.dispose()

    asyncio.run(queue())
    result = _invoke("mail", "send", env={"PLACEMENT_SMTP_URL": smtp_server.url})
    assert result.exit_code == 0, result.output
    assert "1 sent, 0 to be retried, 0 failed." in result.output
    assert [m["To"] for m in smtp_server.messages] == ["a@firma.dk"]


@pytest.mark.parametrize(
    "command", [("mail", "send"), ("reminders", "send"), ("insights", "report", "--month", "2026-01")]
)
def test_a_timer_command_on_a_database_not_yet_migrated_says_so_in_one_line(
    data_dir: Path, command: tuple[str, ...]
) -> None:
    result = _invoke(*command)
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: the database is not up to date: run `placement db upgrade` (or `placement run`) first"
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)


def _this_month() -> str:
    import datetime as dt

    from placement.clock import SYSTEM_CLOCK

    today: dt.date = SYSTEM_CLOCK.today()
    return f"{today.year:04d}-{today.month:02d}"


def test_insights_report_writes_the_months_pdf_and_csv_of_the_whole_jobcenter(data_dir: Path, tmp_path: Path) -> None:
    import subprocess

    assert _invoke("demo").exit_code == 0
    month = _this_month()
    out = tmp_path / "rapporter"
    result = _invoke("insights", "report", "--month", month, "--out", str(out))
    assert result.exit_code == 0, result.output
    pdf, csv = out / f"indsigt-{month}.pdf", out / f"indsigt-{month}.csv"
    assert result.output.splitlines() == [f"Wrote {pdf}", f"Wrote {csv}"]
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert "Indsigt: summen af forløbene" in text and "Hele jobcentret" in text
    assert "Amira" not in text and "Bo Jensen" not in text  # no citizen's name, only sums
    assert csv.read_bytes()
    with sqlite3.connect(data_dir / "placement.db") as connection:
        rows = connection.execute(
            "SELECT actor_id, actor_role, citizen_id, request_id FROM audit_event WHERE object_type = 'insights'"
        ).fetchall()
    assert rows and all(row[0] is None and row[1] == "leader" and row[2] is None for row in rows)
    assert all(row[3] == f"cli:insights:{month}" for row in rows)


@pytest.mark.parametrize(
    ("month", "says"), [("2026-13", "month"), ("26-01", "month"), ("2099-01", "month 2099-01 is in the future")]
)
def test_insights_report_refuses_a_bad_or_future_month_in_one_line(data_dir: Path, month: str, says: str) -> None:
    assert _invoke("db", "upgrade").exit_code == 0
    result = _invoke("insights", "report", "--month", month, "--out", str(data_dir / "out"))
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1 and says in result.output
    assert not (data_dir / "out").exists()
