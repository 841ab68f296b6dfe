"""The coordinators' bookings page and the form to book by hand.

At 10,000 proposals a round holds thousands of bookings: the page asks
`BookingService.list_visible` for one page, filtered by group, instrument and state and
ordered on the server, so it reads only the rows it shows. A booking by hand is
`BookingService.create`, which holds it to its request's terms (instrument, window,
unavailability, `min_block`, shifts) unless the coordinator gives an override reason,
stored with the booking and in the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from sqlalchemy.orm import Session

from api.auth.principal import Principal
from api.bookings.repository import BOOKING_SORTS
from api.bookings.schemas import BookingRead
from api.bookings.service import BookingService, booking_read
from api.errors import FieldProblem, ForbiddenError, InvalidInputError, NotFoundError
from api.proposals.schemas import RequestRead
from api.proposals.service import ProposalService
from api.rounds.access import can_run
from api.rounds.states import RoundAction, allows
from api.ui.forms import TypedForm
from api.ui.views.instruments import InstrumentRow, round_instruments
from api.ui.views.proposal import RequestTimes, request_times
from api.ui.views.rounds import RoundHeader, visible_round
from models.orm import HOLDING_STATUSES, BookingStatus, Round

PAGE_SIZE = 100
STATUSES = tuple(status.value for status in BookingStatus)
BOOKING_FIELDS = {"request": "request", "instrument": "instrument", "start": "starts_at"}
BOOKING_FIELDS |= {"length": "length", "override": "override"}
"""The form's field for each field of the API's body (`body.start` is typed as a time)."""


@dataclass(frozen=True)
class BookingRow:
    """A booking, and whether a coordinator may still cancel it."""

    booking: BookingRead
    can_cancel: bool


@dataclass(frozen=True)
class BookingsPage:
    """What the bookings page shows."""

    header: RoundHeader
    rows: list[BookingRow]
    total: int
    page: int
    pages: int
    group: str
    instrument: str
    status: str
    sort: str
    instruments: list[str]
    can_book: bool

    def link(self, page: int) -> str:
        """The address of another page of the same list."""
        chosen = "".join(
            f"{name}={quote(value)}&"
            for name, value in (
                ("group", self.group),
                ("instrument", self.instrument),
                ("status", self.status),
                ("sort", self.sort),
            )
            if value
        )
        return f"/ui/rounds/{self.header.code}/bookings?{chosen}page={page}"


def runner_round(session: Session, principal: Principal, code: str) -> tuple[Round, RoundHeader]:
    """A round the visitor runs, with its header.

    Raises:
        NotFoundError: the round is missing or not visible.
        ForbiddenError: the visitor does not run it.
    """
    round_, header = visible_round(session, principal, code)
    if not can_run(principal, round_):
        raise ForbiddenError(
            "this page is for the round's coordinators; a group sees its bookings on My group"
        )
    return round_, header


def bookings_page(
    session: Session,
    principal: Principal,
    code: str,
    *,
    group: str | None = None,
    instrument: str | None,
    status: str | None,
    sort: str | None = None,
    page: int | None,
) -> BookingsPage:
    """A page of round `code`'s bookings (one group's, instrument's, status's), in the order
    `sort` of `BOOKING_SORTS` (by instrument if unknown).

    Raises:
        NotFoundError, ForbiddenError.
        InvalidInputError: an unknown status, or a page past the end.
    """
    round_, header = runner_round(session, principal, code)
    if status and status not in STATUSES:
        raise InvalidInputError(
            "unknown status", errors=[FieldProblem("status", f"one of {', '.join(STATUSES)}")]
        )
    number = page or 1
    order = sort if sort in BOOKING_SORTS else "instrument"
    rows, total = BookingService(session, principal).list_visible(
        code,
        PAGE_SIZE,
        (number - 1) * PAGE_SIZE,
        group=group or None,
        instrument=instrument or None,
        status=status or None,
        sort=order,
    )
    pages = max(1, -(-total // PAGE_SIZE))
    if number > pages:
        raise InvalidInputError(
            "no such page", errors=[FieldProblem("page", f"the list has {pages} pages")]
        )
    published = allows(round_.state, RoundAction.CHANGE_BOOKINGS)
    return BookingsPage(
        header=header,
        rows=[
            BookingRow(
                booking_read(booking),
                can_cancel=published and BookingStatus(booking.status) in HOLDING_STATUSES,
            )
            for booking in rows
        ],
        total=total,
        page=number,
        pages=pages,
        group=group or "",
        instrument=instrument or "",
        status=status or "",
        sort=order,
        instruments=[row.code for row in round_instruments(session, round_)],
        can_book=published,
    )


@dataclass
class BookingForm(TypedForm):
    """The form to book by hand: values as typed, problems beside them."""

    request: str = ""
    instrument: str = ""
    starts_at: str = ""
    length: str = ""
    override: str = ""

    def place(self, problems: list[FieldProblem]) -> None:
        """Show the API's problems (`body.start`, ...) next to the fields they concern."""
        for problem in problems:
            name = problem.path.removeprefix("body.").split(".")[0]
            self.add_problem(BOOKING_FIELDS.get(name, "form"), problem.message)


@dataclass(frozen=True)
class BookingFormPage:
    """What the page to book by hand shows."""

    header: RoundHeader
    form: BookingForm
    instruments: list[InstrumentRow]
    terms: RequestTimes | None
    """The request's terms, when the form names a request of the round."""


def booking_form_page(
    session: Session, principal: Principal, code: str, form: BookingForm
) -> BookingFormPage:
    """The page to book by hand in round `code`, with the named request's terms.

    Raises:
        NotFoundError, ForbiddenError.
    """
    round_, header = runner_round(session, principal, code)
    terms = _request_terms(session, principal, round_, form.request)
    if terms is not None and not form.instrument:
        form.instrument = terms.request.instruments[0]
    return BookingFormPage(header, form, round_instruments(session, round_), terms)


def _request_terms(
    session: Session, principal: Principal, round_: Round, request_code: str
) -> RequestTimes | None:
    """The terms of request `P-0001/a` of the round, if there is such a request."""
    proposal_code = request_code.rpartition("/")[0]
    if not proposal_code:
        return None
    service = ProposalService(session, principal)
    try:
        _, proposal = service.get(round_.code, proposal_code)
    except NotFoundError:
        return None
    found: list[RequestRead] = [
        r for r in service.view(round_, proposal).requests if r.id == request_code
    ]
    return request_times(round_, found[0]) if found else None
