"""Settings from PLACEMENT_* variables: sensible defaults, and one clear line naming the variable when one is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from placement.config import DEVELOPMENT_SECRET, ConfigError, Settings
from placement.db.roles import runtime_role

GOOD_SECRET = "production-test-secret-" + "y" * 40


def test_an_empty_environment_gives_a_development_service_on_sqlite() -> None:
    settings = Settings.from_env({})

    assert settings.database_url == f"sqlite+aiosqlite:///{Path('var') / 'placement.db'}"
    assert settings.env == "development" and not settings.is_production
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.question_bank_path is None


def test_settings_read_every_variable(tmp_path: Path) -> None:
    bank = tmp_path / "bank.json"
    bank.write_text("{}", encoding="utf-8")

    settings = Settings.from_env(
        {
            "PLACEMENT_DATABASE_URL": "postgresql+asyncpg://placement@db.internal/placement",
            "PLACEMENT_DATA_DIR": str(tmp_path),
            "PLACEMENT_HOST": "0.0.0.0",
            "PLACEMENT_PORT": "9000",
            "PLACEMENT_ENV": "production",
            "PLACEMENT_SECRET_KEY": GOOD_SECRET,
            "PLACEMENT_BASE_URL": "https://praktik.kommune.dk",
            "PLACEMENT_QUESTION_BANK": str(bank),
            "PLACEMENT_SESSION_IDLE_MINUTES": "20",
        }
    )

    assert settings.is_production and not settings.is_sqlite
    assert (settings.host, settings.port, settings.session_idle_minutes) == ("0.0.0.0", 9000, 20)
    assert settings.question_bank_path == bank and settings.data_dir == tmp_path
    assert settings.absolute_url("/invitation") == "https://praktik.kommune.dk/invitation"


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({"PLACEMENT_DATABASE_URL": "not a url"}, "PLACEMENT_DATABASE_URL is not a database URL"),
        ({"PLACEMENT_DATABASE_URL": "mysql://placement@db/placement"}, "PLACEMENT_DATABASE_URL uses driver 'mysql'"),
        ({"PLACEMENT_DATABASE_URL": "postgresql://placement@db/placement"}, "uses driver 'postgresql'; use one of"),
        ({"PLACEMENT_DATABASE_URL": "sqlite:///var/placement.db"}, "uses driver 'sqlite'; use one of"),
        ({"PLACEMENT_ENV": "production"}, "PLACEMENT_SECRET_KEY is missing or the development default"),
        (
            {"PLACEMENT_ENV": "production", "PLACEMENT_SECRET_KEY": DEVELOPMENT_SECRET},
            "PLACEMENT_SECRET_KEY is missing",
        ),
        ({"PLACEMENT_ENV": "production", "PLACEMENT_SECRET_KEY": "short-secret"}, "PLACEMENT_SECRET_KEY is too short"),
        ({"PLACEMENT_ENV": "staging"}, "PLACEMENT_ENV must be 'development' or 'production', not 'staging'"),
        ({"PLACEMENT_PORT": "eighty"}, "PLACEMENT_PORT must be a whole number, not 'eighty'"),
        ({"PLACEMENT_PORT": "70000"}, "PLACEMENT_PORT must be between 1 and 65535, not 70000"),
        ({"PLACEMENT_SESSION_IDLE_MINUTES": "half an hour"}, "PLACEMENT_SESSION_IDLE_MINUTES must be a whole number"),
        (
            {"PLACEMENT_QUESTION_BANK": "/nowhere/questions.json"},
            "PLACEMENT_QUESTION_BANK points at /nowhere/questions.json",
        ),
        ({"PLACEMENT_ENV": "production", "PLACEMENT_SECRET_KEY": "s" * 40}, "PLACEMENT_BASE_URL is missing"),
        (
            {
                "PLACEMENT_ENV": "production",
                "PLACEMENT_SECRET_KEY": "s" * 40,
                "PLACEMENT_BASE_URL": "http://praktik.dk",
            },
            "PLACEMENT_BASE_URL must be https in production",
        ),
        ({"PLACEMENT_BASE_URL": "praktik.kommune.dk"}, "PLACEMENT_BASE_URL must be an absolute http(s) URL"),
        ({"PLACEMENT_BASE_URL": "ftp://praktik.kommune.dk"}, "PLACEMENT_BASE_URL must be an absolute http(s) URL"),
        ({"PLACEMENT_BASE_URL": "https://praktik.kommune.dk:port"}, "PLACEMENT_BASE_URL must be an absolute http(s)"),
        ({"PLACEMENT_BASE_URL": "https://praktik.kommune.dk/?next=x"}, "without a path, query, fragment or user"),
        ({"PLACEMENT_BASE_URL": "https://praktik.kommune.dk/#top"}, "without a path, query, fragment or user"),
        ({"PLACEMENT_BASE_URL": "https://praktik.kommune.dk/praktik"}, "without a path, query, fragment or user"),
        ({"PLACEMENT_BASE_URL": "https://evil@praktik.kommune.dk"}, "without a path, query, fragment or user"),
    ],
)
def test_a_setting_that_cannot_work_stops_with_one_line_naming_it(environment: dict[str, str], expected: str) -> None:
    with pytest.raises(ConfigError) as raised:
        Settings.from_env(environment)

    message = str(raised.value)
    assert expected in message
    assert "\n" not in message


def test_production_accepts_a_long_random_secret() -> None:
    settings = Settings.from_env(
        {
            "PLACEMENT_ENV": "production",
            "PLACEMENT_SECRET_KEY": GOOD_SECRET,
            "PLACEMENT_BASE_URL": "https://praktik.kommune.dk/",
        }
    )

    assert settings.is_production and settings.secret_key == GOOD_SECRET
    assert settings.absolute_url("/invitation") == "https://praktik.kommune.dk/invitation"


def test_development_links_go_to_the_address_placement_run_serves_unless_a_base_url_is_set() -> None:
    assert Settings.from_env({"PLACEMENT_PORT": "9000"}).absolute_url("/x") == "http://127.0.0.1:9000/x"
    configured = Settings.from_env({"PLACEMENT_BASE_URL": "http://praktik.test:8080"})
    assert configured.absolute_url("/x") == "http://praktik.test:8080/x"


def test_development_runs_with_the_development_secret() -> None:
    assert Settings.from_env({"PLACEMENT_ENV": "development"}).secret_key == DEVELOPMENT_SECRET


def test_migrations_run_as_the_schema_owner_and_the_service_as_the_runtime_role() -> None:
    settings = Settings.from_env(
        {
            "PLACEMENT_DATABASE_URL": "postgresql+asyncpg://placement_app@db.internal/placement",
            "PLACEMENT_MIGRATION_DATABASE_URL": "postgresql+asyncpg://placement_owner@db.internal/placement",
        }
    )

    assert settings.as_schema_owner().database_url == "postgresql+asyncpg://placement_owner@db.internal/placement"
    assert runtime_role(settings) == "placement_app"
    assert runtime_role(Settings.from_env({"PLACEMENT_DATABASE_URL": settings.database_url})) is None


def test_a_migration_url_beside_sqlite_is_refused_with_the_reason() -> None:
    with pytest.raises(ConfigError, match=r"PLACEMENT_MIGRATION_DATABASE_URL.*file's permissions"):
        Settings.from_env({"PLACEMENT_MIGRATION_DATABASE_URL": "postgresql+asyncpg://owner@db/placement"})


def test_the_insights_suppression_threshold_is_five_by_default_and_can_never_go_below_three():
    assert Settings.from_env({}).insights_suppress_below == 5
    assert Settings.from_env({"PLACEMENT_INSIGHTS_SUPPRESS_BELOW": "3"}).insights_suppress_below == 3
    with pytest.raises(ConfigError, match="PLACEMENT_INSIGHTS_SUPPRESS_BELOW must be at least 3"):
        Settings.from_env({"PLACEMENT_INSIGHTS_SUPPRESS_BELOW": "2"})


def test_the_self_assessment_interval_is_14_days_by_default_and_7_to_56():
    assert Settings.from_env({}).self_assessment_interval_days == 14
    assert Settings.from_env({"PLACEMENT_SELF_ASSESSMENT_INTERVAL_DAYS": "7"}).self_assessment_interval_days == 7
    assert Settings.from_env({"PLACEMENT_SELF_ASSESSMENT_INTERVAL_DAYS": "56"}).self_assessment_interval_days == 56
    for wrong in ("6", "57", "0"):
        with pytest.raises(ConfigError, match="PLACEMENT_SELF_ASSESSMENT_INTERVAL_DAYS must be 7 to 56 days"):
            Settings.from_env({"PLACEMENT_SELF_ASSESSMENT_INTERVAL_DAYS": wrong})


def test_the_own_view_after_a_handover_is_due_in_14_days_by_default_and_1_to_56():
    assert Settings.from_env({}).handover_own_view_days == 14
    assert Settings.from_env({"PLACEMENT_HANDOVER_OWN_VIEW_DAYS": "1"}).handover_own_view_days == 1
    assert Settings.from_env({"PLACEMENT_HANDOVER_OWN_VIEW_DAYS": "56"}).handover_own_view_days == 56
    for wrong in ("0", "57"):
        with pytest.raises(ConfigError, match="PLACEMENT_HANDOVER_OWN_VIEW_DAYS must be 1 to 56 days"):
            Settings.from_env({"PLACEMENT_HANDOVER_OWN_VIEW_DAYS": wrong})
