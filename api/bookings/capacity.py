"""Claiming and freeing instrument shifts, with the database as the judge of capacity.

An instrument's places are counted across every round that books it: a counter in
`shift_usage` belongs to a slot of time (a round's shift as UTC seconds), not to a
round, so a main round and a rapid-access round over the same weeks fill the same
counters. Claiming upserts one counter per slot (`INSERT ... ON CONFLICT DO UPDATE SET
used = used + 1`, atomic on PostgreSQL and SQLite); the table's CHECK `used <= capacity`
makes the database refuse the claim that would overfill a slot, however many requests
of however many rounds race for it.

Rounds on different shift grids (other shift lengths, or starts that are not a whole
number of shifts apart) have slots that overlap without being equal, which no key can
catch. Every claim therefore first locks its instruments' rows (in id order, so claims
cannot deadlock; a no-op on SQLite, whose writers are serialised) and then refuses a slot
held while another slot it overlaps is held too: on another grid, time is exclusive.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from api.errors import CapacityExceededError
from models.orm import Instrument, Round, ShiftUsage

CLAIM_BATCH = 500
"""Slots per statement, under SQLite's limit on bound parameters."""

LONGEST_SHIFT_SECONDS = 24 * 3600
"""The format's longest shift; bounds the search for overlapping slots."""

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ShiftGrid:
    """A round's shifts as slots of time: shift `s` is `[origin + s * seconds, ... + seconds)`."""

    origin: int
    """The round's start, in UTC seconds since 1970."""
    seconds: int
    """The length of one shift, in seconds."""

    @classmethod
    def of(cls, round_: Round) -> ShiftGrid:
        """The grid of a round's calendar."""
        origin = int((round_.start - _EPOCH).total_seconds())
        return cls(origin=origin, seconds=round_.shift_hours * 3600)

    def slot(self, shift: int) -> tuple[int, int]:
        """Shift `shift` as `(slot_start, slot_end)` in UTC seconds."""
        start = self.origin + shift * self.seconds
        return start, start + self.seconds

    def slots(self, start: int, length: int) -> Iterator[tuple[int, int]]:
        """Shifts `[start, start + length)` as slots."""
        return (self.slot(shift) for shift in range(start, start + length))

    def shift_of(self, slot_start: int) -> int:
        """The shift a slot of this grid starts (the slot must be on the grid)."""
        return (slot_start - self.origin) // self.seconds


def _grid(session: Session, round_id: int) -> ShiftGrid:
    round_ = session.get(Round, round_id)
    if round_ is None:  # pragma: no cover - callers pass the id of a round they hold
        raise LookupError(f"no round {round_id}")
    return ShiftGrid.of(round_)


def _insert(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    table: Any = ShiftUsage.__table__
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"capacity counters need PostgreSQL or SQLite, not {dialect}")


def lock_instruments(session: Session, instrument_ids: Collection[int]) -> None:
    """Lock the instruments' rows until the transaction ends, in id order.

    Every change of a counter takes these locks first, so a transaction that frees some
    shifts and claims others (a re-plan) may call this once with all its instruments.
    """
    if instrument_ids:
        session.execute(
            select(Instrument.id)
            .where(Instrument.id.in_(sorted(instrument_ids)))
            .order_by(Instrument.id)
            .with_for_update(key_share=True)
        )


def _refuse_other_grids(
    session: Session, grid: ShiftGrid, instrument_ids: Collection[int], first: int, last: int
) -> None:
    """Refuse held slots of another grid that overlap held slots of `grid` in `[first, last)`.

    Driven by the held slots off the grid near the window, usually none, so a round alone
    on its instruments (or with rounds on its own grid) pays one index range scan.

    Raises:
        CapacityExceededError: naming the instrument and the two slots.
    """
    off, on = aliased(ShiftUsage), aliased(ShiftUsage)
    clash = session.execute(
        select(Instrument.code, on.slot_start, off.slot_start, off.slot_end)
        .join(Instrument, Instrument.id == off.instrument_id)
        .join(
            on,
            and_(
                on.instrument_id == off.instrument_id,
                on.slot_start > off.slot_start - grid.seconds,
                on.slot_start < off.slot_end,
                on.slot_end - on.slot_start == grid.seconds,
                (on.slot_start - grid.origin) % grid.seconds == 0,
                on.used > 0,
            ),
        )
        .where(
            off.instrument_id.in_(sorted(instrument_ids)),
            off.slot_start > first - LONGEST_SHIFT_SECONDS,
            off.slot_start < last,
            off.used > 0,
            or_(
                off.slot_end - off.slot_start != grid.seconds,
                (off.slot_start - grid.origin) % grid.seconds != 0,
            ),
        )
        .limit(1)
    ).first()
    if clash is not None:
        code, slot_start, other_start, other_end = clash
        raise CapacityExceededError(
            f"{code}: the shift from {_moment(slot_start)} overlaps a shift booked by another "
            f"round on another shift grid ({_moment(other_start)} to {_moment(other_end)})"
        )


