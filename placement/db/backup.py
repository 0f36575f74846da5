"""Backups that restore: SQLite's online backup while writers run, and a restore that checks the file first.

On PostgreSQL the operator's own tools do it (pg_dump and pg_restore, README "Backups"); this module names the
commands instead of wrapping them, so that nothing here needs the database's superuser or its password.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from placement.config import Settings
from placement.db.migrate import alembic_config

SQLITE_HEADER = b"SQLite format 3\x00"
# Tables every database of this service has had since the first migration: a file without them is not ours.
CORE_TABLES = frozenset({"alembic_version", "user_account", "citizen", "placement", "audit_event"})


class BackupError(Exception):
    """A backup or restore that cannot be done; the message is one line for the operator."""


@dataclass(frozen=True, slots=True)
class BackupReport:
    path: Path
    revision: str
    placements: int
    size: int


def sqlite_file(settings: Settings) -> Path:
    """The database file of a SQLite deployment."""
    database = make_url(settings.database_url).database
    if not database or database == ":memory:":
        raise BackupError("the SQLite database is in memory; there is nothing to back up")
    return Path(database)


def postgres_commands(settings: Settings, path: Path) -> tuple[str, str]:
    """The pg_dump and pg_restore commands for this deployment, without any password (libpq takes it from
    PGPASSWORD or ~/.pgpass)."""
    url = make_url(settings.migration_database_url or settings.database_url).set(drivername="postgresql", password=None)
    target = url.render_as_string(hide_password=True)
    dump = f"pg_dump --format=custom --no-owner --file={path} '{target}'"
    restore = f"pg_restore --clean --if-exists --no-owner --exit-on-error --dbname='{target}' {path}"
    return dump, restore


def backup(settings: Settings, target: Path) -> BackupReport:
    """Copy the live SQLite database into `target` with SQLite's online backup: one consistent snapshot while the
    service keeps writing (WAL lets writers go on). Written beside the target first, checked, then moved in place;
    an existing file is never overwritten."""
    source = sqlite_file(settings)
    if not source.is_file():
        raise BackupError(f"{source}: no database here; check PLACEMENT_DATA_DIR or PLACEMENT_DATABASE_URL")
    if target.exists():
        raise BackupError(f"{target} exists; choose a new file name (a backup never overwrites one)")
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    with _open(source) as live, _open(partial) as copy:
        # pages=-1: the whole database in one step, under one read transaction, so the copy is one moment's state.
        live.backup(copy, pages=-1)
        # A single file, readable without the -wal and -shm files beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
    try:
        report = check(partial, settings)
    except BackupError:
        partial.unlink(missing_ok=True)
        raise
    os.chmod(partial, 0o600)  # the copy holds health information, as the live file does
    partial.replace(target)
    return BackupReport(target, report.revision, report.placements, target.stat().st_size)


def check(path: Path, settings: Settings) -> BackupReport:
    """A backup of this service that is whole: a SQLite file, integrity ok, our tables, a migration we know."""
    if not path.is_file():
        raise BackupError(f"{path}: no such file")
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupError(f"{path} is not a SQLite database, so not a backup of this service")
    try:
        with _open(path, read_only=True) as db:
            verdict = db.execute("PRAGMA integrity_check").fetchone()[0]
            if verdict != "ok":
                raise BackupError(f"{path} is damaged: integrity check says {verdict!r}")
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if missing := CORE_TABLES - tables:
                raise BackupError(f"{path} is not a backup of this service: it lacks {', '.join(sorted(missing))}")
            revision = db.execute("SELECT version_num FROM alembic_version").fetchone()
            placements = db.execute("SELECT count(*) FROM placement").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} cannot be read as a database: {exc}") from None
    known = {script.revision for script in ScriptDirectory.from_config(alembic_config(settings)).walk_revisions()}
    if revision is None or revision[0] not in known:
        found = revision[0] if revision else "none"
        raise BackupError(f"{path} is at migration {found}, which this version of the service does not know")
    return BackupReport(path, revision[0], placements, path.stat().st_size)


def restore(settings: Settings, source: Path) -> BackupReport:
    """Replace the SQLite database with a checked backup, in place (SQLite's backup into the live file, so that its
    WAL and the file's permissions stay right). Stop the service first; the next start migrates it if it is older.
    """
    report = check(source, settings)
    target = sqlite_file(settings)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with _open(source, read_only=True) as backup_db, _open(target) as live:
        try:
            # An exclusive lock: a running service (or another restore) holds the file, and the restore stops.
            live.execute("BEGIN EXCLUSIVE")
            live.execute("ROLLBACK")
        except sqlite3.OperationalError:
            raise BackupError(f"{target} is busy; stop the service before a restore") from None
        backup_db.backup(live, pages=-1)
    os.chmod(target, 0o600)
    return BackupReport(target, report.revision, report.placements, target.stat().st_size)


def _open(path: Path, *, read_only: bool = False) -> closing[sqlite3.Connection]:
    """A plain sqlite3 connection that closes at the end of the with block (its own context only ends a transaction)."""
    if read_only:
        return closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0))
    return closing(sqlite3.connect(path, timeout=5))
