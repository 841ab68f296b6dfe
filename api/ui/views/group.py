"""The group page: a proposer's proposals, decisions, bookings and calendar in a round.

Everything comes through the services with the proposer's own principal: its group's
proposals (`ProposalService`), its part of the decisions once published
(`decisions_page`), its bookings (`BookingService`) and its calendar (`ExportService`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from api.auth.principal import Principal, Role
from api.bookings.schemas import BookingRead
from api.bookings.service import BookingService, booking_read
from api.errors import ForbiddenError
from api.exports.schedule import entries_ics
from api.exports.service import ExportService, Scope
from api.outages.schemas import LostShiftsRead
from api.outages.service import OutageService, lost_read
from api.proposals.schemas import ProposalRead
from api.proposals.service import ProposalService
from api.rounds.states import RoundAction, allows
from api.ui.views.decisions import DecisionFilter, DecisionRow, decisions_page
from api.ui.views.paging import every
from api.ui.views.rounds import PUBLISHED, RoundHeader, visible_round
from models.orm import BookingStatus


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


def _own_group(principal: Principal) -> str:
    if principal.role is not Role.PROPOSER or principal.group is None:
        raise ForbiddenError(
            "the group page is for proposers; coordinators see every group on the Decisions page"
        )
    return principal.group


def group_page(session: Session, principal: Principal, code: str) -> GroupPage:
    """The proposer's group page of round `code`.

    Raises:
        NotFoundError: the round is missing or not visible.
        ForbiddenError: the visitor is not a proposer.
    """
    round_, header = visible_round(session, principal, code)
    group = _own_group(principal)
    proposals = ProposalService(session, principal)
    rows = every(lambda limit, offset: proposals.list_visible(code, limit, offset, group)[1:])
    decisions = decisions_page(session, principal, code, DecisionFilter())
    bookings = BookingService(session, principal)
    held = every(
        lambda limit, offset: bookings.list_visible(
            code, limit, offset, group=group, instrument=None, status=None
        )
    )
    changeable = allows(round_.state, RoundAction.CHANGE_BOOKINGS)
    return GroupPage(
        header=header,
        group=group,
        proposals=[proposals.view(round_, proposal) for proposal in rows],
        decisions={row.proposal: row for row in decisions.all_matching or decisions.rows},
        decisions_note=decisions.missing,
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
    )


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
