"""A coordinator's work on the bookings in the pages: the bookings list, booking by hand
(with the explicit, recorded override of a request's terms), a booked block of the
schedule, and cancelling. Each post calls the service the API calls (`BookingService`);
a refused form comes back with its problems beside its fields. Closing an instrument is
`api.ui.closed_period_pages`."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session
from starlette.responses import Response

from api.bookings.schemas import BookingCreate
from api.bookings.service import BookingService
from api.deps import SessionDep
from api.errors import (
    CapacityExceededError,
    InvalidInputError,
    NotFoundError,
)
from api.rounds.calendar import written_round_shifts
from api.routing import TransactionalRoute
from api.ui.actions import Confirmation, confirm_page, done
from api.ui.deps import CheckedForm, SignedIn, Visitor
from api.ui.form_times import TimeInputError, start_shift
from api.ui.forms import form_model, optional_version
from api.ui.notices import notice
from api.ui.templating import render
from api.ui.views.bookings import BookingForm, booking_form_page, bookings_page, runner_round
from api.ui.views.schedule_booking import booked_block, schedule_booking_page
from api.ui.views.schedule_view import ChosenView, ScheduleView

router = APIRouter(route_class=TransactionalRoute)
Notice = Annotated[str | None, Query(max_length=40)]
Filter = Annotated[str | None, Query(max_length=200)]


@router.get("/rounds/{round_code}/bookings")
def bookings(
    round_code: str,
    session: SessionDep,
    visitor: SignedIn,
    group: Filter = None,
    instrument: Filter = None,
    status: Filter = None,
    sort: Filter = None,
    page: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    done: Notice = None,
) -> Response:
    """The round's bookings, in pages, by group, instrument and status, ordered on the
    server, with cancel actions."""
    view = bookings_page(
        session,
        visitor.principal,
        round_code,
        group=group,
        instrument=instrument,
        status=status,
        sort=sort,
        page=page,
    )
    return render("bookings.html", {"visitor": visitor, "page": view, "notice": notice(done)})


def _booking_form(
    session: Session, visitor: Visitor, round_code: str, form: BookingForm, status: int = 200
) -> Response:
    view = booking_form_page(session, visitor.principal, round_code, form)
    return render("booking_form.html", {"visitor": visitor, "page": view, "notice": ""}, status)


@router.get("/rounds/{round_code}/bookings/new")
def new_booking(
    round_code: str,
    session: SessionDep,
    visitor: SignedIn,
    request: Filter = None,
    instrument: Filter = None,
    starts_at: Annotated[str | None, Query(max_length=40)] = None,
    length: Annotated[str | None, Query(max_length=10)] = None,
) -> Response:
    """The form to book free shifts by hand for a request (filled in as far as the query
    says: from a schedule's block, its instrument, start and length)."""
    form = BookingForm(
        request=request or "",
        instrument=instrument or "",
        starts_at=starts_at or "",
        length=length or "",
    )
    return _booking_form(session, visitor, round_code, form)


@router.post("/rounds/{round_code}/bookings")
def book(round_code: str, session: SessionDep, visitor: SignedIn, form: CheckedForm) -> Response:
    """Book by hand; outside the request's terms only with an override reason."""
    round_, _ = runner_round(session, visitor.principal, round_code)
    typed = BookingForm(
        request=form.get("request", "").strip(),
        instrument=form.get("instrument", "").strip(),
        starts_at=form.get("starts_at", "").strip(),
        length=form.get("length", "").strip(),
        override=form.get("override", "").strip(),
    )
    values: dict[str, object] = {
        "request": typed.request,
        "instrument": typed.instrument,
        "length": typed.length,
        "override": typed.override or None,
    }
    try:
        values["start"] = start_shift(round_, typed.starts_at)
    except TimeInputError as error:
        typed.add_problem("starts_at", str(error) if typed.starts_at else "required")
    try:
        body = form_model(BookingCreate, values)
        if not typed.problems:
            BookingService(session, visitor.principal).create(round_code, body)
    except InvalidInputError as error:
        typed.place(error.errors)
        if error.errors and "override" in error.detail:
            typed.add_problem("form", error.detail)
    except CapacityExceededError as error:
        typed.add_problem("starts_at", error.detail)
    if typed.problems:
        session.rollback()  # nothing of a refused booking is kept
        typed.problems.setdefault("form", ["The booking has problems; see the fields marked."])
        return _booking_form(session, visitor, round_code, typed, 422)
    return done(f"/ui/rounds/{round_code}/bookings", "booked")


@router.get("/rounds/{round_code}/schedule/bookings/{booking_id}")
def schedule_booking(
    round_code: str, booking_id: str, session: SessionDep, visitor: SignedIn, chosen: ChosenView
) -> Response:
    """A booked block of the schedule: its decision, cancel it, book its instrument by hand."""
    view = schedule_booking_page(session, visitor.principal, round_code, booking_id, chosen)
    return render("schedule_booking.html", {"visitor": visitor, "page": view, "notice": ""})


@router.get("/rounds/{round_code}/bookings/{booking_id}/cancel")
def confirm_cancel_booking(
    round_code: str,
    booking_id: str,
    session: SessionDep,
    visitor: SignedIn,
    chosen: ChosenView,
    back: Annotated[Literal["schedule"] | None, Query()] = None,
) -> Response:
    """Ask before cancelling a booking (from the bookings page, or with `back=schedule`
    from a block of the schedule, to which it returns)."""
    booking, _ = booked_block(session, visitor.principal, round_code, booking_id)
    period = written_round_shifts(booking.round, booking.start, booking.start + booking.length)
    last = booking.start + booking.length - 1
    if back == "schedule":
        returns = [("back", "schedule"), *chosen.fields()]
        came_from = f"/ui/rounds/{round_code}/schedule/bookings/{booking_id}?{chosen.query()}"
    else:
        returns, came_from = [], f"/ui/rounds/{round_code}/bookings"
    return confirm_page(
        visitor,
        Confirmation(
            title="Cancel this booking?",
            explanation=f"Group {booking.group.code} loses {booking.instrument.code}, {period} "
            f"(shifts {booking.start}–{last}, {booking.length} shifts) of "
            f"{booking.request.code}; the shifts are free for others at once. This cannot be "
            "undone.",
            action=f"/ui/rounds/{round_code}/bookings/{booking_id}/cancel",
            button="Cancel the booking",
            back=came_from,
            round=round_code,
            fields=[("version", str(booking.version)), *returns],
            danger=True,
        ),
    )


@router.post("/rounds/{round_code}/bookings/{booking_id}/cancel")
def cancel_booking(
    round_code: str, booking_id: str, session: SessionDep, visitor: SignedIn, form: CheckedForm
) -> Response:
    """Cancel a booking (the round's coordinators); its shifts are freed. Back to the
    bookings page, or to the schedule's week it was cancelled from."""
    service = BookingService(session, visitor.principal)
    if service.get(booking_id).round.code != round_code:
        raise NotFoundError(f"no booking {booking_id} in round {round_code}")
    service.cancel(booking_id, optional_version(form.get("version")))
    if form.get("back") == "schedule":
        return done(ScheduleView.of_form(form).schedule(round_code), "booking-cancelled")
    return done(f"/ui/rounds/{round_code}/bookings", "booking-cancelled")
