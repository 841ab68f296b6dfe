"""SQL for bookings."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session, selectinload

from api.bookings.terms import RequestTerms
from api.rounds.bulk import copy_rows
from models.orm import (
    HOLDING_STATUSES,
    Booking,
    Instrument,
    Request,
    RequestInstrument,
    ResearchGroup,
    Round,
    ShiftUsage,
)

INSERT_BATCH = 2_000
"""Bookings per INSERT statement."""


BOOKING_SORTS = {
    "instrument": (Booking.instrument_id, Booking.start, Booking.id),
    "start": (Booking.start, Booking.instrument_id, Booking.id),
    "status": (Booking.status, Booking.start, Booking.id),
}
"""Orders of a page of bookings: by instrument then start, by start, by status."""


def booking_loading() -> tuple[Any, ...]:
    """Loader options for a booking's view."""
    return (
        selectinload(Booking.round).selectinload(Round.facilities),
        selectinload(Booking.group),
        selectinload(Booking.instrument),
        selectinload(Booking.request).selectinload(Request.proposal),
    )


class BookingRepository:
    """Reads and writes `bookings` rows."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def by_id(self, booking_id: str, *, lock: bool = False) -> Booking | None:
        """One booking, loaded for its view (row-locked if asked)."""
        query = select(Booking).options(*booking_loading()).where(Booking.id == booking_id)
        if lock:
            query = query.with_for_update(of=Booking)
        return self.session.scalars(query).first()

    def add(self, booking: Booking) -> Booking:
        """Store a new booking."""
        self.session.add(booking)
        self.session.flush()
        return booking

    def insert_many(self, rows: Sequence[dict[str, object]]) -> None:
        """Insert bookings given as column values, in multi-row statements."""
        table = cast(Table, Booking.__table__)
        if rows and self.session.get_bind().dialect.name == "postgresql":
            copy_rows(self.session, table, list(rows))
            return
        statement = insert(table)  # Core: no ORM bookkeeping
        for first in range(0, len(rows), INSERT_BATCH):
            self.session.execute(statement, list(rows[first : first + INSERT_BATCH]))

    def page(
        self,
        round_id: int,
        limit: int,
        offset: int,
        *,
        group_code: str | None = None,
        instrument_code: str | None = None,
        statuses: Sequence[str] | None = None,
        shifts: tuple[int, int] | None = None,
        sort: str = "instrument",
    ) -> tuple[Sequence[Booking], int]:
        """A round's bookings, filtered (`shifts`: only those that overlap `[first, end)`),
        in the order `sort` of `BOOKING_SORTS` (by instrument and start unless told), and
        how many there are."""
        query = select(Booking).where(Booking.round_id == round_id)
        if group_code is not None:
            query = query.join(ResearchGroup, ResearchGroup.id == Booking.group_id).where(
                ResearchGroup.code == group_code
            )
        if instrument_code is not None:
            query = query.join(Instrument, Instrument.id == Booking.instrument_id).where(
                Instrument.code == instrument_code
            )
        if statuses is not None:
            query = query.where(Booking.status.in_(statuses))
        if shifts is not None:
            query = query.where(
                Booking.start < shifts[1], Booking.start + Booking.length > shifts[0]
            )
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.options(*booking_loading())
            .order_by(*BOOKING_SORTS.get(sort, BOOKING_SORTS["instrument"]))
            .limit(limit)
            .offset(offset)
        ).all()
        return rows, total

    def request_terms(self, request: Request) -> RequestTerms:
        """The terms of a request, with the shifts its holding bookings already have."""
        instruments = self.session.scalars(
            select(Instrument.code)
            .join(RequestInstrument, RequestInstrument.instrument_id == Instrument.id)
            .where(RequestInstrument.request_id == request.id)
            .order_by(RequestInstrument.position)
        ).all()
        held = self.session.scalar(
            select(func.coalesce(func.sum(Booking.length), 0)).where(
                Booking.request_id == request.id,
                Booking.status.in_([status.value for status in HOLDING_STATUSES]),
            )
        )
        return RequestTerms(
            code=request.code,
            instruments=tuple(instruments),
            shifts=request.shifts,
            min_block=request.min_block,
            release=request.release,
            deadline=request.deadline,
            unavailable=tuple((s, e) for s, e in request.unavailable),
            held=int(held or 0),
        )

    def held_shifts(self, round_id: int, statuses: Sequence[str]) -> dict[tuple[str, str], int]:
        """Shifts held per (request code, instrument code) by bookings in `statuses`."""
        rows = self.session.execute(
            select(Request.code, Instrument.code, func.sum(Booking.length))
            .join(Request, Request.id == Booking.request_id)
            .join(Instrument, Instrument.id == Booking.instrument_id)
            .where(Booking.round_id == round_id, Booking.status.in_(statuses))
            .group_by(Request.code, Instrument.code)
        )
        return {(request, instrument): int(total) for request, instrument, total in rows}

    def usage(self, round_id: int, instrument_id: int) -> dict[int, int]:
        """Places taken on each shift of an instrument in a round (shifts with none omitted)."""
        rows = self.session.execute(
            select(ShiftUsage.shift, ShiftUsage.used).where(
                ShiftUsage.round_id == round_id,
                ShiftUsage.instrument_id == instrument_id,
                ShiftUsage.used > 0,
            )
        ).all()
        return {row[0]: row[1] for row in rows}
