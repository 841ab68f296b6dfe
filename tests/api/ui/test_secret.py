"""The session key: required and strong in production, generated and kept locally."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pydantic import ValidationError

from api.settings import Settings
from api.ui.secret import secret_file, ui_keys

PRODUCTION = {
    "environment": "production",
    "database_url": "postgresql+psycopg://app:7hT9-long-secret@db/beamtime",
}


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        (None, "BEAMTIME_SESSION_SECRET is not set"),
        ("short-secret", "shorter than 32"),
        ("a" * 40, "too repetitive"),
    ],
)
def test_production_refuses_a_missing_or_weak_session_secret(
    secret: str | None, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        Settings(**PRODUCTION, session_secret=secret)  # type: ignore[arg-type]


def test_the_session_secret_is_not_shown_in_the_settings_repr() -> None:
    secret = "q4Lx9-Tz2VbN8mWc3Rk7Yp1Hd6Gf0JsA"
    assert secret not in repr(Settings(**PRODUCTION, session_secret=secret))  # type: ignore[arg-type]


def test_a_configured_secret_gives_the_same_keys_everywhere() -> None:
    settings = Settings(session_secret="q4Lx9-Tz2VbN8mWc3Rk7Yp1Hd6Gf0JsA")
    assert ui_keys(settings) == ui_keys(settings)
    assert ui_keys(settings).session != ui_keys(settings).csrf


def test_a_sqlite_database_keeps_its_generated_key_beside_it(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/demo.sqlite3")
    first, second = ui_keys(settings), ui_keys(settings)
    assert first == second
    path = secret_file(settings.database_url)
    assert path == tmp_path / "demo.sqlite3.session-key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_without_a_file_database_the_key_lives_in_memory() -> None:
    settings = Settings(database_url="sqlite://")
    assert secret_file(settings.database_url) is None
    assert ui_keys(settings) != ui_keys(settings)
