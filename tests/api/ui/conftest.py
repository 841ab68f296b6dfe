"""Fixtures of the page tests: the published example round, on SQLite and PostgreSQL,
rolled back after each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.db import Database, create_database_engine
from tests.api.backends import RecordingBackend
from tests.api.databases import (
    POSTGRES_SKIP_REASON,
    migrated_sqlite_template,
    postgres_url,
    rolled_back,
    sqlite_copy,
)
from tests.api.ui.visitors import Visitor, ui_client
from tests.api.ui.world import World, build_world


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ],
)
def published(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[World, Database]]:
    """The example round, published, in a transaction rolled back at the end."""
    if request.param == "sqlite":
        folder: Path = tmp_path_factory.mktemp("ui")
        url = sqlite_copy(migrated_sqlite_template(folder), folder)
    else:
        if postgres_url() is None:
            pytest.skip(POSTGRES_SKIP_REASON)
        url = request.getfixturevalue("postgres_session_url")
    engine = create_database_engine(url)
    with rolled_back(engine) as database:
        yield build_world(database, time_limit=5.0), database
    engine.dispose()


@pytest.fixture
def world(published: tuple[World, Database]) -> Iterator[World]:
    """The published example round; whatever a test changes is rolled back."""
    built, database = published
    savepoint = database.sessions.kw["bind"].begin_nested()
    try:
        yield built
    finally:
        savepoint.rollback()


@pytest.fixture
def jobs() -> RecordingBackend:
    """Solves started from the pages are recorded, not run."""
    return RecordingBackend()


@pytest.fixture
def client(published: tuple[World, Database], jobs: RecordingBackend) -> Iterator[TestClient]:
    """A client of the application on the world's database."""
    _, database = published
    with ui_client(database, jobs) as test_client:
        yield test_client


@pytest.fixture
def visitor(client: TestClient, world: World) -> Visitor:
    """A visitor who has not signed in."""
    return Visitor(client)
