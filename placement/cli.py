"""The `placement` command: run the service, migrate the database, manage accounts."""

from __future__ import annotations

import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from goals.questions import QuestionBankError
from placement.config import ConfigError, Settings
from placement.db import migrate
from placement.db.engine import create_engine
from placement.errors import ServiceError

if TYPE_CHECKING:
    from litestar import Litestar

T = TypeVar("T")


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None


def _in_session(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    async def runner() -> T:
        engine = create_engine(settings)
        try:
            async with async_sessionmaker(engine, expire_on_commit=False)() as db, db.begin():
                return await work(db)
        finally:
            await engine.dispose()

    return asyncio.run(runner())


def _in_engine(settings: Settings, work: Callable[[AsyncEngine], Awaitable[T]]) -> T:
    async def runner() -> T:
        engine = create_engine(settings)
        try:
            return await work(engine)
        finally:
            await engine.dispose()

    return asyncio.run(runner())


@click.group()
def main() -> None:
    """Virksomhedspraktik made measurable. Configure with PLACEMENT_* environment variables (see README.md)."""


@main.group()
def reminders() -> None:
    """The weekly reminders."""


@reminders.command("send")
def reminders_send() -> None:
    """Queue the reminders due now (once each, whatever else runs the pass), then send the mails that are due."""
    from placement.app import create_app
    from placement.mail.sending import send_due
    from placement.reminders.schedule import link_to_log, run_pass

    settings = _settings()
    try:
        app = create_app(settings)
    except (ConfigError, QuestionBankError) as exc:
        raise click.ClickException(str(exc)) from None

    async def runner() -> None:
        engine = app.state.engine
        try:
            await _require_current(engine, settings)
            await _register_bank(engine, app)
            sessions = async_sessionmaker(engine, expire_on_commit=False)
            queued = await run_pass(sessions, clock=app.state.clock, settings=settings, link_for=link_to_log(app))
            report = await send_due(sessions, app.state.mail_transport, clock=app.state.clock, settings=settings)
        finally:
            await engine.dispose()
        if queued is None:
            click.echo("Another process is running the reminder pass; 0 reminders queued.")
        else:
            click.echo(f"{queued} reminders queued.")
        click.echo(f"{report.sent} sent, {report.retried} to be retried, {report.failed} failed.")

    asyncio.run(runner())


@main.group()
def insights() -> None:
    """Management information."""


@insights.command("report")
@click.option("--month", required=True, help="The month, YYYY-MM; this month at the latest.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, dir_okay=True, writable=True, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The folder to write indsigt-YYYY-MM.pdf and indsigt-YYYY-MM.csv into.",
)
def insights_report(month: str, out_dir: Path) -> None:
    """Write the month's report of the whole jobcenter as PDF and CSV (for a scheduled job), audited as a read."""
    from placement.app import create_app
    from placement.insights.monthly_job import monthly_report_files

    settings = _settings()
    try:
        app = create_app(settings)
    except (ConfigError, QuestionBankError) as exc:
        raise click.ClickException(str(exc)) from None

    async def runner() -> dict[str, bytes]:
        engine = app.state.engine
        try:
            await _require_current(engine, settings)
            await _register_bank(engine, app)
            return await monthly_report_files(app, month)
        finally:
            await engine.dispose()

    try:
        files = asyncio.run(runner())
    except ServiceError as exc:  # the message names the field: "month 2099-01 is in the future"
        raise click.ClickException(exc.message) from None
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (out_dir / name).write_bytes(content)
        click.echo(f"Wrote {out_dir / name}")


@main.command()
@click.option("--no-migrate", is_flag=True, help="Do not upgrade the database before serving.")
def run(no_migrate: bool) -> None:
    """Upgrade the database, then serve the application."""
    import uvicorn

    from placement.accounts.services import count_users
    from placement.app import create_app
    from placement.logging import uvicorn_log_config

    settings = _settings()
    try:
        app = create_app(settings)
    except (ConfigError, QuestionBankError) as exc:
        raise click.ClickException(str(exc)) from None
    if not no_migrate:
        _upgrade(settings)
    _in_engine(settings, lambda engine: _register_bank(engine, app))
    if _in_session(settings, count_users) == 0:
        click.echo(
            "No accounts yet: create the first one with "
            "`placement user add you@example.dk --name 'Your Name' --role admin` (it asks for the password)."
        )
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        proxy_headers=True,
        log_level="info",
        log_config=uvicorn_log_config(),
    )


async def _require_current(engine: AsyncEngine, settings: Settings) -> None:
    if not await migrate.is_current(engine, settings):
        raise click.ClickException(
            "the database is not up to date: run `placement db upgrade` (or `placement run`) first"
        )


async def _register_bank(engine: AsyncEngine, app: Litestar) -> None:
    """Register the bank's items, or stop with one line when it changes an item already served under its key."""
    from placement.questions.registry import check_bank

    try:
        await check_bank(engine, app.state.bank, app.state.clock)
    except QuestionBankError as exc:
        raise click.ClickException(str(exc)) from None