def _moment(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat().replace("+00:00", "Z")


def claim_shifts(
    session: Session, *, instrument_id: int, round_id: int, capacity: int, start: int, length: int
) -> None:
    """Take one place on each shift `[start, start + length)` of the round on the instrument,
    counted with every other round's bookings of the same time.

    Raises:
        CapacityExceededError: some shift is already at capacity, or overlaps a shift held
            on another grid (nothing is claimed).
    """
    grid = _grid(session, round_id)
    rows = [
        {
            "instrument_id": instrument_id,
            "slot_start": slot_start,
            "slot_end": slot_end,
            "used": 1,
            "capacity": capacity,
        }
        for slot_start, slot_end in grid.slots(start, length)
    ]
    lock_instruments(session, [instrument_id])
    try:
        with session.begin_nested():
            for first in range(0, len(rows), CLAIM_BATCH):
                statement = _insert(session).values(rows[first : first + CLAIM_BATCH])
                session.execute(
                    statement.on_conflict_do_update(
                        index_elements=["instrument_id", "slot_start", "slot_end"],
                        set_={"used": ShiftUsage.__table__.c.used + 1},
                    )
                )
            _refuse_other_grids(
                session, grid, [instrument_id], grid.slot(start)[0], grid.slot(start + length)[0]
            )
    except IntegrityError:
        raise CapacityExceededError(
            f"shifts {start}..{start + length - 1} are already booked to capacity"
        ) from None


def claim_shift_counts(
    session: Session,
    *,
    round_id: int,
    counts: Mapping[tuple[int, int], int],
    capacities: Mapping[int, int],
) -> None:
    """Take `counts[(instrument_id, shift)]` places on each of those shifts of the round, in
    bulk, counted with every other round's bookings of the same time.

    One multi-row upsert per batch of counters (`used = used + excluded.used`), so that
    publishing thousands of bookings costs a few statements; the CHECK on `used`
    still refuses an overfilled shift.

    Raises:
        CapacityExceededError: some shift would exceed its capacity, or overlaps a shift
            held on another grid (nothing is claimed).
    """
    if not counts:
        return
    grid = _grid(session, round_id)
    rows = []
    for (instrument_id, shift), used in sorted(counts.items()):
        slot_start, slot_end = grid.slot(shift)
        rows.append(
            {
                "instrument_id": instrument_id,
                "slot_start": slot_start,
                "slot_end": slot_end,
                "used": used,
                "capacity": capacities[instrument_id],
            }
        )
    instrument_ids = {instrument_id for instrument_id, _ in counts}
    shifts = [shift for _, shift in counts]
    lock_instruments(session, instrument_ids)
    # One statement compiled once and run for every row (the driver batches them); a
    # statement with one VALUES tuple per row would be compiled anew for every batch.
    insert_rows = _insert(session)
    statement = insert_rows.on_conflict_do_update(
        index_elements=["instrument_id", "slot_start", "slot_end"],
        set_={"used": ShiftUsage.__table__.c.used + insert_rows.excluded.used},
    )
    try:
        with session.begin_nested():
            session.execute(statement, rows)
            _refuse_other_grids(
                session,
                grid,
                instrument_ids,
                grid.slot(min(shifts))[0],
                grid.slot(max(shifts))[1],
            )
    except IntegrityError:
        raise CapacityExceededError(
            "the bookings would fill some shifts beyond their instrument's capacity"
        ) from None


def release_shifts(
    session: Session, *, instrument_id: int, round_id: int, start: int, length: int
) -> None:
    """Give back one place on each shift `[start, start + length)` of the round's grid."""
    grid = _grid(session, round_id)
    first, last = grid.slot(start)[0], grid.slot(start + length)[0]
    lock_instruments(session, [instrument_id])
    session.execute(
        update(ShiftUsage)
        .where(
            ShiftUsage.instrument_id == instrument_id,
            ShiftUsage.slot_start >= first,
            ShiftUsage.slot_start < last,
            ShiftUsage.slot_end - ShiftUsage.slot_start == grid.seconds,
            (ShiftUsage.slot_start - grid.origin) % grid.seconds == 0,
        )
        .values(used=ShiftUsage.used - 1)
        .execution_options(synchronize_session=False)
    )
