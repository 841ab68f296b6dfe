"""Test databases: a migrated SQLite file per test, or PostgreSQL rolled back per test.

PostgreSQL runs when `CI=true` or `BEAMTIME_TEST_DATABASE_URL` is set, against a
real server. Each test session migrates its own schema (named at random, so two
runs never collide) and every test runs inside a transaction that is rolled
back. Tests whose work must be seen by other connections (worker processes,
concurrent clients) get a schema of their own, dropped afterwards.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from api.db import Database, create_database_engine
from api.migrate import upgrade

CI_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def postgres_url() -> str | None:
    """The PostgreSQL server to test against, or None when PostgreSQL tests are off."""
    explicit = os.environ.get("BEAMTIME_TEST_DATABASE_URL")
    if explicit:
        return explicit
    if os.environ.get("CI", "").lower() == "true":
        return CI_DATABASE_URL
    return None


POSTGRES_SKIP_REASON = (
    "PostgreSQL tests need a server: set BEAMTIME_TEST_DATABASE_URL "
    "(e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) or CI=true"
)


def schema_url(base_url: str, schema: str) -> str:
    """`base_url` with every connection's search_path set to `schema`."""
    url = make_url(base_url)
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


@contextmanager
def postgres_schema(base_url: str) -> Iterator[str]:
    """A freshly migrated schema of its own; yields its URL and drops it afterwards."""
    schema = f"bt_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = schema_url(base_url, schema)
    engine = create_database_engine(url, pool=False)
    try:
        upgrade(engine)
        engine.dispose()
        yield url
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def migrated_sqlite_template(folder: Path) -> Path:
    """A SQLite file migrated to the newest schema, to copy for each test."""
    path = folder / "template.sqlite3"
    engine = create_database_engine(f"sqlite:///{path}", pool=False)
    upgrade(engine)
    engine.dispose()  # the last connection to close checkpoints the WAL into the file
    return path


def sqlite_copy(template: Path, folder: Path) -> str:
    """A private copy of the template database; returns its URL."""
    path = folder / f"{uuid.uuid4().hex[:8]}.sqlite3"
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


@contextmanager
def rolled_back(engine: Engine) -> Iterator[Database]:
    """A database whose sessions all run inside one transaction, rolled back at the end."""
    connection = engine.connect()
    transaction = connection.begin()
    try:
        yield Database(engine, bind=connection)
    finally:
        if transaction.is_active:
            transaction.rollback()
        connection.close()


BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]
"""Parameters of a fixture that runs on both databases (the PostgreSQL one marked)."""


@contextmanager
def module_database(request: pytest.FixtureRequest, folder: Path) -> Iterator[Database]:
    """The database of a module-scoped fixture on `request.param`: a migrated SQLite file in
    `folder`, or the session's PostgreSQL schema; either way inside one transaction that is
    rolled back at the end."""
    if request.param == "sqlite":
        url = sqlite_copy(migrated_sqlite_template(folder), folder)
    else:
        if postgres_url() is None:
            pytest.skip(POSTGRES_SKIP_REASON)
        url = request.getfixturevalue("postgres_session_url")
    engine = create_database_engine(url)
    try:
        with rolled_back(engine) as database:
            yield database
    finally:
        engine.dispose()
