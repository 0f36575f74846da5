"""Settings read from PLACEMENT_* environment variables, validated once at start."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Literal
from urllib.parse import SplitResult, urlsplit

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from goals.handover import DEFAULT_OWN_VIEW_DAYS, MAX_OWN_VIEW_DAYS, MIN_OWN_VIEW_DAYS
from goals.rhythm import DEFAULT_INTERVAL_DAYS, MAX_INTERVAL_DAYS, MIN_INTERVAL_DAYS
from goals.thresholds import Thresholds

DEVELOPMENT_SECRET = "development-only-secret-change-me-0123456789"
MIN_SECRET_LENGTH = 32
# The smallest group size management information may ever show (PLACEMENT_INSIGHTS_SUPPRESS_BELOW cannot go lower).
INSIGHTS_SUPPRESSION_FLOOR = 3
SUPPORTED_DRIVERS = {"sqlite+aiosqlite", "postgresql+asyncpg"}
# smtp:// plain, smtp+starttls:// upgraded with STARTTLS (refused if the server does not offer it), smtps:// TLS.
SMTP_SCHEMES = {"smtp", "smtp+starttls", "smtps"}
DEVELOPMENT_MAIL_FROM = "virksomhedspraktik@localhost"


class ConfigError(ValueError):
    """A setting that stops the service at start; the message says what to fix in one line."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the service reads from its environment."""

    database_url: str
    # The schema owner's URL for migrations on PostgreSQL; database_url is then the runtime role's (README: Security).
    migration_database_url: str = ""
    data_dir: Path = Path("var")
    host: str = "127.0.0.1"
    port: int = 8000
    secret_key: str = DEVELOPMENT_SECRET
    env: Literal["development", "production"] = "development"
    # Where users reach the service; every link it hands out starts here, never with a request's Host header.
    base_url: str = ""
    question_bank_path: Path | None = None
    # The target groups a citizen is placed in (README: Target groups); none: the packaged default list.
    target_groups_path: Path | None = None
    session_idle_minutes: int = 30
    session_absolute_hours: int = 10
    invitation_days: int = 7
    login_max_failures: int = 5
    # Higher than per account: a jobcenter office behind one address must not lock itself out after five typos.
    login_max_failures_per_client: int = 20
    login_window_minutes: int = 15
    sqlite_busy_timeout_ms: int = 30_000
    pdf_max_concurrent: int = 2
    pdf_timeout_seconds: float = 30.0
    log_grace_weeks: int = 2
    recommendation: Thresholds = field(default_factory=Thresholds)
    # No SMTP URL: mails are written to the service log with their links masked (README: Email).
    smtp_url: str = ""
    mail_from: str = ""
    mail_send_in_process: bool = True
    mail_poll_seconds: float = 5.0
    mail_retry_seconds: float = 60.0
    mail_max_attempts: int = 6
    # Weekly reminders (README: Reminders): from this ISO weekday (1 = Monday) and hour, Copenhagen time.
    reminder_weekday: int = 5
    reminder_hour: int = 12
    reminders_in_process: bool = True
    # Management information: a group of fewer citizens than this is suppressed (never below the floor of 3).
    insights_suppress_below: int = 5
    # The citizen's self-assessment is asked for again this many days after the latest (goals/rhythm.py).
    self_assessment_interval_days: int = DEFAULT_INTERVAL_DAYS
    # After a handover the new consultant gives their own F within this many days (goals/handover.py).
    handover_own_view_days: int = DEFAULT_OWN_VIEW_DAYS

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def mail_sender(self) -> str:
        return self.mail_from or DEVELOPMENT_MAIL_FROM

    def absolute_url(self, path: str) -> str:
        """`path` on the configured base URL; in development without one, on the address `placement run` serves."""
        base = self.base_url.rstrip("/") or f"http://{self.host}:{self.port}"
        return base + path

    def as_schema_owner(self) -> Settings:
        """The settings migrations run with: the schema owner's URL where one is configured."""
        return replace(self, database_url=self.migration_database_url or self.database_url, migration_database_url="")

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from PLACEMENT_* variables and validate them."""
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("PLACEMENT_DATA_DIR", "var"))
        database_url = env.get("PLACEMENT_DATABASE_URL") or f"sqlite+aiosqlite:///{data_dir / 'placement.db'}"
        bank = env.get("PLACEMENT_QUESTION_BANK")
        target_groups = env.get("PLACEMENT_TARGET_GROUPS_FILE")
        settings = cls(
            database_url=database_url,
            migration_database_url=env.get("PLACEMENT_MIGRATION_DATABASE_URL", ""),
            data_dir=data_dir,
            host=env.get("PLACEMENT_HOST", "127.0.0.1"),
            port=_int(env, "PLACEMENT_PORT", 8000),
            secret_key=env.get("PLACEMENT_SECRET_KEY", "") or DEVELOPMENT_SECRET,
            env=_env_name(env.get("PLACEMENT_ENV", "development")),
            base_url=env.get("PLACEMENT_BASE_URL", ""),
            question_bank_path=Path(bank) if bank else None,
            target_groups_path=Path(target_groups) if target_groups else None,
            session_idle_minutes=_int(env, "PLACEMENT_SESSION_IDLE_MINUTES", 30),
            session_absolute_hours=_int(env, "PLACEMENT_SESSION_ABSOLUTE_HOURS", 10),
            invitation_days=_int(env, "PLACEMENT_INVITATION_DAYS", 7),
            login_max_failures=_int(env, "PLACEMENT_LOGIN_MAX_FAILURES", 5),
            login_max_failures_per_client=_int(env, "PLACEMENT_LOGIN_MAX_FAILURES_PER_CLIENT", 20),
            login_window_minutes=_int(env, "PLACEMENT_LOGIN_WINDOW_MINUTES", 15),
            pdf_max_concurrent=_int(env, "PLACEMENT_PDF_MAX_CONCURRENT", 2),
            pdf_timeout_seconds=_float(env, "PLACEMENT_PDF_TIMEOUT_SECONDS", 30.0),
            log_grace_weeks=_int(env, "PLACEMENT_LOG_GRACE_WEEKS", 2),
            recommendation=_thresholds(env),
            smtp_url=env.get("PLACEMENT_SMTP_URL", ""),
            mail_from=env.get("PLACEMENT_MAIL_FROM", ""),
            mail_send_in_process=_bool(env, "PLACEMENT_MAIL_SEND_IN_PROCESS", True),
            mail_poll_seconds=_float(env, "PLACEMENT_MAIL_POLL_SECONDS", 5.0),
            mail_retry_seconds=_float(env, "PLACEMENT_MAIL_RETRY_SECONDS", 60.0),
            mail_max_attempts=_int(env, "PLACEMENT_MAIL_MAX_ATTEMPTS", 6),
            reminder_weekday=_int(env, "PLACEMENT_REMINDER_WEEKDAY", 5),
            reminder_hour=_int(env, "PLACEMENT_REMINDER_HOUR", 12),
            reminders_in_process=_bool(env, "PLACEMENT_REMINDERS_IN_PROCESS", True),
            insights_suppress_below=_int(env, "PLACEMENT_INSIGHTS_SUPPRESS_BELOW", 5),
            self_assessment_interval_days=_int(env, "PLACEMENT_SELF_ASSESSMENT_INTERVAL_DAYS", DEFAULT_INTERVAL_DAYS),
            handover_own_view_days=_int(env, "PLACEMENT_HANDOVER_OWN_VIEW_DAYS", DEFAULT_OWN_VIEW_DAYS),
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        """Raise ConfigError with one clear line for the first setting that cannot work."""
        try:
            url = make_url(self.database_url)
        except ArgumentError:
            raise ConfigError(
                "PLACEMENT_DATABASE_URL is not a database URL; use sqlite+aiosqlite:///path/to/file.db "
                "or postgresql+asyncpg://user@host/dbname"
            ) from None
        if url.drivername not in SUPPORTED_DRIVERS:
            raise ConfigError(
                f"PLACEMENT_DATABASE_URL uses driver {url.drivername!r}; "
                f"use one of {', '.join(sorted(SUPPORTED_DRIVERS))}"
            )
        owner_url = self.migration_database_url
        if owner_url and (self.is_sqlite or not owner_url.startswith("postgresql+asyncpg://")):
            raise ConfigError(
                "PLACEMENT_MIGRATION_DATABASE_URL is for PostgreSQL beside a PostgreSQL "
                "PLACEMENT_DATABASE_URL; on SQLite the file's permissions are the boundary"
            )
        if self.is_production:
            if self.secret_key == DEVELOPMENT_SECRET or not self.secret_key:
                raise ConfigError(
                    "PLACEMENT_SECRET_KEY is missing or the development default; in production set a random value "
                    f"of at least {MIN_SECRET_LENGTH} characters, e.g. `python -c 'import secrets; "
                    "print(secrets.token_urlsafe(48))'`"
                )
            if len(self.secret_key) < MIN_SECRET_LENGTH:
                raise ConfigError(f"PLACEMENT_SECRET_KEY is too short; use at least {MIN_SECRET_LENGTH} characters")
        self._validate_base_url()
        if self.question_bank_path is not None and not self.question_bank_path.is_file():
            raise ConfigError(f"PLACEMENT_QUESTION_BANK points at {self.question_bank_path}, which is not a file")
        if self.target_groups_path is not None and not self.target_groups_path.is_file():
            raise ConfigError(f"PLACEMENT_TARGET_GROUPS_FILE points at {self.target_groups_path}, which is not a file")
        if not 1 <= self.port <= 65535:
            raise ConfigError(f"PLACEMENT_PORT must be between 1 and 65535, not {self.port}")
        self._validate_mail()
        if self.insights_suppress_below < INSIGHTS_SUPPRESSION_FLOOR:
            raise ConfigError(
                f"PLACEMENT_INSIGHTS_SUPPRESS_BELOW must be at least {INSIGHTS_SUPPRESSION_FLOOR}: a smaller group "
                f"would let one citizen be seen, not {self.insights_suppress_below}"
            )
        if not MIN_INTERVAL_DAYS <= self.self_assessment_interval_days <= MAX_INTERVAL_DAYS:
            raise ConfigError(
                f"PLACEMENT_SELF_ASSESSMENT_INTERVAL_DAYS must be {MIN_INTERVAL_DAYS} to {MAX_INTERVAL_DAYS} days, "
                f"not {self.self_assessment_interval_days}"
            )
        if not MIN_OWN_VIEW_DAYS <= self.handover_own_view_days <= MAX_OWN_VIEW_DAYS:
            raise ConfigError(
                f"PLACEMENT_HANDOVER_OWN_VIEW_DAYS must be {MIN_OWN_VIEW_DAYS} to {MAX_OWN_VIEW_DAYS} days, "
                f"not {self.handover_own_view_days}"
            )

    def _validate_mail(self) -> None:
        if self.smtp_url:
            parts = _url(self.smtp_url)
            if parts is None or parts.scheme not in SMTP_SCHEMES or not parts.hostname or parts.path not in ("", "/"):
                raise ConfigError(
                    "PLACEMENT_SMTP_URL must be smtp://host:port (plain), smtp+starttls://host:port or "
                    "smtps://host:port, with user:password@ before the host if the server wants a login"
                )
            if self.is_production and not self.mail_from:
                raise ConfigError("PLACEMENT_MAIL_FROM is missing; with PLACEMENT_SMTP_URL set, production needs it")
        if self.mail_from and "@" not in self.mail_from:
            raise ConfigError(f"PLACEMENT_MAIL_FROM must be an email address, not {self.mail_from!r}")
        if self.mail_max_attempts < 1:
            raise ConfigError("PLACEMENT_MAIL_MAX_ATTEMPTS must be at least 1")
        if not 1 <= self.reminder_weekday <= 7:
            raise ConfigError(
                f"PLACEMENT_REMINDER_WEEKDAY must be 1 (Monday) to 7 (Sunday), not {self.reminder_weekday}"
            )
        if not 0 <= self.reminder_hour <= 23:
            raise ConfigError(f"PLACEMENT_REMINDER_HOUR must be 0 to 23 (Copenhagen time), not {self.reminder_hour}")

    def _validate_base_url(self) -> None:
        if not self.base_url:
            if self.is_production:
                raise ConfigError(
                    "PLACEMENT_BASE_URL is missing; in production set the https address users reach "
                    "the service at, e.g. https://praktik.kommune.dk (invitation links start there)"
                )
            return
        parts = _absolute_url(self.base_url)
        if parts is None:
            raise ConfigError(
                f"PLACEMENT_BASE_URL must be an absolute http(s) URL such as https://praktik.kommune.dk, "
                f"not {self.base_url!r}"
            )
        if "?" in self.base_url or "#" in self.base_url or "@" in parts.netloc or parts.path not in ("", "/"):
            raise ConfigError(
                "PLACEMENT_BASE_URL must be the scheme and host only (and a port), without a path, "
                f"query, fragment or user, not {self.base_url!r}"
            )
        if self.is_production and parts.scheme != "https":
            raise ConfigError(f"PLACEMENT_BASE_URL must be https in production, not {self.base_url!r}")


def _absolute_url(raw: str) -> SplitResult | None:
    try:
        parts = urlsplit(raw)
        if parts.scheme in ("http", "https") and parts.hostname and (parts.port is None or parts.port > 0):
            return parts
    except ValueError:  # a port that is not a number
        pass
    return None


def _url(raw: str) -> SplitResult | None:
    try:
        parts = urlsplit(raw)
        _ = parts.port  # a port that is not a number raises here
    except ValueError:
        return None
    return parts


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name, "").strip().lower()
    if raw == "":
        return default
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name} must be true or false, not {raw!r}")


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{name} must be more than 0")
    return value


def _thresholds(env: Mapping[str, str]) -> Thresholds:
    """PLACEMENT_RECOMMENDATION_<FIELD> overrides one threshold of the recommendation rule, e.g. ..._ATTENDANCE_OK=0.75."""
    changes: dict[str, int | float] = {}
    for item in fields(Thresholds):
        name = f"PLACEMENT_RECOMMENDATION_{item.name.upper()}"
        if raw := env.get(name):
            kind = int if isinstance(item.default, int) else float
            try:
                changes[item.name] = kind(raw)
            except ValueError:
                raise ConfigError(f"{name} must be a {'whole ' if kind is int else ''}number, not {raw!r}") from None
    try:
        return Thresholds(**changes)  # type: ignore[arg-type]
    except ValueError as error:
        raise ConfigError(f"PLACEMENT_RECOMMENDATION_*: {error}") from None


def _env_name(raw: str) -> Literal["development", "production"]:
    if raw == "production":
        return "production"
    if raw == "development":
        return "development"
    raise ConfigError(f"PLACEMENT_ENV must be 'development' or 'production', not {raw!r}")
