"""Claiming and freeing instrument shifts, with the database as the judge of capacity.

Claiming shifts upserts one `shift_usage` counter per shift (`INSERT ... ON
CONFLICT DO UPDATE SET used = used + 1`, atomic on PostgreSQL and SQLite); the
table's CHECK `used <= capacity` makes the database refuse the claim that would
overfill a shift, however many requests race for it. Counters are claimed in
ascending shift order so that concurrent claims cannot deadlock.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.errors import CapacityExceededError
from models.orm import ShiftUsage

CLAIM_BATCH = 500
"""Shifts per statement, under SQLite's limit on bound parameters."""


def _insert(session: Session, *, core: bool = False) -> Any:
    dialect = session.get_bind().dialect.name
    target: Any = ShiftUsage.__table__ if core else ShiftUsage
    if dialect == "postgresql":
        return postgresql.insert(target)
    if dialect == "sqlite":
        return sqlite.insert(target)
    raise NotImplementedError(f"capacity counters need PostgreSQL or SQLite, not {dialect}")


def claim_shifts(
    session: Session, *, instrument_id: int, round_id: int, capacity: int, start: int, length: int
) -> None:
    """Take one place on each shift `[start, start + length)` of the instrument.

    Raises:
        CapacityExceededError: some shift is already at capacity (nothing is claimed).
    """
    rows = [
        {
            "instrument_id": instrument_id,
            "round_id": round_id,
            "shift": shift,
            "used": 1,
            "capacity": capacity,
        }
        for shift in range(start, start + length)
    ]
    try:
        with session.begin_nested():
            for first in range(0, len(rows), CLAIM_BATCH):
                statement = _insert(session).values(rows[first : first + CLAIM_BATCH])
                session.execute(
                    statement.on_conflict_do_update(
                        index_elements=["instrument_id", "round_id", "shift"],
                        set_={"used": ShiftUsage.used + 1},
                    )
                )
    except IntegrityError:
        raise CapacityExceededError(
            f"shifts {start}..{start + length - 1} are already booked to capacity"
        ) from None


def claim_shift_counts(
    session: Session,
    *,
    round_id: int,
    counts: Mapping[tuple[int, int], int],
    capacities: Mapping[int, int],
) -> None:
    """Take `counts[(instrument_id, shift)]` places on each of those shifts, in bulk.

    One multi-row upsert per batch of counters (`used = used + excluded.used`), so that
    publishing thousands of bookings costs a few statements; the CHECK on `used`
    still refuses an overfilled shift.

    Raises:
        CapacityExceededError: some shift would exceed its capacity (nothing is claimed).
    """
    rows = [
        {
            "instrument_id": instrument_id,
            "round_id": round_id,
            "shift": shift,
            "used": used,
            "capacity": capacities[instrument_id],
        }
        for (instrument_id, shift), used in sorted(counts.items())
    ]
    if not rows:
        return
    # One statement compiled once and run for every row (the driver batches them); a
    # statement with one VALUES tuple per row would be compiled anew for every batch.
    insert_rows = _insert(session, core=True)
    statement = insert_rows.on_conflict_do_update(
        index_elements=["instrument_id", "round_id", "shift"],
        set_={"used": ShiftUsage.__table__.c.used + insert_rows.excluded.used},
    )
    try:
        with session.begin_nested():
            session.execute(statement, rows)
    except IntegrityError:
        raise CapacityExceededError(
            "the bookings would fill some shifts beyond their instrument's capacity"
        ) from None


def release_shifts(
    session: Session, *, instrument_id: int, round_id: int, start: int, length: int
) -> None:
    """Give back one place on each shift `[start, start + length)` of the instrument."""
    session.execute(
        update(ShiftUsage)
        .where(
            ShiftUsage.instrument_id == instrument_id,
            ShiftUsage.round_id == round_id,
            ShiftUsage.shift >= start,
            ShiftUsage.shift < start + length,
        )
        .values(used=ShiftUsage.used - 1)
        .execution_options(synchronize_session=False)
    )
