"""Migration 0008: the shift counters, once per round, become counters of time shared by
every round, rebuilt from the bookings that hold shifts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, text

from api.db import create_database_engine
from api.migrate import upgrade
from models.orm import Base

MAIN_START = datetime(2027, 3, 1, 8, tzinfo=UTC)
RAPID_START = MAIN_START + timedelta(hours=16)  # two 8-hour shifts later
HOUR = 3600


def _world(tmp_path: Path, capacity: int) -> Engine:
    """Two overlapping rounds at revision 0006 (before 0008): the main round books shifts
    2-3 of the instrument, the rapid round shift 0 (the main round's shift 2) and a
    declined booking that holds nothing."""
    engine = create_database_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}", pool=False)
    upgrade(engine, "0006")
    tables = Base.metadata.tables
    at = datetime(2027, 1, 1)
    with engine.begin() as connection:
        connection.execute(insert(tables["countries"]).values(id=1, code="RU"))
        connection.execute(insert(tables["facilities"]).values(id=1, code="F", host_country_id=1))
        connection.execute(
            insert(tables["instruments"]).values(id=1, code="F-1", facility_id=1, capacity=capacity)
        )
        connection.execute(insert(tables["research_groups"]).values(id=1, code="g1"))
        for round_id, start in ((1, MAIN_START), (2, RAPID_START)):
            connection.execute(
                text(
                    "INSERT INTO rounds (id, code, name, start, shift_hours, n_shifts, state,"
                    " version, created_at, updated_at)"
                    " VALUES (:id, :code, '', :start, 8, 10, 'published', 1, :at, :at)"
                ),
                {
                    "id": round_id,
                    "code": f"R{round_id}",
                    "start": start.replace(tzinfo=None),
                    "at": at,
                },
            )
            connection.execute(
                insert(tables["proposals"]).values(
                    id=round_id,
                    round_id=round_id,
                    group_id=1,
                    code="P-1",
                    title="t",
                    submitted_by="g1",
                )
            )
            connection.execute(
                insert(tables["requests"]).values(
                    id=round_id,
                    proposal_id=round_id,
                    round_id=round_id,
                    code="P-1/a",
                    shifts=4,
                    min_shifts=1,
                    min_block=1,
                    deadline=10,
                )
            )
        bookings = [
            ("b1", 1, 2, 2, "confirmed"),
            ("b2", 2, 0, 1, "awarded"),
            ("b3", 2, 1, 1, "declined"),
        ]
        for booking_id, round_id, start, length, status in bookings:
            connection.execute(
                insert(tables["bookings"]).values(
                    id=booking_id,
                    round_id=round_id,
                    request_id=round_id,
                    group_id=1,
                    instrument_id=1,
                    start=start,
                    length=length,
                    status=status,
                    created_at=at.replace(tzinfo=UTC),
                    updated_at=at.replace(tzinfo=UTC),
                )
            )
    return engine


def test_counters_are_rebuilt_as_time_shared_by_every_round(tmp_path: Path) -> None:
    engine = _world(tmp_path, capacity=2)
    upgrade(engine)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT instrument_id, slot_start, slot_end, used, capacity FROM shift_usage")
        ).all()
    engine.dispose()

    shift_2 = int(MAIN_START.timestamp()) + 16 * HOUR
    assert sorted(tuple(row) for row in rows) == [
        (1, shift_2, shift_2 + 8 * HOUR, 2, 2),  # the main round's shift 2, the rapid's 0
        (1, shift_2 + 8 * HOUR, shift_2 + 16 * HOUR, 1, 2),  # the declined one holds none
    ]


def test_rounds_that_already_overfill_an_instrument_stop_the_upgrade(tmp_path: Path) -> None:
    engine = _world(tmp_path, capacity=1)

    with pytest.raises(RuntimeError, match="beyond capacity by overlapping rounds"):
        upgrade(engine)
    engine.dispose()
