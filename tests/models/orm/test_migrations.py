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


def test_reviews_move_from_the_reviewers_name_to_the_oldest_token_of_that_name(
    tmp_path: Path,
) -> None:
    """Migration 0002: existing reviews get the token that could first have written them."""
    from datetime import UTC, datetime

    from sqlalchemy import insert, text

    url = f"sqlite:///{tmp_path / 'reviews.sqlite3'}"
    engine = create_database_engine(url, pool=False)
    upgrade(engine, "0001")
    tables = Base.metadata.tables
    at = datetime(2027, 1, 1, tzinfo=UTC)
    with engine.begin() as connection:
        for token_id, created in (("newer", 2), ("older", 1)):
            connection.execute(
                insert(tables["api_tokens"]).values(
                    id=token_id,
                    name="Dr. Ivanova",
                    role="reviewer",
                    scope=["R1"],
                    token_hash=token_id * 8,
                    prefix=token_id,
                    created_by="test",
                    created_at=at.replace(day=created),
                )
            )
        connection.execute(
            text(
                "INSERT INTO rounds (id, code, name, start, shift_hours, n_shifts, state,"
                " version, created_at, updated_at)"
                " VALUES (1, 'R1', '', :at, 8, 10, 'review', 1, :at, :at)"
            ),
            {"at": at.replace(tzinfo=None)},
        )
        connection.execute(insert(tables["research_groups"]).values(id=1, code="g1"))
        connection.execute(
            insert(tables["proposals"]).values(
                id=1, round_id=1, group_id=1, code="P-1", title="t", submitted_by="g1"
            )
        )
        connection.execute(
            text(
                "INSERT INTO reviews (id, proposal_id, reviewer, score, comment, version,"
                " created_at, updated_at) VALUES (1, 1, 'Dr. Ivanova', 4.0, '', 1, :at, :at)"
            ),
            {"at": at.replace(tzinfo=None)},
        )
    upgrade(engine)
    with engine.connect() as connection:
        owner = connection.execute(text("SELECT reviewer_token_id FROM reviews")).scalar_one()
    engine.dispose()
    assert owner == "older"
