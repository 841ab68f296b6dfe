"""The group page: a proposer's proposals, decisions, bookings and calendar in a round.

Everything comes through the services with the proposer's own principal: its group's
proposals (`ProposalService`), its part of the decisions once published
(`decisions_of`), its bookings (`BookingService`) and its calendar (`ExportService`).
Proposals and bookings are each paged, sorted and filtered on the server
(`GroupChoice`, `PAGE_SIZE` rows a page): only what the page shows is read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from api.auth.principal import Principal, Role
from api.bookings.repository import BOOKING_SORTS
from api.bookings.schemas import BookingRead
from api.bookings.service import BookingService, booking_read
from api.errors import ForbiddenError
from api.exports.cache import Remember, forget
from api.exports.decision_views import DecisionRow
from api.exports.schedule import entries_ics
from api.exports.service import ExportService, Scope
from api.outages.schemas import LostShiftsRead
from api.outages.service import OutageService, lost_read
from api.proposals.filters import ProposalFilter, ProposalSort
from api.proposals.schemas import ProposalRead
from api.proposals.service import ProposalService
from api.rounds.repository import RoundRepository
from api.rounds.states import RoundAction, allows
from api.ui.views.decisions import decisions_of
from api.ui.views.rounds import PUBLISHED, RoundHeader, visible_round
from models.orm import Booking, BookingStatus, Proposal

T = TypeVar("T")
PAGE_SIZE = 50
"""Proposals, and bookings, a page."""
BOOKING_STATUSES = tuple(status.value for status in BookingStatus)
GROUP_PROPOSAL_SORTS = ("proposal", "title", "changed")
"""Orders of the group's proposals (never by score, which the group may not see yet)."""


@dataclass(frozen=True)
class GroupChoice:
    """Which proposals and bookings the page shows: a search and an order for each list,
    a booking status and instrument filter, and a page of each."""

    search: str | None = None
    sort: str = "proposal"
    page: int = 1
    status: str | None = None
    instrument: str | None = None
    bookings_sort: str = "instrument"
    bookings_page: int = 1

    @classmethod
    def of(
        cls,
        search: str | None = None,
        sort: str | None = None,
        page: int | None = None,
        status: str | None = None,
        instrument: str | None = None,
        bookings_sort: str | None = None,
        bookings_page: int | None = None,
    ) -> GroupChoice:
        """A choice from query parameters (empty values: no filter; unknown orders and
        statuses: the default)."""
        return cls(
            (search or "").strip() or None,
            sort if sort in GROUP_PROPOSAL_SORTS else "proposal",
            max(1, page or 1),
            status if status in BOOKING_STATUSES else None,
            instrument or None,
            bookings_sort if bookings_sort in BOOKING_SORTS else "instrument",
            max(1, bookings_page or 1),
        )

    def query(self, **changes: str | int | None) -> str:
        """The choice as a query string, with `changes` (e.g. another page)."""
        values: dict[str, str | int | None] = {
            "search": self.search,
            "sort": self.sort if self.sort != "proposal" else None,
            "page": self.page if self.page != 1 else None,
            "status": self.status,
            "instrument": self.instrument,
            "bookings_sort": self.bookings_sort if self.bookings_sort != "instrument" else None,
            "bookings_page": self.bookings_page if self.bookings_page != 1 else None,
        }
        values.update(changes)
        kept = {name: value for name, value in values.items() if value not in (None, "")}
        return "?" + urlencode(kept) if kept else "?"


