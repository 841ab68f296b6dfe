"""SQL for facilities, instruments and closed periods."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from models.orm import ClosedPeriod, Facility, Instrument


class FacilityRepository:
    """Reads and writes facilities and their instruments."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _facilities(self) -> Select[Any]:
        return select(Facility).options(
            selectinload(Facility.host_country), selectinload(Facility.instruments)
        )

    def facility(self, code: str) -> Facility | None:
        """The facility with this code, its host and instruments loaded."""
        return self.session.scalars(self._facilities().where(Facility.code == code)).first()

    def facilities_by_codes(self, codes: Iterable[str]) -> dict[str, Facility]:
        """The facilities among `codes` that exist, by code."""
        wanted = set(codes)
        if not wanted:
            return {}
        rows = self.session.scalars(self._facilities().where(Facility.code.in_(wanted))).all()
        return {row.code: row for row in rows}

    def facility_page(self, limit: int, offset: int) -> tuple[Sequence[Facility], int]:
        """Facilities by code, and how many there are."""
        total = self.session.scalar(select(func.count()).select_from(Facility)) or 0
        rows = self.session.scalars(
            self._facilities().order_by(Facility.code).limit(limit).offset(offset)
        ).all()
        return rows, total

    def add(self, row: Facility | Instrument | ClosedPeriod) -> None:
        """Store a new row."""
        self.session.add(row)
        self.session.flush()

    def instrument(self, code: str) -> Instrument | None:
        """The instrument with this code, its facility and closed periods loaded."""
        return self.session.scalars(
            select(Instrument)
            .options(selectinload(Instrument.facility), selectinload(Instrument.closed_periods))
            .where(Instrument.code == code)
        ).first()

    def instruments_by_codes(
        self, codes: Iterable[str], *, with_calendars: bool = True
    ) -> dict[str, Instrument]:
        """The instruments among `codes` that exist, by code, with their facility (and their
        closed periods unless `with_calendars` is False)."""
        wanted = set(codes)
        if not wanted:
            return {}
        options = [selectinload(Instrument.facility)]
        if with_calendars:
            options.append(selectinload(Instrument.closed_periods))
        rows = self.session.scalars(
            select(Instrument).options(*options).where(Instrument.code.in_(wanted))
        ).all()
        return {row.code: row for row in rows}

    def instrument_page(
        self, facility_id: int, limit: int, offset: int
    ) -> tuple[Sequence[Instrument], int]:
        """A facility's instruments by code, and how many there are."""
        query = select(Instrument).where(Instrument.facility_id == facility_id)
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.options(selectinload(Instrument.facility))
            .order_by(Instrument.code)
            .limit(limit)
            .offset(offset)
        ).all()
        return rows, total

    def closed_period_page(
        self, instrument_id: int, limit: int, offset: int
    ) -> tuple[Sequence[ClosedPeriod], int]:
        """An instrument's closed periods in time order, and how many there are."""
        query = select(ClosedPeriod).where(ClosedPeriod.instrument_id == instrument_id)
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.order_by(ClosedPeriod.starts_at, ClosedPeriod.id).limit(limit).offset(offset)
        ).all()
        return rows, total

    def closed_period(self, instrument_id: int, period_id: int) -> ClosedPeriod | None:
        """One closed period of an instrument."""
        return self.session.scalars(
            select(ClosedPeriod).where(
                ClosedPeriod.id == period_id, ClosedPeriod.instrument_id == instrument_id
            )
        ).first()

    def delete(self, row: ClosedPeriod) -> None:
        """Remove a closed period."""
        self.session.delete(row)
        self.session.flush()
