"""The bookings page: a published round's bookings for its coordinators, a page at a time.

At 10,000 proposals a round holds thousands of bookings; the page asks
`BookingService.list_visible` for one page of 50, filtered by group, instrument and
state and ordered on the server, so it reads only the rows it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from api.auth.principal import Principal
from api.bookings.repository import BOOKING_SORTS
from api.bookings.schemas import BookingRead
from api.bookings.service import BookingService, booking_read
from api.errors import ForbiddenError
from api.rounds.access import can_run
from api.ui.views.group import BOOKING_STATUSES, Pages
from api.ui.views.rounds import RoundHeader, visible_round

PAGE_SIZE = 50
"""Bookings a page."""


@dataclass(frozen=True)
class BookingChoice:
    """Which bookings to show (`None`: any), in which order, which page of them."""

    group: str | None = None
    instrument: str | None = None
    status: str | None = None
    sort: str = "instrument"
    page: int = 1

    @classmethod
    def of(
        cls,
        group: str | None = None,
        instrument: str | None = None,
        status: str | None = None,
        sort: str | None = None,
        page: int | None = None,
    ) -> BookingChoice:
        """A choice from query parameters (empty values: no filter; unknown orders and
        states: the default)."""
        return cls(
            group or None,
            instrument or None,
            status if status in BOOKING_STATUSES else None,
            sort if sort in BOOKING_SORTS else "instrument",
            max(1, page or 1),
        )

    def query(self, **changes: str | int | None) -> str:
        """The choice as a query string, with `changes` (e.g. another page)."""
        values: dict[str, str | int | None] = {
            "group": self.group,
            "instrument": self.instrument,
            "status": self.status,
            "sort": self.sort if self.sort != "instrument" else None,
            "page": self.page if self.page != 1 else None,
        }
        values.update(changes)
        kept = {name: value for name, value in values.items() if value not in (None, "")}
        return "?" + urlencode(kept) if kept else "?"


@dataclass(frozen=True)
class BookingsPage:
    """What the bookings page shows."""

    header: RoundHeader
    bookings: list[BookingRead]
    chosen: BookingChoice
    pages: Pages


def bookings_page(
    session: Session, principal: Principal, code: str, chosen: BookingChoice
) -> BookingsPage:
    """The page of round `code`'s bookings that `chosen` asks for.

    Raises:
        NotFoundError: the round is missing or not visible.
        ForbiddenError: the visitor does not run the round (groups see theirs on their page).
    """
    round_, header = visible_round(session, principal, code)
    if not can_run(principal, round_):
        raise ForbiddenError(
            "the bookings page is for the round's coordinators; groups see "
            "their bookings on their group page"
        )
    service = BookingService(session, principal)

    def fetch(offset: int) -> tuple[list[BookingRead], int]:
        rows, total = service.list_visible(
            code,
            PAGE_SIZE,
            offset,
            group=chosen.group,
            instrument=chosen.instrument,
            status=chosen.status,
            sort=chosen.sort,
        )
        return [booking_read(row) for row in rows], total

    shown, total = fetch((chosen.page - 1) * PAGE_SIZE)
    pages = Pages.of(chosen.page, total, PAGE_SIZE)
    if pages.number != chosen.page:
        shown, total = fetch(pages.offset)
    return BookingsPage(
        header,
        shown,
        BookingChoice.of(chosen.group, chosen.instrument, chosen.status, chosen.sort, pages.number),
        pages,
    )
