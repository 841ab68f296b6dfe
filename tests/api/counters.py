"""The shift counters as they must be: one place per shift of every holding booking, of
every round, counted on the slot of time the shift covers."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.bookings.capacity import ShiftGrid
from models.orm import HOLDING_STATUSES, Booking, Round, ShiftUsage

Slot = tuple[int, int, int]
"""(instrument id, slot start, slot end), in UTC seconds."""


def expected_counters(session: Session) -> dict[Slot, int]:
    """Places held per slot, computed from the holding bookings alone."""
    grids = {r.id: ShiftGrid.of(r) for r in session.scalars(select(Round))}
    expected: Counter[Slot] = Counter()
    holding = [status.value for status in HOLDING_STATUSES]
    for booking in session.scalars(select(Booking).where(Booking.status.in_(holding))):
        for start, end in grids[booking.round_id].slots(booking.start, booking.length):
            expected[(booking.instrument_id, start, end)] += 1
    return dict(expected)


def held_counters(session: Session) -> dict[Slot, int]:
    """The counters that hold places (the database's own figures); every counter is also
    checked to be within its capacity."""
    counters = session.scalars(select(ShiftUsage)).all()
    assert all(0 <= c.used <= c.capacity for c in counters)
    return {(c.instrument_id, c.slot_start, c.slot_end): c.used for c in counters if c.used}
