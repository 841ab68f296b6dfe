"""Countries, facilities, instruments and their calendars (closed periods)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.orm.base import Base, Timestamped, Versioned

CODE_LENGTH = 200
"""Longest code (country, facility, instrument, round, proposal, request ids), as in the format."""

NAME_LENGTH = 1000
"""Longest name or title, as in the format."""


class Country(Versioned, Base):
    """A country or economy, known by its code (the format's `countries[].code`)."""

    __tablename__ = "countries"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")


class Facility(Versioned, Timestamped, Base):
    """A facility hosted by one country; coordinators are scoped to facilities by code."""

    __tablename__ = "facilities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    host_country_id: Mapped[int] = mapped_column(ForeignKey("countries.id"), index=True)

    host_country: Mapped[Country] = relationship(lazy="raise")
    instruments: Mapped[list[Instrument]] = relationship(
        back_populates="facility", lazy="raise", order_by="Instrument.code"
    )


class Instrument(Versioned, Timestamped, Base):
    """An instrument of a facility; `capacity` experiments can run on it at once.

    `(id, capacity)` is unique so that shift-usage rows can reference both: the
    database then keeps every usage counter's capacity equal to the instrument's.
    """

    __tablename__ = "instruments"
    __table_args__ = (
        CheckConstraint("capacity >= 1", name="capacity_positive"),
        UniqueConstraint("id", "capacity", name="uq_instruments_id_capacity"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    facility_id: Mapped[int] = mapped_column(ForeignKey("facilities.id"), index=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    capacity: Mapped[int] = mapped_column(default=1)

    facility: Mapped[Facility] = relationship(back_populates="instruments", lazy="raise")
    closed_periods: Mapped[list[ClosedPeriod]] = relationship(
        back_populates="instrument",
        lazy="raise",
        cascade="all, delete-orphan",
        order_by="ClosedPeriod.starts_at",
    )


class ClosedPeriod(Base):
    """A time an instrument is not offered to users, `[starts_at, ends_at)` in UTC.

    Stored as times rather than shifts because an instrument outlives rounds; a
    round's export turns them into the shifts they touch.
    """

    __tablename__ = "closed_periods"
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    instrument_id: Mapped[int] = mapped_column(
        ForeignKey("instruments.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")

    instrument: Mapped[Instrument] = relationship(back_populates="closed_periods", lazy="raise")
