"""Fixtures of the page tests: the published example round, on SQLite and PostgreSQL,
rolled back after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.db import Database
from tests.api.backends import RecordingBackend
from tests.api.databases import BACKENDS, module_database
from tests.api.ui.visitors import Visitor, ui_client
from tests.api.ui.world import World, build_world


@pytest.fixture(scope="module", params=BACKENDS)
def published(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[World, Database]]:
    """The example round, published, in a transaction rolled back at the end."""
    with module_database(request, tmp_path_factory.mktemp("ui")) as database:
        yield build_world(database, time_limit=5.0), database


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
