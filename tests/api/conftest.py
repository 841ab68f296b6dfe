"""Fixtures of the service's tests: a database per test (SQLite, and PostgreSQL when
available), the application, an HTTP client and typed helpers to call it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.db import Database, create_database_engine
from api.settings import Settings
from tests.api.backends import RecordingBackend
from tests.api.databases import (
    POSTGRES_SKIP_REASON,
    migrated_sqlite_template,
    postgres_schema,
    postgres_url,
    rolled_back,
    sqlite_copy,
)
from tests.api.helpers import Api

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Skip PostgreSQL tests, with the reason, when no server is configured."""
    if postgres_url() is not None:
        return
    skip = pytest.mark.skip(reason=POSTGRES_SKIP_REASON)
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite database to copy."""
    return migrated_sqlite_template(tmp_path_factory.mktemp("template"))


@pytest.fixture(scope="session")
def postgres_session_url() -> Iterator[str]:
    """A schema migrated once for the whole session (tests roll back inside it)."""
    base = postgres_url()
    if base is None:
        pytest.skip(POSTGRES_SKIP_REASON)
    with postgres_schema(base) as url:
        yield url


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """`sqlite` or `postgres`."""
    kind: str = request.param
    return kind


@pytest.fixture
def database(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> Iterator[Database]:
    """A database for one test: a copied SQLite file, or a rolled-back PostgreSQL transaction."""
    if backend == "sqlite":
        db = Database.from_url(sqlite_copy(sqlite_template, tmp_path))
        yield db
        db.dispose()
        return
    url: str = request.getfixturevalue("postgres_session_url")
    engine = create_database_engine(url)
    with rolled_back(engine) as db:
        yield db
    engine.dispose()


@pytest.fixture
def shared_database_url(backend: str, tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    """A database URL that several connections and processes can share: a copied SQLite file,
    or a PostgreSQL schema of this test's own (dropped afterwards)."""
    if backend == "sqlite":
        yield sqlite_copy(sqlite_template, tmp_path)
        return
    base = postgres_url()
    if base is None:  # pragma: no cover - collection skips these
        pytest.skip(POSTGRES_SKIP_REASON)
    with postgres_schema(base) as url:
        yield url


def app_settings(database_url: str = "sqlite://", **overrides: object) -> Settings:
    """Settings for an app under test (supervision off unless asked for)."""
    values: dict[str, object] = {
        "database_url": database_url,
        "supervise_every_seconds": 0,
        "heartbeat_seconds": 0.2,
        "broker_url": None,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def jobs() -> RecordingBackend:
    """A job backend that records submissions."""
    return RecordingBackend()


@pytest.fixture
def client(database: Database, jobs: RecordingBackend) -> Iterator[TestClient]:
    """An HTTP client for the app on the test's database."""
    app = create_app(app_settings(), database=database, jobs=jobs)
    with TestClient(app, raise_server_exceptions=True) as test_client:
        yield test_client


@pytest.fixture
def api(client: TestClient, database: Database) -> Api:
    """Typed helpers over the client, able to issue tokens."""
    return Api(client, database)


@pytest.fixture
def live_api(shared_database_url: str) -> Iterator[Api]:
    """An app whose solves really run in worker processes, on a database they can share,
    handling up to 32 requests at once."""
    settings = app_settings(shared_database_url, supervise_every_seconds=0.5, request_threads=32)
    database = Database.from_url(shared_database_url)
    app = create_app(settings, database=database)
    with TestClient(app, raise_server_exceptions=True) as test_client:
        yield Api(test_client, database)
    database.dispose()


@pytest.fixture(autouse=True)
def _no_broker_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests choose their own backend; a developer's BEAMTIME_BROKER_URL must not leak in."""
    for key in list(os.environ):
        if key.startswith("BEAMTIME_") and not key.startswith("BEAMTIME_TEST_"):
            monkeypatch.delenv(key)
