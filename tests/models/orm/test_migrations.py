"""The migrations build exactly the schema the ORM declares, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from api.db import create_database_engine
from api.migrate import current_revision, head_revision, upgrade
from models.orm import Base
from tests.api.databases import POSTGRES_SKIP_REASON, postgres_schema, postgres_url


def _differences(url: str) -> list[object]:
    engine = create_database_engine(url, pool=False)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def test_sqlite_migrations_match_the_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    engine = create_database_engine(url, pool=False)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    upgrade(engine)  # a second upgrade is a no-op
    engine.dispose()
    assert _differences(url) == []


@pytest.mark.postgres
def test_postgres_migrations_match_the_models() -> None:
    base = postgres_url()
    if base is None:
        pytest.skip(POSTGRES_SKIP_REASON)
    with postgres_schema(base) as url:
        assert _differences(url) == []
