"""Applying an accepted re-plan's difference to the bookings, in the caller's transaction.

Shifts are given back before any is taken, so that blocks can swap places; the database
still refuses any shift over capacity (`claim_shifts`), which rolls the whole accept
back. Every booking changed, dropped or made is audited with the re-plan's id.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from api.audit.log import record
from api.auth.principal import Principal
from api.bookings.capacity import claim_shifts, lock_instruments, release_shifts
from api.replans.difference import Difference
from api.replans.repository import ReplanRepository
from models.orm import Booking, BookingStatus, Round

DROP_REASON = "dropped by re-plan {job}"


@dataclass(frozen=True)
class Applied:
    """How many bookings accepting changed, dropped and made, and which ask again for
    confirmation."""

    changed: int
    dropped: int
    made: tuple[str, ...]
    asked_again: tuple[str, ...]


def apply_difference(
    session: Session,
    principal: Principal,
    round_: Round,
    bookings: Sequence[Booking],
    difference: Difference,
    job_id: str,
) -> Applied:
    """Make the round's (locked) `bookings` what `difference` says.

    Raises:
        CapacityExceededError: some shift would exceed its capacity (the caller's
            transaction must then be rolled back; nothing is committed).
    """
    repository = ReplanRepository(session)
    by_id = {booking.id: booking for booking in bookings}
    codes = sorted(
        {c.instrument for c in difference.changed} | {n.instrument for n in difference.new}
    )
    instruments = repository.instruments_by_code(codes)
    requests = repository.requests_by_code(round_.id, sorted({n.request for n in difference.new}))
    touched = [by_id[c.booking] for c in difference.changed] + [
        by_id[d] for d in difference.dropped
    ]
    # One lock of every instrument involved, in id order, before freeing and claiming:
    # an accept racing bookings of other rounds on the same instruments cannot deadlock.
    lock_instruments(
        session,
        {booking.instrument_id for booking in touched} | {i.id for i in instruments.values()},
    )
    for booking in touched:
        release_shifts(
            session,
            instrument_id=booking.instrument_id,
            round_id=round_.id,
            start=booking.start,
            length=booking.length,
        )
    asked_again = []
    for change in difference.changed:
        booking = by_id[change.booking]
        before = _block(booking)
        instrument = instruments[change.instrument]
        booking.instrument_id = instrument.id
        booking.start, booking.length = change.start, change.length
        if change.asks_again and booking.status == BookingStatus.CONFIRMED.value:
            booking.status = BookingStatus.AWARDED.value
            asked_again.append(booking.id)
        booking.changed_by = principal.name
        claim_shifts(
            session,
            instrument_id=instrument.id,
            round_id=round_.id,
            capacity=instrument.capacity,
            start=change.start,
            length=change.length,
        )
        after = [change.instrument, change.start, change.length]
        action = f"booking.replan-{change.kind}"
        _audit(session, principal, round_, booking, action, job_id, before, after)
    for booking_id in difference.dropped:
        booking = by_id[booking_id]
        booking.status = BookingStatus.CANCELLED.value
        booking.cancel_reason = DROP_REASON.format(job=job_id)
        booking.changed_by = principal.name
        action = "booking.replan-drop"
        _audit(session, principal, round_, booking, action, job_id, _block(booking), None)
    made = []
    for block in difference.new:
        request, instrument = requests[block.request], instruments[block.instrument]
        booking = Booking(
            id=str(uuid.uuid4()),
            round_id=round_.id,
            request_id=request.id,
            group_id=request.proposal.group_id,
            instrument_id=instrument.id,
            start=block.start,
            length=block.length,
            status=BookingStatus.AWARDED.value,
            source="replan",
            changed_by=principal.name,
        )
        session.add(booking)
        claim_shifts(
            session,
            instrument_id=instrument.id,
            round_id=round_.id,
            capacity=instrument.capacity,
            start=block.start,
            length=block.length,
        )
        made.append(booking.id)
        record(
            session,
            principal,
            "booking.replan-create",
            "booking",
            booking.id,
            round_code=round_.code,
            proposal_code=request.proposal.code,
            detail={"replan": job_id, "to": [block.instrument, block.start, block.length]},
        )
    session.flush()
    for change in difference.changed:
        session.expire(by_id[change.booking], ["instrument"])  # its instrument may have changed
    return Applied(
        len(difference.changed), len(difference.dropped), tuple(made), tuple(asked_again)
    )


def _block(booking: Booking) -> list[object]:
    return [booking.instrument.code, booking.start, booking.length]


def _audit(
    session: Session,
    principal: Principal,
    round_: Round,
    booking: Booking,
    action: str,
    job_id: str,
    before: list[object],
    after: list[object] | None,
) -> None:
    record(
        session,
        principal,
        action,
        "booking",
        booking.id,
        round_code=round_.code,
        proposal_code=booking.request.proposal.code,
        detail={
            "replan": job_id,
            "from": before,
            "to": after,
            "status": booking.status,
        },
    )
