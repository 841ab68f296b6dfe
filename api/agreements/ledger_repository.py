"""SQL for the ledger: the rounds an agreement covered and their bookings, loaded at once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.orm import (
    Booking,
    BookingLoss,
    Facility,
    Instrument,
    Proposal,
    ProposalShare,
    Request,
    Round,
)


class LedgerRepository:
    """Reads what the ledger is computed from."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def rounds_starting_in(self, start: datetime, until: datetime | None) -> Sequence[Round]:
        """Rounds starting in `[start, until)`, by start, with their facilities and hosts."""
        query = (
            select(Round)
            .options(selectinload(Round.facilities).selectinload(Facility.host_country))
            .where(Round.start >= start)
            .order_by(Round.start, Round.code)
        )
        if until is not None:
            query = query.where(Round.start < until)
        return self.session.scalars(query).all()

    def bookings_of_rounds(self, round_ids: list[int]) -> Sequence[Booking]:
        """Every booking of these rounds, with instrument, facility, host and country shares."""
        if not round_ids:
            return []
        return self.session.scalars(
            select(Booking)
            .options(
                selectinload(Booking.instrument)
                .selectinload(Instrument.facility)
                .selectinload(Facility.host_country),
                selectinload(Booking.request)
                .selectinload(Request.proposal)
                .selectinload(Proposal.shares)
                .selectinload(ProposalShare.country),
            )
            .where(Booking.round_id.in_(round_ids))
            .order_by(Booking.id)
        ).all()

    def lost_shifts(self, booking_ids: list[str]) -> dict[str, set[int]]:
        """Each booking's lost shifts."""
        lost: dict[str, set[int]] = defaultdict(set)
        if not booking_ids:
            return lost
        for loss in self.session.scalars(
            select(BookingLoss).where(BookingLoss.booking_id.in_(booking_ids))
        ):
            lost[loss.booking_id] |= set(range(loss.start, loss.start + loss.length))
        return lost
