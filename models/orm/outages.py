"""Outages of a published round and the shifts of bookings they took away.

An outage closes its instruments over `[starts_at, ends_at)` (as a closed period, so
every later export of the round closes those shifts too) and marks each booking it
hits with the shifts lost. A booking keeps its block: the loss is recorded beside it,
never hidden by shortening it, so the ledger can count lost time.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.orm.base import Base, Timestamped
from models.orm.bookings import Booking
from models.orm.facilities import NAME_LENGTH, Instrument
from models.orm.rounds import Round

outage_instruments = Table(
    "outage_instruments",
    Base.metadata,
    Column("outage_id", ForeignKey("outages.id", ondelete="CASCADE"), primary_key=True),
    Column("instrument_id", ForeignKey("instruments.id"), primary_key=True, index=True),
)
"""The instruments an outage took beam from."""


class Outage(Timestamped, Base):
    """Beam lost on some instruments of a round over `[starts_at, ends_at)` (UTC)."""

    __tablename__ = "outages"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    cause: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    recorded_by: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")

    round: Mapped[Round] = relationship(lazy="raise")
    instruments: Mapped[list[Instrument]] = relationship(
        secondary=outage_instruments, lazy="raise", order_by=Instrument.code
    )


class BookingLoss(Timestamped, Base):
    """Shifts `[start, start + length)` of a booking lost to an outage or a closed period.

    The shifts of one booking's losses never overlap (a second outage over lost
    shifts loses nothing more).
    """

    __tablename__ = "booking_losses"
    __table_args__ = (
        CheckConstraint("start >= 0 AND length >= 1", name="block_valid"),
        UniqueConstraint("booking_id", "start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[str] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), index=True
    )
    outage_id: Mapped[int | None] = mapped_column(
        ForeignKey("outages.id", ondelete="SET NULL"), index=True
    )
    start: Mapped[int]
    length: Mapped[int]
    cause: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")

    booking: Mapped[Booking] = relationship(lazy="raise")
