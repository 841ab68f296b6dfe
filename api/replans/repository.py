"""SQL for re-plans: the bookings they start from, and their jobs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.orm import (
    Booking,
    BookingLoss,
    ClosedPeriod,
    Instrument,
    JobPurpose,
    Proposal,
    Request,
    ResearchGroup,
    SolveJob,
)


class ReplanRepository:
    """Reads re-plan jobs and the bookings of their rounds."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def bookings_of_round(self, round_id: int, *, lock: bool = False) -> Sequence[Booking]:
        """Every booking of the round with its request, proposal, group and instrument
        (row-locked if asked, in id order so that lockers never deadlock)."""
        query = (
            select(Booking)
            .options(
                selectinload(Booking.request).selectinload(Request.proposal),
                selectinload(Booking.instrument),
                selectinload(Booking.group),
            )
            .where(Booking.round_id == round_id)
        )
        if lock:
            self.session.execute(
                select(Booking.id)
                .where(Booking.round_id == round_id)
                .order_by(Booking.id)
                .with_for_update()
            ).all()
        return self.session.scalars(query.order_by(Booking.start, Booking.id)).all()

    def losses_of_round(self, round_id: int) -> Sequence[BookingLoss]:
        """The lost shifts of the round's bookings."""
        return self.session.scalars(
            select(BookingLoss)
            .join(Booking, Booking.id == BookingLoss.booking_id)
            .where(Booking.round_id == round_id)
            .order_by(BookingLoss.booking_id, BookingLoss.start)
        ).all()

    def closed_periods(self, instrument_ids: list[int]) -> list[tuple[int, datetime, datetime]]:
        """The closed periods of these instruments, as (instrument id, start, end)."""
        rows = self.session.execute(
            select(ClosedPeriod.instrument_id, ClosedPeriod.starts_at, ClosedPeriod.ends_at)
            .where(ClosedPeriod.instrument_id.in_(instrument_ids))
            .order_by(ClosedPeriod.instrument_id, ClosedPeriod.starts_at, ClosedPeriod.ends_at)
        ).all()
        return [(row[0], row[1], row[2]) for row in rows]

    def instrument_ids(self, facility_ids: list[int]) -> list[int]:
        """The instruments of these facilities."""
        return list(
            self.session.scalars(
                select(Instrument.id)
                .where(Instrument.facility_id.in_(facility_ids))
                .order_by(Instrument.id)
            )
        )

    def instruments_by_code(self, codes: list[str]) -> dict[str, Instrument]:
        """Instruments by code."""
        found = self.session.scalars(select(Instrument).where(Instrument.code.in_(codes)))
        return {instrument.code: instrument for instrument in found}

    def requests_by_code(self, round_id: int, codes: list[str]) -> dict[str, Request]:
        """The round's requests by code, with their proposals."""
        found = self.session.scalars(
            select(Request)
            .options(selectinload(Request.proposal))
            .where(Request.round_id == round_id, Request.code.in_(codes))
        )
        return {request.code: request for request in found}

    def job(self, job_id: str, *, lock: bool = False) -> SolveJob | None:
        """A re-plan job with its round (row-locked if asked)."""
        query = (
            select(SolveJob)
            .options(selectinload(SolveJob.round))
            .where(SolveJob.id == job_id, SolveJob.purpose == JobPurpose.REPLAN.value)
        )
        if lock:
            query = query.with_for_update(of=SolveJob)
        return self.session.scalars(query).first()

    def groups_of_requests(self, round_id: int) -> dict[str, str]:
        """Request code -> research group code, for the round's requests."""
        rows = self.session.execute(
            select(Request.code, ResearchGroup.code)
            .join(Proposal, Proposal.id == Request.proposal_id)
            .join(ResearchGroup, ResearchGroup.id == Proposal.group_id)
            .where(Request.round_id == round_id)
        ).all()
        return {row[0]: row[1] for row in rows}
