"""SQL for calendar feeds and the rounds they show."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session, selectinload

from models.orm import (
    ApiToken,
    Booking,
    CalendarFeed,
    Facility,
    Instrument,
    ResearchGroup,
    Round,
)


def _loaded(query: Select[CalendarFeed]) -> Select[CalendarFeed]:
    return query.options(
        selectinload(CalendarFeed.group),
        selectinload(CalendarFeed.instrument).selectinload(Instrument.facility),
    )


class FeedRepository:
    """Reads and writes `calendar_feeds` rows."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, feed: CalendarFeed) -> CalendarFeed:
        """Insert a feed."""
        self.session.add(feed)
        self.session.flush()
        return feed

    def by_id(self, feed_id: str) -> CalendarFeed | None:
        """One feed, with its group or instrument (and the instrument's facility)."""
        return self.session.scalars(
            _loaded(select(CalendarFeed).where(CalendarFeed.id == feed_id))
        ).first()

    def live_by_digest(self, digest: str) -> CalendarFeed | None:
        """The feed with this token digest, if neither it nor the token that made it is
        revoked."""
        return self.session.scalars(
            _loaded(
                select(CalendarFeed)
                .join(ApiToken, ApiToken.id == CalendarFeed.created_by_token_id)
                .where(
                    CalendarFeed.token_hash == digest,
                    CalendarFeed.revoked_at.is_(None),
                    ApiToken.revoked_at.is_(None),
                )
            )
        ).first()

    def page(
        self,
        limit: int,
        offset: int,
        *,
        group_code: str | None = None,
        facility_codes: Sequence[str] | None = None,
    ) -> tuple[Sequence[CalendarFeed], int]:
        """Feeds, newest first: all, a group's only, or those of instruments at these
        facilities only; and how many there are."""
        query = select(CalendarFeed)
        if group_code is not None:
            query = query.join(ResearchGroup, ResearchGroup.id == CalendarFeed.group_id).where(
                ResearchGroup.code == group_code
            )
        if facility_codes is not None:
            query = (
                query.join(Instrument, Instrument.id == CalendarFeed.instrument_id)
                .join(Facility, Facility.id == Instrument.facility_id)
                .where(Facility.code.in_(facility_codes))
            )
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            _loaded(query)
            .order_by(CalendarFeed.created_at.desc(), CalendarFeed.id)
            .limit(limit)
            .offset(offset)
        ).all()
        return rows, total

    def rounds_with_bookings(
        self, states: Sequence[str], *, group_id: int | None, instrument_id: int | None
    ) -> Sequence[Round]:
        """Rounds in `states` holding bookings of the group or on the instrument, by start."""
        booked = select(Booking.id).where(Booking.round_id == Round.id)
        if group_id is not None:
            booked = booked.where(Booking.group_id == group_id)
        if instrument_id is not None:
            booked = booked.where(Booking.instrument_id == instrument_id)
        return self.session.scalars(
            select(Round)
            .options(selectinload(Round.facilities))
            .where(Round.state.in_(states), exists(booked))
            .order_by(Round.start, Round.code)
        ).all()
