"""SQL for outages and the losses of bookings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.orm import (
    HOLDING_STATUSES,
    Booking,
    BookingLoss,
    Outage,
    ResearchGroup,
    Round,
)


class OutageRepository:
    """Reads and writes `outages` and `booking_losses` rows."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, outage: Outage) -> Outage:
        """Store a new outage."""
        self.session.add(outage)
        self.session.flush()
        return outage

    def of_round(self, round_id: int) -> Sequence[Outage]:
        """A round's outages, oldest first, with their instruments."""
        return self.session.scalars(
            select(Outage)
            .options(selectinload(Outage.instruments))
            .where(Outage.round_id == round_id)
            .order_by(Outage.starts_at, Outage.id)
        ).all()

    def holding_bookings_during(
        self, instrument_ids: list[int], ends_at: datetime
    ) -> Sequence[Booking]:
        """Bookings holding shifts on these instruments in rounds started before `ends_at`
        (row-locked, so that a decline or another outage waits), with round and group."""
        return self.session.scalars(
            select(Booking)
            .join(Round, Round.id == Booking.round_id)
            .options(
                selectinload(Booking.round),
                selectinload(Booking.group),
                selectinload(Booking.instrument),
            )
            .where(
                Booking.instrument_id.in_(instrument_ids),
                Booking.status.in_([status.value for status in HOLDING_STATUSES]),
                Round.start < ends_at,
            )
            .order_by(Booking.id)
            .with_for_update(of=Booking)
        ).all()

    def losses_of(self, booking_ids: list[str]) -> Sequence[BookingLoss]:
        """The losses of these bookings, by booking and start."""
        if not booking_ids:
            return []
        return self.session.scalars(
            select(BookingLoss)
            .where(BookingLoss.booking_id.in_(booking_ids))
            .order_by(BookingLoss.booking_id, BookingLoss.start)
        ).all()

    def losses_of_round(self, round_id: int, group_code: str | None) -> Sequence[BookingLoss]:
        """A round's losses (of one group's bookings, when given), with their bookings."""
        query = (
            select(BookingLoss)
            .join(Booking, Booking.id == BookingLoss.booking_id)
            .options(
                selectinload(BookingLoss.booking).selectinload(Booking.group),
                selectinload(BookingLoss.booking).selectinload(Booking.instrument),
            )
            .where(Booking.round_id == round_id)
            .order_by(Booking.start, BookingLoss.booking_id, BookingLoss.start)
        )
        if group_code is not None:
            query = query.join(ResearchGroup, ResearchGroup.id == Booking.group_id).where(
                ResearchGroup.code == group_code
            )
        return self.session.scalars(query).all()

    def add_loss(self, loss: BookingLoss) -> None:
        """Record a booking's lost shifts."""
        self.session.add(loss)