@dataclass(frozen=True)
class Pages:
    """Where a paged list stands: the page shown, how many there are, how many rows."""

    number: int
    count: int
    total: int
    size: int = PAGE_SIZE

    @classmethod
    def of(cls, wanted: int, total: int, size: int) -> Pages:
        """Page `wanted` (the last one if beyond it) of `total` rows, `size` a page."""
        count = max(1, -(-total // size))
        return cls(min(wanted, count), count, total, size)

    @property
    def offset(self) -> int:
        """Rows before the page."""
        return (self.number - 1) * self.size


@dataclass(frozen=True)
class BookingRow:
    """A booking and what the group may still do with it."""

    booking: BookingRead
    can_confirm: bool
    can_decline: bool


@dataclass(frozen=True)
class GroupPage:
    """What a proposer's group page shows."""

    header: RoundHeader
    group: str
    proposals: list[ProposalRead]
    decisions: dict[str, DecisionRow]
    decisions_note: str
    bookings: list[BookingRow]
    published: bool
    lost: list[LostShiftsRead]
    chosen: GroupChoice = GroupChoice()
    proposal_pages: Pages = Pages(1, 1, 0)
    booking_pages: Pages = Pages(1, 1, 0)
    instruments: tuple[str, ...] = ()
    """The round's instruments, to filter bookings by."""

    def proposals_link(self, number: int) -> str:
        """The query string of page `number` of the proposals, the rest as chosen."""
        return self.chosen.query(page=number)

    def bookings_link(self, number: int) -> str:
        """The query string of page `number` of the bookings, the rest as chosen."""
        return self.chosen.query(bookings_page=number)


def _own_group(principal: Principal) -> str:
    if principal.role is not Role.PROPOSER or principal.group is None:
        raise ForbiddenError(
            "the group page is for proposers; coordinators see every group on the Decisions page"
        )
    return principal.group


def group_page(
    session: Session,
    principal: Principal,
    code: str,
    chosen: GroupChoice | None = None,
    *,
    remember: Remember = forget,
) -> GroupPage:
    """The proposer's group page of round `code`: the pages of its proposals and bookings
    that `chosen` asks for (decision rows computed on a miss go to `remember`).

    Raises:
        NotFoundError: the round is missing or not visible.
        ForbiddenError: the visitor is not a proposer.
    """
    chosen = chosen or GroupChoice()
    round_, header = visible_round(session, principal, code)
    group = _own_group(principal)
    proposals = ProposalService(session, principal)

    def proposal_page(limit: int, offset: int) -> tuple[Sequence[Proposal], int]:
        _, found, total = proposals.list_visible(
            code,
            limit,
            offset,
            ProposalFilter(group, sort=ProposalSort(chosen.sort), search=chosen.search),
        )
        return found, total

    rows, proposal_pages = _paged(proposal_page, chosen.page)
    decisions, decisions_note = decisions_of(
        session, principal, code, [row.code for row in rows], remember=remember
    )
    bookings = BookingService(session, principal)

    def booking_page(limit: int, offset: int) -> tuple[Sequence[Booking], int]:
        return bookings.list_visible(
            code,
            limit,
            offset,
            group=group,
            instrument=chosen.instrument,
            status=chosen.status,
            sort=chosen.bookings_sort,
        )

    held, booking_pages = _paged(booking_page, chosen.bookings_page)
    changeable = allows(round_.state, RoundAction.CHANGE_BOOKINGS)
    return GroupPage(
        header=header,
        group=group,
        proposals=[proposals.view(round_, proposal) for proposal in rows],
        decisions=decisions,
        decisions_note=decisions_note,
        bookings=[
            BookingRow(
                booking=booking_read(booking),
                can_confirm=changeable and booking.status == BookingStatus.AWARDED.value,
                can_decline=changeable
                and booking.status in (BookingStatus.AWARDED.value, BookingStatus.CONFIRMED.value),
            )
            for booking in held
        ],
        published=round_.state in PUBLISHED,
        lost=[
            lost_read(round_, loss)
            for loss in OutageService(session, principal).losses_visible(code)[1]
        ],
        chosen=replace(chosen, page=proposal_pages.number, bookings_page=booking_pages.number),
        proposal_pages=proposal_pages,
        booking_pages=booking_pages,
        instruments=tuple(
            sorted(
                instrument.code
                for facility in RoundRepository(session).facilities_with_calendars(round_)
                for instrument in facility.instruments
            )
        ),
    )


def _paged(
    fetch: Callable[[int, int], tuple[Sequence[T], int]], wanted: int
) -> tuple[Sequence[T], Pages]:
    """Page `wanted` of a list (its last page when `wanted` lies beyond it)."""
    found, total = fetch(PAGE_SIZE, (wanted - 1) * PAGE_SIZE)
    pages = Pages.of(wanted, total, PAGE_SIZE)
    if pages.number != wanted:
        found, total = fetch(PAGE_SIZE, pages.offset)
    return found, pages


def group_calendar(session: Session, principal: Principal, code: str) -> tuple[str, str]:
    """The proposer's group's schedule as an iCalendar file: its name and its text.

    Raises:
        NotFoundError: the round is missing, not visible or not published.
        ForbiddenError: the visitor is not a proposer.
    """
    group = _own_group(principal)
    round_, scope, entries = ExportService(session, principal).entries(code, Scope(group=group))
    name = f"beamtime {round_.code} ({scope.label})"
    return f"{round_.code}-{scope.label}.ics", entries_ics(round_, entries, name)
