"""Settings refuse the defaults that are unsafe for a shared deployment."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from pydantic import ValidationError

from api.app import create_app
from api.settings import DEFAULT_DATABASE_URL, Settings, SettingsError, load_settings


def test_local_defaults_need_no_services() -> None:
    settings = Settings()
    assert settings.database_url.startswith("sqlite")
    assert settings.broker_url is None


def test_production_refuses_sqlite() -> None:
    with pytest.raises(ValidationError, match="production needs PostgreSQL"):
        Settings(environment="production")


def test_production_refuses_a_default_database_password() -> None:
    with pytest.raises(ValidationError, match="known default"):
        Settings(
            environment="production",
            database_url="postgresql+psycopg://app:postgres@db.example/beamtime",
        )


def test_production_accepts_a_real_configuration() -> None:
    settings = Settings(
        environment="production",
        database_url="postgresql+psycopg://app:7hT9-long-secret@db/beamtime",
        session_secret="q4Lx9-Tz2VbN8mWc3Rk7Yp1Hd6Gf0JsA",
    )
    assert settings.environment == "production"


def test_settings_come_from_beamtime_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEAMTIME_MAX_REQUEST_BYTES", "2048")
    assert Settings().max_request_bytes == 2048


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        ("", "set but empty"),
        ("   ", "set but empty"),
        ("not a url", "not a SQLAlchemy URL"),
        ("postgresql+psycopg://app:s3cret@db:port/beamtime", "not a SQLAlchemy URL"),
        ("nosuchdb://host/beamtime", "unknown database backend 'nosuchdb'"),
    ],
    ids=["empty", "blank", "unparsable", "bad-port", "unknown-backend"],
)
def test_an_unusable_database_url_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, value: str, complaint: str
) -> None:
    monkeypatch.setenv("BEAMTIME_DATABASE_URL", value)
    with pytest.raises(SettingsError) as refused:
        load_settings()
    [problem] = refused.value.problems
    assert problem.startswith("BEAMTIME_DATABASE_URL ")
    assert complaint in problem
    assert "s3cret" not in problem


def test_an_unset_database_url_keeps_the_sqlite_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BEAMTIME_DATABASE_URL", raising=False)
    assert load_settings().database_url == DEFAULT_DATABASE_URL


def test_blanks_around_a_database_url_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEAMTIME_DATABASE_URL", " sqlite:///elsewhere.sqlite3\n")
    assert load_settings().database_url == "sqlite:///elsewhere.sqlite3"


def test_the_app_factory_names_an_empty_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEAMTIME_DATABASE_URL", "")
    with pytest.raises(SettingsError, match="BEAMTIME_DATABASE_URL is set but empty"):
        create_app()


def test_other_problems_name_their_variable_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEAMTIME_MAX_REQUEST_BYTES", "10")
    with pytest.raises(SettingsError, match="BEAMTIME_MAX_REQUEST_BYTES: Input should be"):
        load_settings()


def test_a_job_process_names_an_unusable_variable_and_exits() -> None:
    environment = {**os.environ, "BEAMTIME_DATABASE_URL": ""}
    finished = subprocess.run(
        [sys.executable, "-m", "api.jobs", "job-1"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 1
    assert "invalid settings: BEAMTIME_DATABASE_URL is set but empty" in finished.stderr
    assert "Traceback" not in finished.stderr
