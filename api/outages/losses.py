"""Marking the shifts that closed time takes from bookings.

One rule for outages and for closed periods added to an instrument: every booking that
holds shifts on the instrument during the closed time keeps its block and gets a loss
for each run of its shifts the time touches (a shift touched even partly is lost, as
the export closes it), minus the shifts it had already lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from api.outages.repository import OutageRepository
from api.rounds.calendar import closed_shift_intervals
from models.orm import Booking, BookingLoss


@dataclass(frozen=True)
class Hit:
    """The shifts `[start, end)` one booking lost."""

    booking: Booking
    start: int
    end: int


def runs_of(shifts: Iterable[int]) -> list[tuple[int, int]]:
    """Shifts as merged half-open runs `[start, end)`."""
    runs: list[tuple[int, int]] = []
    for shift in sorted(shifts):
        if runs and runs[-1][1] == shift:
            runs[-1] = (runs[-1][0], shift + 1)
        else:
            runs.append((shift, shift + 1))
    return runs


def find_hits(
    session: Session, instrument_ids: list[int], starts_at: datetime, ends_at: datetime
) -> list[Hit]:
    """The shifts closed time `[starts_at, ends_at)` would take from the bookings holding
    these instruments then (shift runs, without those already lost); writes nothing."""
    repository = OutageRepository(session)
    bookings = repository.holding_bookings_during(instrument_ids, ends_at)
    already: dict[str, set[int]] = {}
    for loss in repository.losses_of([booking.id for booking in bookings]):
        already.setdefault(loss.booking_id, set()).update(
            range(loss.start, loss.start + loss.length)
        )
    hits: list[Hit] = []
    for booking in bookings:
        closed = set()
        for start, end in closed_shift_intervals([(starts_at, ends_at)], booking.round):
            closed |= set(range(start, end))
        held = set(range(booking.start, booking.start + booking.length))
        lost = (closed & held) - already.get(booking.id, set())
        hits += [Hit(booking, start, end) for start, end in runs_of(lost)]
    return hits


def mark_losses(
    session: Session,
    instrument_ids: list[int],
    starts_at: datetime,
    ends_at: datetime,
    cause: str,
    outage_id: int | None = None,
) -> list[Hit]:
    """Record the shifts closed time `[starts_at, ends_at)` takes from the bookings holding
    these instruments then; returns what each booking lost (shift runs)."""
    repository = OutageRepository(session)
    hits = find_hits(session, instrument_ids, starts_at, ends_at)
    for hit in hits:
        repository.add_loss(
            BookingLoss(
                booking_id=hit.booking.id,
                outage_id=outage_id,
                start=hit.start,
                length=hit.end - hit.start,
                cause=cause,
            )
        )
    session.flush()
    return hits
