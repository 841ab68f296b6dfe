"""Settings refuse the defaults that are unsafe for a shared deployment."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from api.settings import Settings


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
