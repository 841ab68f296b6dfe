"""SQL for bookings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
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

    def usage(self, round_: Round, instrument_id: int) -> dict[int, int]:
        """Places taken on each shift of the round on an instrument, by the bookings of every
        round on the same shift grid (shifts with none omitted)."""
        first = _seconds(round_.start)
        length = round_.shift_hours * 3600
        rows = self.session.execute(
            select(ShiftUsage.slot_start, ShiftUsage.used).where(
                ShiftUsage.instrument_id == instrument_id,
                ShiftUsage.slot_start >= first,
                ShiftUsage.slot_start < first + round_.n_shifts * length,
                ShiftUsage.slot_end - ShiftUsage.slot_start == length,
                ShiftUsage.used > 0,
            )
        ).all()
        return {
            (slot_start - first) // length: used
            for slot_start, used in rows
            if (slot_start - first) % length == 0
        }

    def held_by_other_rounds(
        self, round_: Round, instrument_ids: Sequence[int]
    ) -> dict[int, list[tuple[datetime, datetime]]]:
        """Per instrument, the times that holding bookings of other rounds take, for every
        round that starts before this one ends (UTC `[starts_at, ends_at)`)."""
        ends = round_.start + timedelta(hours=round_.shift_hours * round_.n_shifts)
        rows = self.session.execute(
            select(
                Booking.instrument_id,
                Booking.start,
                Booking.length,
                Round.start,
                Round.shift_hours,
            )
            .join(Round, Round.id == Booking.round_id)
            .where(
                Booking.round_id != round_.id,
                Booking.instrument_id.in_(instrument_ids),
                Booking.status.in_([status.value for status in HOLDING_STATUSES]),
                Round.start < ends,
            )
        ).all()
        held: dict[int, list[tuple[datetime, datetime]]] = {}
        for instrument_id, start, length, round_start, shift_hours in rows:
            starts_at = round_start + timedelta(hours=shift_hours * start)
            ends_at = starts_at + timedelta(hours=shift_hours * length)
            if ends_at > round_.start:
                held.setdefault(instrument_id, []).append((starts_at, ends_at))
        return held


def _seconds(moment: datetime) -> int:
    return int((moment - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds())