def _upgrade(settings: Settings, revision: str = "head") -> None:
    try:
        migrate.upgrade(settings, revision)
    except Exception as exc:  # the operator needs one line, not a traceback, to fix a database that cannot be reached
        raise click.ClickException(f"could not migrate the database at PLACEMENT_DATABASE_URL: {exc}") from exc


@main.group()
def db() -> None:
    """Database migrations."""


@db.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Upgrade the database to REVISION (default: head)."""
    _upgrade(_settings(), revision)
    click.echo(f"Database upgraded to {revision}.")


@db.command("downgrade")
@click.argument("revision", default="-1")
def db_downgrade(revision: str) -> None:
    """Downgrade the database to REVISION (default: one step back)."""
    migrate.downgrade(_settings(), revision)
    click.echo(f"Database downgraded to {revision}.")


@db.command("grant-runtime")
@click.argument("role")
def db_grant_runtime(role: str) -> None:
    """Let the PostgreSQL ROLE run the service: ordinary reads and writes, but only insert and read on audit_event.

    Connects as the schema owner (PLACEMENT_MIGRATION_DATABASE_URL, else PLACEMENT_DATABASE_URL).
    """
    from placement.db.roles import grant_runtime

    try:
        grant_runtime(_settings().as_schema_owner(), role)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{role} may now run the service; it cannot change or erase the audit trail.")


@main.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path: Path) -> None:
    """Back up the SQLite database to PATH while the service runs (a new file; checked before it is kept).

    On PostgreSQL it prints the pg_dump command to run instead (README: Backups).
    """
    from placement.db import backup

    settings = _settings()
    if not settings.is_sqlite:
        dump, _ = backup.postgres_commands(settings, path)
        raise click.ClickException(f"on PostgreSQL back up with pg_dump (README: Backups): {dump}")
    try:
        report = backup.backup(settings, path)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"Backup written to {report.path}: migration {report.revision}, {report.placements} placements, "
        f"{report.size} bytes. It holds health information: keep it as safe as the database."
    )


@main.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Replace the database without asking.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace the SQLite database with the backup at PATH, after checking it is a whole backup of this service.

    Stop the service first; `placement run` then migrates the restored database if it is older. On PostgreSQL it
    prints the pg_restore command to run instead (README: Backups).
    """
    from placement.db import backup

    settings = _settings()
    if not settings.is_sqlite:
        _, restore = backup.postgres_commands(settings, path)
        raise click.ClickException(f"on PostgreSQL restore with pg_restore (README: Backups): {restore}")
    try:
        checked = backup.check(path, settings)
        if not yes:
            click.confirm(
                f"Replace {backup.sqlite_file(settings)} with {path} ({checked.placements} placements, migration "
                f"{checked.revision})?",
                abort=True,
            )
        report = backup.restore(settings, path)
    except backup.BackupError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Restored {report.path} from {path}: migration {report.revision}, {report.placements} placements.")


@main.group()
def user() -> None:
    """Accounts."""


@user.command("add")
@click.argument("email")
@click.option("--name", required=True, help="The person's full name.")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["admin", "leader", "consultant", "company_contact", "mentor", "citizen"]),
)
def user_add(email: str, name: str, role: str) -> None:
    """Create an account; the password is read from standard input."""
    from placement.accounts.services import create_user

    password = _read_password()
    settings = _settings()
    _upgrade(settings)
    try:
        created = _in_session(
            settings, lambda session: create_user(session, email=email, name=name, role=role, password=password)
        )
    except ServiceError as exc:
        raise click.ClickException(f"{exc.field}: {exc.message}" if exc.field else exc.message) from None
    click.echo(f"Created {created.role.value} account {created.email}.")


@main.group()
def mail() -> None:
    """The mail outbox."""


@mail.command("send")
def mail_send() -> None:
    """Send every mail that is due now (for cron or a systemd timer beside PLACEMENT_MAIL_SEND_IN_PROCESS=false)."""
    from placement.clock import SYSTEM_CLOCK
    from placement.mail.sending import send_due
    from placement.mail.transport import transport_for

    settings = _settings()

    async def runner() -> None:
        engine = create_engine(settings)
        try:
            await _require_current(engine, settings)
            sessions = async_sessionmaker(engine, expire_on_commit=False)
            report = await send_due(sessions, transport_for(settings), clock=SYSTEM_CLOCK, settings=settings)
        finally:
            await engine.dispose()
        click.echo(f"{report.sent} sent, {report.retried} to be retried, {report.failed} failed.")

    asyncio.run(runner())


@main.command()
def demo() -> None:
    """Fill an empty database with a clearly marked demo jobcenter (names start with "Demo:", emails @demo.invalid)."""
    from placement.clock import SYSTEM_CLOCK
    from placement.demo.services import create_demo

    settings = _settings()
    _upgrade(settings)
    try:
        password, logins = _in_session(settings, lambda session: create_demo(session, today=SYSTEM_CLOCK.today()))
    except ServiceError as exc:
        raise click.ClickException(exc.message) from None
    click.echo("Demo jobcenter created. Every demo account has the password shown once here:")
    click.echo(f"  password: {password}")
    for login in logins:
        click.echo(f"  {login.role:16} {login.email}")


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Repeat password: "):
            raise click.ClickException("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\n")
