"""Calendar feeds: read-only iCalendar URLs whose token is the only credential.

Calendar apps subscribe to a URL and cannot send a bearer token, so the URL itself
carries a random secret. Only its SHA-256 digest is stored, as for API tokens.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.orm.auth import ApiToken
from models.orm.base import Base, utc_now
from models.orm.facilities import NAME_LENGTH, Instrument
from models.orm.proposals import ResearchGroup


class FeedKind(StrEnum):
    """What a feed shows: one group's bookings, or every booking on one instrument."""

    GROUP = "group"
    INSTRUMENT = "instrument"


class CalendarFeed(Base):
    """A revocable feed of one group's or one instrument's bookings in published rounds.

    The feed stops working when it is revoked, and when the token that made it is.
    """

    __tablename__ = "calendar_feeds"
    __table_args__ = (
        CheckConstraint(
            "(kind = 'group' AND group_id IS NOT NULL AND instrument_id IS NULL)"
            " OR (kind = 'instrument' AND instrument_id IS NOT NULL AND group_id IS NULL)",
            name="scope_matches_kind",
        ),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("research_groups.id", ondelete="CASCADE"), index=True
    )
    instrument_id: Mapped[int | None] = mapped_column(
        ForeignKey("instruments.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    created_by: Mapped[str] = mapped_column(String(NAME_LENGTH), default="")
    created_by_token_id: Mapped[str] = mapped_column(
        ForeignKey("api_tokens.id", ondelete="CASCADE"), index=True
    )
    revoked_at: Mapped[datetime | None]

    group: Mapped[ResearchGroup | None] = relationship(lazy="raise")
    instrument: Mapped[Instrument | None] = relationship(lazy="raise")
    created_by_token: Mapped[ApiToken] = relationship(lazy="raise")
