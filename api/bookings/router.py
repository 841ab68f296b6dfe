"""`/rounds/{round}/bookings` and `/bookings/{booking}`."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Response, status

from api.bookings.schemas import BookingCreate, BookingRead
from api.bookings.service import BookingService, booking_read
from api.concurrency import parse_if_match, set_etag
from api.deps import CurrentPrincipal, SessionDep
from api.pagination import Page, PageDep
from api.problems import problem_responses
from api.routing import TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["bookings"])

OptionalIfMatch = Annotated[
    str | None,
    Header(alias="If-Match", description="Optional: the booking's ETag; refused (412) if stale."),
]


@router.get(
    "/rounds/{round_code}/bookings",
    response_model=Page[BookingRead],
    summary="List bookings",
    responses=problem_responses(403, 404),
)
def list_bookings(
    *,
    round_code: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    group: Annotated[str | None, Query(max_length=200)] = None,
    instrument: Annotated[str | None, Query(max_length=200)] = None,
    status: Annotated[
        Literal["awarded", "confirmed", "declined", "cancelled"] | None, Query()
    ] = None,
    sort: Annotated[
        Literal["instrument", "start", "status"],
        Query(description="By instrument then start (default), by start, or by status."),
    ] = "instrument",
) -> Page[BookingRead]:
    """The round's bookings (a proposer: its group's), filtered, in the order asked for."""
    rows, total = BookingService(session, principal).list_visible(
        round_code,
        page.limit,
        page.offset,
        group=group,
        instrument=instrument,
        status=status,
        sort=sort,
    )
    return Page.of([booking_read(row) for row in rows], total, page)


@router.post(
    "/rounds/{round_code}/bookings",
    response_model=BookingRead,
    status_code=status.HTTP_201_CREATED,
    summary="Book shifts by hand",
    responses=problem_responses(403, 404, 409, 422),
)
def create_booking(
    round_code: str,
    body: BookingCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
) -> BookingRead:
    """Book free shifts for a request of a published round (its coordinators); 409 if any
    shift is already at capacity."""
    booking = BookingService(session, principal).create(round_code, body)
    set_etag(response, booking.version)
    return booking_read(booking)


@router.get(
    "/bookings/{booking_id}",
    response_model=BookingRead,
    summary="Read a booking",
    responses=problem_responses(403, 404),
)
def read_booking(
    booking_id: str, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> BookingRead:
    """One booking, with its ETag."""
    booking = BookingService(session, principal).get(booking_id)
    set_etag(response, booking.version)
    return booking_read(booking)


def _version(if_match: str | None) -> int | None:
    return parse_if_match(if_match) if if_match is not None else None


@router.post(
    "/bookings/{booking_id}/confirm",
    response_model=BookingRead,
    summary="Confirm a booking",
    responses=problem_responses(403, 404, 409, 412),
)
def confirm_booking(
    booking_id: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: OptionalIfMatch = None,
) -> BookingRead:
    """The group will come (its proposers)."""
    booking = BookingService(session, principal).confirm(booking_id, _version(if_match))
    set_etag(response, booking.version)
    return booking_read(booking)


@router.post(
    "/bookings/{booking_id}/decline",
    response_model=BookingRead,
    summary="Decline a booking",
    responses=problem_responses(403, 404, 409, 412),
)
def decline_booking(
    booking_id: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: OptionalIfMatch = None,
) -> BookingRead:
    """The group gives the shifts back (its proposers); they are free at once."""
    booking = BookingService(session, principal).decline(booking_id, _version(if_match))
    set_etag(response, booking.version)
    return booking_read(booking)


@router.post(
    "/bookings/{booking_id}/cancel",
    response_model=BookingRead,
    summary="Cancel a booking",
    responses=problem_responses(403, 404, 409, 412),
)
def cancel_booking(
    booking_id: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
    if_match: OptionalIfMatch = None,
) -> BookingRead:
    """Withdraw a booking (the round's coordinators); its shifts are freed."""
    booking = BookingService(session, principal).cancel(booking_id, _version(if_match))
    set_etag(response, booking.version)
    return booking_read(booking)
