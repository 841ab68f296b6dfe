"""A booked block of the schedule, opened by a coordinator: the booking in dates of the
round's calendar, and what can be done from there (read the proposal's decision, cancel
the booking, book its instrument by hand from the block's start). Every link carries the
schedule's view back, so the coordinator returns to the week they were looking at."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from api.auth.principal import Principal
from api.bookings.schemas import BookingRead
from api.bookings.service import BookingService, booking_read
from api.errors import NotFoundError
from api.rounds.calendar import written_round_shifts
from api.rounds.states import RoundAction, allows
from api.ui.form_times import input_value
from api.ui.views.bookings import runner_round
from api.ui.views.rounds import RoundHeader
from api.ui.views.schedule_view import ScheduleView
from models.orm import HOLDING_STATUSES, Booking, BookingStatus


@dataclass(frozen=True)
class ScheduleBookingPage:
    """What a booked block's page shows."""

    header: RoundHeader
    booking: BookingRead
    title: str
    """The proposal's title."""
    period: str
    """The booked shifts as times of the round's calendar."""
    can_cancel: bool
    can_book: bool
    """Whether the round's bookings may change (published)."""
    book_by_hand: str
    """The booking form on the block's instrument, from the block's start, as long."""
    view: ScheduleView

    @property
    def schedule(self) -> str:
        """The schedule as the coordinator was looking at it."""
        return self.view.schedule(self.header.code)

    @property
    def decision(self) -> str:
        """The proposal's row on the decisions page."""
        return f"/ui/rounds/{self.header.code}/decisions#{self.booking.proposal}"

    @property
    def cancel(self) -> str:
        """The confirmation of cancelling the booking, coming back to the schedule."""
        back = urlencode([("back", "schedule"), *self.view.fields()])
        return f"/ui/rounds/{self.header.code}/bookings/{self.booking.id}/cancel?{back}"


def booked_block(
    session: Session, principal: Principal, code: str, booking_id: str
) -> tuple[Booking, RoundHeader]:
    """Booking `booking_id` of round `code`, for the round's coordinators, with the
    round's header.

    Raises:
        NotFoundError: no such round, or no such booking in it.
        ForbiddenError: the visitor does not run the round.
    """
    _, header = runner_round(session, principal, code)
    booking = BookingService(session, principal).get(booking_id)
    if booking.round.code != code:
        raise NotFoundError(f"no booking {booking_id} in round {code}")
    return booking, header


def schedule_booking_page(
    session: Session, principal: Principal, code: str, booking_id: str, view: ScheduleView
) -> ScheduleBookingPage:
    """The page of booking `booking_id` of round `code`, opened from the schedule's `view`.

    Raises:
        NotFoundError, ForbiddenError: as `booked_block`.
    """
    booking, header = booked_block(session, principal, code, booking_id)
    round_ = booking.round
    changes = allows(round_.state, RoundAction.CHANGE_BOOKINGS)
    form = urlencode(
        [
            ("instrument", booking.instrument.code),
            ("starts_at", input_value(round_, booking.start)),
            ("length", str(booking.length)),
        ]
    )
    return ScheduleBookingPage(
        header=header,
        booking=booking_read(booking),
        title=booking.request.proposal.title,
        period=written_round_shifts(round_, booking.start, booking.start + booking.length),
        can_cancel=changes and BookingStatus(booking.status) in HOLDING_STATUSES,
        can_book=changes,
        book_by_hand=f"/ui/rounds/{code}/bookings/new?{form}",
        view=view,
    )
