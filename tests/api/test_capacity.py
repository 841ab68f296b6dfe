"""The database itself refuses to overfill a shift: the CHECK on shift counters, and the
foreign key that keeps each counter's capacity equal to its instrument's."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.bookings.capacity import ShiftGrid, claim_shift_counts, claim_shifts, release_shifts
from api.db import Database
from api.errors import CapacityExceededError
from models.orm import Country, Facility, Instrument, Round, ShiftUsage, utc_now


def _instrument_and_round(database: Database, capacity: int) -> tuple[int, int]:
    with database.transaction() as session:
        facility = Facility(code="F", host_country=Country(code="RU"), instruments=[])
        instrument = Instrument(code="F-1", facility=facility, capacity=capacity, closed_periods=[])
        round_ = Round(code="R", start=utc_now(), n_shifts=10, facilities=[facility])
        session.add_all([instrument, round_])
        session.flush()
        return instrument.id, round_.id


def _used_by_shift(session: Session, round_id: int) -> dict[int, int]:
    """The counters as shifts of the round (all rounds here share one grid)."""
    round_ = session.get(Round, round_id)
    assert round_ is not None
    grid = ShiftGrid.of(round_)
    rows = session.execute(select(ShiftUsage.slot_start, ShiftUsage.used)).all()
    return {grid.shift_of(slot_start): used for slot_start, used in rows}


def test_claims_beyond_capacity_are_refused(database: Database) -> None:
    instrument, round_ = _instrument_and_round(database, capacity=2)
    claim = {"instrument_id": instrument, "round_id": round_, "capacity": 2}
    with database.transaction() as session:
        claim_shifts(session, **claim, start=0, length=3)
        claim_shifts(session, **claim, start=2, length=2)
        with pytest.raises(CapacityExceededError):
            claim_shifts(session, **claim, start=1, length=2)  # shift 2 is full
        used = _used_by_shift(session, round_)
    assert used == {0: 1, 1: 1, 2: 2, 3: 1}  # the refused claim took nothing


def test_bulk_claims_add_to_the_counters_and_refuse_an_overfill_whole(database: Database) -> None:
    instrument, round_ = _instrument_and_round(database, capacity=2)
    capacities = {instrument: 2}
    with database.transaction() as session:
        claim_shifts(
            session, instrument_id=instrument, round_id=round_, capacity=2, start=0, length=1
        )
        claim_shift_counts(
            session,
            round_id=round_,
            counts={(instrument, 0): 1, (instrument, 1): 2},
            capacities=capacities,
        )
        with pytest.raises(CapacityExceededError):
            claim_shift_counts(
                session,
                round_id=round_,
                counts={(instrument, 2): 1, (instrument, 1): 1},
                capacities=capacities,
            )
        used = _used_by_shift(session, round_)
    assert used == {0: 2, 1: 2}  # the refused claim took nothing, not even shift 2


def test_released_shifts_can_be_claimed_again(database: Database) -> None:
    instrument, round_ = _instrument_and_round(database, capacity=1)
    claim = {"instrument_id": instrument, "round_id": round_, "capacity": 1}
    with database.transaction() as session:
        claim_shifts(session, **claim, start=4, length=2)
        with pytest.raises(CapacityExceededError):
            claim_shifts(session, **claim, start=5, length=1)  # full until released
        release_shifts(session, instrument_id=instrument, round_id=round_, start=4, length=2)
        claim_shifts(session, **claim, start=4, length=2)
        used = _used_by_shift(session, round_)
    assert used == {4: 1, 5: 1}


def test_the_check_holds_even_for_sql_that_bypasses_the_service(database: Database) -> None:
    instrument, round_ = _instrument_and_round(database, capacity=1)
    with database.transaction() as session:
        claim_shifts(
            session, instrument_id=instrument, round_id=round_, capacity=1, start=0, length=1
        )
    with pytest.raises(IntegrityError), database.transaction() as session:
        session.execute(update(ShiftUsage).values(used=ShiftUsage.used + 1))


def test_lowering_capacity_below_the_bookings_is_refused(database: Database) -> None:
    instrument, round_ = _instrument_and_round(database, capacity=2)
    with database.transaction() as session:
        claim_shifts(
            session, instrument_id=instrument, round_id=round_, capacity=2, start=0, length=1
        )
        claim_shifts(
            session, instrument_id=instrument, round_id=round_, capacity=2, start=0, length=1
        )
    with pytest.raises(IntegrityError), database.transaction() as session:
        session.execute(
            update(Instrument)
            .where(Instrument.id == instrument)
            .values(capacity=1, version=Instrument.version + 1)
        )
    with database.transaction() as session:
        session.execute(
            update(Instrument)
            .where(Instrument.id == instrument)
            .values(capacity=3, version=Instrument.version + 1)
        )
        counter = session.scalars(select(ShiftUsage)).one()
        assert counter.capacity == 3  # followed the instrument (ON UPDATE CASCADE)
