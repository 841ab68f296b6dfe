"""Export documents computed from a round's allocation and bookings, kept for the next read.

A row is valid only for the `fingerprint` it was computed at: the round's version and
an aggregate of its bookings that every booking write changes. A reader compares the
fingerprint of what it sees with the row's and recomputes on any difference, so a
change shows in the very next read; nothing has to remember to invalidate it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from models.orm.base import Base, utc_now

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
