"""Publishing a round: its accepted allocation becomes bookings, all or nothing.

Runs inside the round transition's transaction, with the round row locked, so a
round is either published with every booking or not published at all.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session

from api.allocations.repository import AllocationRepository
from api.bookings.capacity import claim_shifts
from api.errors import LifecycleConflictError
from models.orm import Booking, BookingStatus, Round, utc_now


def publish_round(session: Session, round_: Round) -> int:
    """Create one booking per awarded block of the accepted allocation and claim its shifts.

    Returns:
        The number of bookings made.

    Raises:
        LifecycleConflictError: the round has no accepted allocation.
        CapacityExceededError: the allocation overfills a shift (the checker prevents it).
    """
    allocation = AllocationRepository(session).accepted(round_.id)
    if allocation is None:
        raise LifecycleConflictError(f"round {round_.code} has no accepted allocation to publish")
    count = 0
    for award in allocation.awards:
        for start, length in award.blocks:
            session.add(
                Booking(
                    id=str(uuid.uuid4()),
                    round_id=round_.id,
                    request_id=award.request_id,
                    group_id=award.request.proposal.group_id,
                    instrument_id=award.instrument_id,
                    start=start,
                    length=length,
                    status=BookingStatus.AWARDED.value,
                    source="allocation",
                    changed_by="publication",
                )
            )
            claim_shifts(
                session,
                instrument_id=award.instrument_id,
                round_id=round_.id,
                capacity=award.instrument.capacity,
                start=start,
                length=length,
            )
            count += 1
    round_.published_at = utc_now()
    session.flush()
    return count
