"""Publishing a round: its accepted allocation becomes bookings, all or nothing.

Runs inside the round transition's transaction, with the round row locked, so a
round is either published with every booking or not at all. Bookings and shift
counters are written in bulk: a round of 10,000 proposals publishes thousands of
bookings and claims tens of thousands of shifts in a few statements.
"""

from __future__ import annotations

import uuid
from collections import Counter

from sqlalchemy.orm import Session

from api.allocations.repository import AllocationRepository
from api.bookings.capacity import claim_shift_counts
from api.bookings.repository import BookingRepository
from api.errors import LifecycleConflictError
from models.orm import BookingStatus, Round, utc_now


def publish_round(session: Session, round_: Round) -> int:
    """Create one booking per awarded block of the accepted allocation and claim its shifts.

    Returns:
        The number of bookings made.

    Raises:
        LifecycleConflictError: the round has no accepted allocation.
        CapacityExceededError: the allocation overfills a shift (the checker prevents it).
    """
    allocations = AllocationRepository(session)
    allocation_id = allocations.accepted_id(round_.id)
    if allocation_id is None:
        raise LifecycleConflictError(f"round {round_.code} has no accepted allocation to publish")
    now = utc_now()
    bookings: list[dict[str, object]] = []
    counts: Counter[tuple[int, int]] = Counter()
    capacities: dict[int, int] = {}
    for award in allocations.award_rows(allocation_id):
        capacities[award.instrument_id] = award.capacity
        for start, length in award.blocks:
            bookings.append(
                {
                    "id": str(uuid.uuid4()),
                    "round_id": round_.id,
                    "request_id": award.request_id,
                    "group_id": award.group_id,
                    "instrument_id": award.instrument_id,
                    "start": start,
                    "length": length,
                    "status": BookingStatus.AWARDED.value,
                    "source": "allocation",
                    "changed_by": "publication",
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            counts.update((award.instrument_id, shift) for shift in range(start, start + length))
    BookingRepository(session).insert_many(bookings)
    claim_shift_counts(session, round_id=round_.id, counts=counts, capacities=capacities)
    round_.published_at = now
    session.flush()
    return len(bookings)
