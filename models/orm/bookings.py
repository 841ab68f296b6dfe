"""Bookings of published shifts, and the per-shift usage counters that cap them.

Capacity is the database's rule, not only Python's: every booked shift of an
instrument increments a `shift_usage` counter whose CHECK keeps `used <= capacity`,
and whose `(instrument_id, capacity)` references the instrument, so the counter's
capacity always equals the instrument's (`ON UPDATE CASCADE`). Counters are keyed by
the shift's time, not by its round, so every round that books an instrument counts
against the same places.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.orm.base import Base, Timestamped, Versioned
from models.orm.facilities import NAME_LENGTH, Instrument
from models.orm.proposals import Request, ResearchGroup
from models.orm.rounds import Round


class BookingStatus(StrEnum):
    """`awarded` (waiting for the group) -> `confirmed` | `declined`; coordinators may `cancel`."""

    AWARDED = "awarded"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    CANCELLED = "cancelled"


HOLDING_STATUSES = frozenset({BookingStatus.AWARDED, BookingStatus.CONFIRMED})
"""Statuses in which a booking holds its shifts."""


class Booking(Versioned, Timestamped, Base):
    """Shifts `[start, start + length)` of one instrument, held for one request of a group."""

    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint(
            "status IN ('awarded', 'confirmed', 'declined', 'cancelled')", name="status_known"
        ),
        CheckConstraint("start >= 0 AND length >= 1", name="block_valid"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("research_groups.id"), index=True)
    instrument_id: Mapped[int] = mapped_column(ForeignKey("instruments.id"), index=True)
    start: Mapped[int]
    length: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default=BookingStatus.AWARDED.value)
    source: Mapped[str] = mapped_column(String(16), default="allocation")
    changed_by: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    override_reason: Mapped[str | None] = mapped_column(Text)
    """Why a coordinator booked outside the request's terms (None: within them)."""
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    """Why the booking was cancelled, when a re-plan dropped it (None: not said)."""

    round: Mapped[Round] = relationship(lazy="raise")
    request: Mapped[Request] = relationship(lazy="raise")
    group: Mapped[ResearchGroup] = relationship(lazy="raise")
    instrument: Mapped[Instrument] = relationship(lazy="raise")


class ShiftUsage(Base):
    """How many bookings, of any round, hold one slot of time on one instrument.

    A slot is a round's shift as UTC seconds since 1970, `[slot_start, slot_end)`:
    rounds on the same shift grid share their counters, whichever round books.
    """

    __tablename__ = "shift_usage"
    __table_args__ = (
        CheckConstraint("used >= 0", name="used_non_negative"),
        CheckConstraint("used <= capacity", name="used_within_capacity"),
        CheckConstraint("slot_end > slot_start", name="slot_not_empty"),
        ForeignKeyConstraint(
            ["instrument_id", "capacity"],
            ["instruments.id", "instruments.capacity"],
            name="fk_shift_usage_instrument_capacity",
            onupdate="CASCADE",
        ),
    )

    instrument_id: Mapped[int] = mapped_column(primary_key=True)
    slot_start: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    slot_end: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    used: Mapped[int] = mapped_column(default=0)
    capacity: Mapped[int]
