"""Transactions on SQLite: readers never wait for a writer, and never write."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from api.db import Database
from models.orm import Country
from tests.api.databases import sqlite_copy

DEADLOCK_GUARD_SECONDS = 20
"""Only to end a test that would otherwise hang forever; no timing is asserted."""


@pytest.fixture
def sqlite_database(tmp_path: Path, sqlite_template: Path) -> Iterator[Database]:
    database = Database.from_url(sqlite_copy(sqlite_template, tmp_path))
    yield database
    database.dispose()


def _count_countries(database: Database) -> int:
    with database.read_transaction() as session:
        return session.scalar(select(func.count()).select_from(Country)) or 0


def test_a_read_completes_while_a_writer_holds_its_transaction(
    sqlite_database: Database,
) -> None:
    writer_has_written = threading.Event()
    reader_is_done = threading.Event()
    seen: list[int] = []

    def writer() -> None:
        with sqlite_database.transaction() as session:
            session.add(Country(code="ZZ", name="Nowhere"))
            session.flush()
            writer_has_written.set()
            reader_is_done.wait(DEADLOCK_GUARD_SECONDS)

    def reader() -> None:
        writer_has_written.wait(DEADLOCK_GUARD_SECONDS)
        seen.append(_count_countries(sqlite_database))
        reader_is_done.set()

    threads = [threading.Thread(target=writer), threading.Thread(target=reader)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert reader_is_done.is_set(), "the reader waited for the writer's transaction"
    assert seen == [0], "the reader saw the writer's uncommitted row"
    assert _count_countries(sqlite_database) == 1


def test_a_read_transaction_refuses_to_write(sqlite_database: Database) -> None:
    def write_in_a_read() -> None:
        with sqlite_database.read_transaction() as session:
            session.add(Country(code="ZZ", name="Nowhere"))
            session.flush()

    with pytest.raises(OperationalError) as raised:
        write_in_a_read()
    assert isinstance(raised.value.orig, sqlite3.OperationalError)
    assert "readonly" in str(raised.value.orig)
    assert _count_countries(sqlite_database) == 0
