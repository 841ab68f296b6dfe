"""Export documents computed from a round's allocation and bookings, kept for the next read.

A row is valid only for the `fingerprint` it was computed at: the round's version and
an aggregate of its bookings that every booking write changes. A reader compares the
fingerprint of what it sees with the row's and recomputes on any difference, so a
change shows in the very next read; nothing has to remember to invalidate it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.orm.base import Base, utc_now

CODE_LENGTH = 200
EXPORT_KIND_LENGTH = 500
"""Room for a kind and a scope of two codes of up to 200 characters each."""


class CachedExport(Base):
    """One export of an allocation (`kind`, e.g. `solution:group=kz-sram`), as last computed."""

    __tablename__ = "cached_exports"

    allocation_id: Mapped[str] = mapped_column(
        ForeignKey("allocations.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(EXPORT_KIND_LENGTH), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    computed_at: Mapped[datetime] = mapped_column(default=utc_now)


class CachedDecisionRow(Base):
    """One proposal's line of the decisions page, as computed for an export of kind
    `decisions:...` at `fingerprint`; the page reads one page of these with SQL.

    `instruments`, `awarded_on` and `countries` are codes between spaces
    (` IBR2-DN6 IBR2-DN12 `) so that a filter is a `LIKE '% CODE %'`.
    """

    __tablename__ = "cached_decision_rows"

    allocation_id: Mapped[str] = mapped_column(
        ForeignKey("allocations.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(EXPORT_KIND_LENGTH), primary_key=True)
    proposal: Mapped[str] = mapped_column(String(CODE_LENGTH), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(Text)
    group_code: Mapped[str] = mapped_column(String(CODE_LENGTH))
    outcome: Mapped[str] = mapped_column(String(16))
    outcome_rank: Mapped[int]
    requested: Mapped[int]
    awarded: Mapped[int]
    instruments: Mapped[str] = mapped_column(Text)
    awarded_on: Mapped[str] = mapped_column(Text)
    countries: Mapped[str] = mapped_column(Text)
    shares: Mapped[list[Any]] = mapped_column(JSON)
    reasons: Mapped[list[Any]] = mapped_column(JSON)
