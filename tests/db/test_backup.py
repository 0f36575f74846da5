"""`placement backup` copies the SQLite database while writers run; `placement restore` takes back only a whole backup
of this service, and the service serves from it. On PostgreSQL the commands name pg_dump and pg_restore instead."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sqlite3
import threading
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from placement.app import create_app
from placement.cli import main
from placement.config import Settings
from tests.fixtures.clients import serve

PASSWORD = "lang-og-sikker-adgangskode-2026"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A clean PLACEMENT_* environment whose SQLite database lives in tmp_path/live."""
    for name in list(os.environ):
        if name.startswith("PLACEMENT_") and not name.startswith("PLACEMENT_TEST_"):
            monkeypatch.delenv(name)
    live = tmp_path / "live"
    monkeypatch.setenv("PLACEMENT_DATA_DIR", str(live))
    return live


def _invoke(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin, env=env)


def _companies(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute("SELECT count(*) FROM company").fetchone()[0])


class _Writers:
    """Two threads that add companies to the live database, each in its own short write transaction, until stopped."""

    def __init__(self, database: Path) -> None:
        self.database, self.stop, self.written = database, threading.Event(), [0, 0]
        self.threads = [threading.Thread(target=self._write, args=(n,)) for n in range(2)]

    def _write(self, n: int) -> None:
        connection = sqlite3.connect(self.database, timeout=30, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        now = dt.datetime.now(dt.UTC).isoformat()
        while not self.stop.is_set():
            connection.execute(
                "INSERT INTO company (id, name, cvr, version, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)",
                (uuid.uuid4().bytes, f"Firma {n}-{self.written[n]}", f"{n}{self.written[n]:07d}", now, now),
            )
            self.written[n] += 1
        connection.close()

    def __enter__(self) -> _Writers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()


def test_a_backup_taken_under_writes_restores_and_the_service_serves_from_it(data_dir: Path, tmp_path: Path) -> None:
    assert _invoke("db", "upgrade").exit_code == 0
    added = _invoke("user", "add", "mette@example.dk", "--name", "Mette Hansen", "--role", "consultant", stdin=PASSWORD)
    assert added.exit_code == 0, added.output
    live, copy = data_dir / "placement.db", tmp_path / "backups" / "placement-2026-12-03.db"
    copy.parent.mkdir()
    with _Writers(live) as writers:
        while sum(writers.written) < 200:  # writers are under way before the backup starts
            pass
        before = _companies(live)
        result = _invoke("backup", str(copy))
        during = sum(writers.written)
    after = _companies(live)
    assert result.exit_code == 0, result.output
    assert f"Backup written to {copy}" in result.output
    # One moment's state: at least what was there when it started, none of what came after it ended.
    assert before <= _companies(copy) <= during <= after
    assert oct(copy.stat().st_mode & 0o777) == "0o600"
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # Restored where a new machine keeps its data: the service starts on it and the account signs in.
    restored_dir = tmp_path / "restored"
    env = {"PLACEMENT_DATA_DIR": str(restored_dir)}
    restored = _invoke("restore", str(copy), "--yes", env=env)
    assert restored.exit_code == 0, restored.output
    assert _companies(restored_dir / "placement.db") == _companies(copy)
    assert asyncio.run(_signed_in_email(Settings.from_env(env))) == "mette@example.dk"


async def _signed_in_email(settings: Settings) -> str:
    """Start the service on `settings`' database, sign in as the account made before the backup, read /api/me."""
    app = create_app(settings)
    try:
        async with serve(app) as client:
            await client.get("/health")
            client.headers["x-csrftoken"] = client.cookies.get("csrftoken") or ""
            signed_in = await client.post("/api/auth/login", json={"email": "mette@example.dk", "password": PASSWORD})
            assert signed_in.status_code == 200, signed_in.text
            return str((await client.get("/api/me")).json()["email"])
    finally:
        await app.state.engine.dispose()


def test_a_backup_never_overwrites_a_file(data_dir: Path, tmp_path: Path) -> None:
    assert _invoke("db", "upgrade").exit_code == 0
    existing = tmp_path / "kept.db"
    existing.write_bytes(b"an earlier backup")
    result = _invoke("backup", str(existing))
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {existing} exists; choose a new file name (a backup never overwrites one)"
    assert existing.read_bytes() == b"an earlier backup"


def _foreign_database(path: Path) -> Path:
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    return path


def _unknown_migration(path: Path, data_dir: Path) -> Path:
    assert _invoke("backup", str(path)).exit_code == 0
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    return path


def _truncated(path: Path, data_dir: Path) -> Path:
    assert _invoke("backup", str(path)).exit_code == 0
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 3])
    return path


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (
            lambda p, d: (p.write_bytes(os.urandom(8192)), p)[1],
            "is not a SQLite database, so not a backup of this service",
        ),
        (lambda p, d: _foreign_database(p), "is not a backup of this service: it lacks alembic_version, audit_event"),
        (_unknown_migration, "is at migration 9999, which this version of the service does not know"),
        (_truncated, ""),
    ],
    ids=["random bytes", "another application's database", "a newer service's backup", "a truncated backup"],
)
def test_a_restore_of_a_corrupt_or_foreign_file_is_refused_with_one_line_and_changes_nothing(
    data_dir: Path,
    tmp_path: Path,
    make,
    says: str,  # type: ignore[no-untyped-def]
) -> None:
    assert _invoke("db", "upgrade").exit_code == 0
    assert (
        _invoke("user", "add", "mette@example.dk", "--name", "Mette", "--role", "consultant", stdin=PASSWORD).exit_code
        == 0
    )
    live = data_dir / "placement.db"
    before = live.read_bytes()
    bad = make(tmp_path / "bad.db", data_dir)
    result = _invoke("restore", str(bad), "--yes")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {bad}") and says in lines[0], result.output
    assert live.read_bytes() == before


def test_on_postgresql_the_commands_name_pg_dump_and_pg_restore_without_the_password(data_dir: Path) -> None:
    env = {"PLACEMENT_DATABASE_URL": "postgresql+asyncpg://placement:s3cret@db.example:5432/placement"}
    dumped, restored = _invoke("backup", "/backups/p.dump", env=env), _invoke("restore", "/backups/p.dump", env=env)
    assert dumped.exit_code == restored.exit_code == 1
    assert (
        "pg_dump --format=custom --no-owner --file=/backups/p.dump 'postgresql://placement:***@db.example:5432/placement'"
        in dumped.output
    )
    assert "pg_restore --clean --if-exists --no-owner --exit-on-error" in restored.output
    assert "s3cret" not in dumped.output + restored.output
