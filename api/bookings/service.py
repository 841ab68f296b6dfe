"""Rules for bookings.

* A group confirms or declines its own bookings; declining frees the shifts.
* The round's coordinators see every booking, cancel any (freeing its shifts) and
  book free shifts by hand for any request of the round (e.g. from the waiting
  list after a decline), within the request's terms unless they give a reason to
  override them, which is kept with the booking (`api.bookings.terms`).
* Every change runs with the booking row locked and the shift counters updated in
  the same transaction, so concurrent confirms, declines and bookings neither
  exceed capacity nor lose an update.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from api.audit.log import record
from api.auth.principal import Principal, Role
from api.bookings.capacity import claim_shifts, release_shifts
from api.bookings.repository import BookingRepository
from api.bookings.schemas import BookingCreate, BookingRead
from api.bookings.terms import term_breaches
from api.concurrency import check_version
from api.errors import (
    FieldProblem,
    ForbiddenError,
    InvalidInputError,
    LifecycleConflictError,
    NotFoundError,
)
from api.facilities.repository import FacilityRepository
from api.proposals.repository import ProposalRepository
from api.rounds.access import can_run, can_see
from api.rounds.calendar import closed_shift_intervals, shift_start, written_round_shifts
from api.rounds.lifecycle import require_state
from api.rounds.service import get_visible_round
from api.rounds.states import RoundAction, states_allowing
from models.orm import Booking, BookingStatus, Round

BOOKING_STATES = states_allowing(RoundAction.CHANGE_BOOKINGS)
_VERBS = {
    BookingStatus.CONFIRMED: "confirm",
    BookingStatus.DECLINED: "decline",
    BookingStatus.CANCELLED: "cancel",
}


def booking_read(booking: Booking) -> BookingRead:
    """A booking's view (round, group, instrument and request loaded)."""
    round_ = booking.round
    return BookingRead(
        id=booking.id,
        round=round_.code,
        request=booking.request.code,
        proposal=booking.request.proposal.code,
        group=booking.group.code,
        instrument=booking.instrument.code,
        start=booking.start,
        length=booking.length,
        starts_at=shift_start(round_, booking.start),
        ends_at=shift_start(round_, booking.start + booking.length),
        status=BookingStatus(booking.status),
        source=booking.source,
        override_reason=booking.override_reason,
        cancel_reason=booking.cancel_reason,
        version=booking.version,
        updated_at=booking.updated_at,
    )


class BookingService:
    """Bookings, as seen and changed by one caller."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.bookings = BookingRepository(session)

    def _check_reader(self, round_: Round) -> bool:
        """Whether the caller runs the round; refuses reviewers."""
        runs = can_run(self.principal, round_)
        if not runs and self.principal.role is not Role.PROPOSER:
            raise ForbiddenError("reviewers do not see bookings")
        return runs

    def list_visible(
        self,
        round_code: str,
        limit: int,
        offset: int,
        *,
        group: str | None,
        instrument: str | None,
        status: str | None,
        sort: str = "instrument",
    ) -> tuple[Sequence[Booking], int]:
        """A page of the round's bookings the caller may see (a proposer: its group's), in
        the order `sort` (`api.bookings.repository.BOOKING_SORTS`).

        Raises:
            NotFoundError, ForbiddenError.
        """
        round_ = get_visible_round(self.session, self.principal, round_code)
        if not self._check_reader(round_):
            if group is not None and group != self.principal.group:
                return [], 0
            group = self.principal.group
        statuses = [status] if status is not None else None
        return self.bookings.page(
            round_.id,
            limit,
            offset,
            group_code=group,
            instrument_code=instrument,
            statuses=statuses,
            sort=sort,
        )

    def _visible(self, booking_id: str, *, lock: bool = False) -> Booking:
        booking = self.bookings.by_id(booking_id, lock=lock)
        missing = NotFoundError(f"no booking {booking_id}")
        if booking is None or not can_see(self.principal, booking.round):
            raise missing
        if can_run(self.principal, booking.round) or self.principal.owns_group(booking.group.code):
            return booking
        if self.principal.role is Role.REVIEWER:
            raise ForbiddenError("reviewers do not see bookings")
        raise missing

    def get(self, booking_id: str) -> Booking:
        """One booking the caller may see.

        Raises:
            NotFoundError, ForbiddenError.
        """
        return self._visible(booking_id)

    def _change(self, booking_id: str, version: int | None, target: BookingStatus) -> Booking:
        booking = self._visible(booking_id, lock=True)
        runs = can_run(self.principal, booking.round)
        owner = self.principal.owns_group(booking.group.code)
        if target is BookingStatus.CANCELLED and not runs:
            raise ForbiddenError("only the round's coordinators cancel bookings")
        if target is not BookingStatus.CANCELLED and not owner:
            raise ForbiddenError("only the group confirms or declines its bookings")
        require_state(booking.round.state, BOOKING_STATES, "changing bookings")
        if version is not None:
            check_version(booking.version, version)
        allowed_from = {
            BookingStatus.CONFIRMED: {BookingStatus.AWARDED},
            BookingStatus.DECLINED: {BookingStatus.AWARDED, BookingStatus.CONFIRMED},
            BookingStatus.CANCELLED: {BookingStatus.AWARDED, BookingStatus.CONFIRMED},
        }[target]
        if BookingStatus(booking.status) not in allowed_from:
            raise LifecycleConflictError(
                f"booking {booking_id} is {booking.status}; it cannot become {target.value}"
            )
        if target in (BookingStatus.DECLINED, BookingStatus.CANCELLED):
            release_shifts(
                self.session,
                instrument_id=booking.instrument_id,
                round_id=booking.round_id,
                start=booking.start,
                length=booking.length,
            )
        booking.status = target.value
        booking.changed_by = self.principal.name
        self.session.flush()
        record(
            self.session,
            self.principal,
            f"booking.{_VERBS[target]}",
            "booking",
            booking.id,
            round_code=booking.round.code,
            proposal_code=booking.request.proposal.code,
            detail={
                "instrument": booking.instrument.code,
                "start": booking.start,
                "length": booking.length,
            },
        )
        return booking

    def confirm(self, booking_id: str, version: int | None) -> Booking:
        """The group confirms it will come.

        Raises:
            NotFoundError, ForbiddenError, LifecycleConflictError, PreconditionFailedError.
        """
        return self._change(booking_id, version, BookingStatus.CONFIRMED)

    def decline(self, booking_id: str, version: int | None) -> Booking:
        """The group gives the shifts back; they are free for other bookings at once.

        Raises:
            NotFoundError, ForbiddenError, LifecycleConflictError, PreconditionFailedError.
        """
        return self._change(booking_id, version, BookingStatus.DECLINED)

    def cancel(self, booking_id: str, version: int | None) -> Booking:
        """A coordinator withdraws a booking (e.g. beam lost); its shifts are freed.

        Raises:
            NotFoundError, ForbiddenError, LifecycleConflictError, PreconditionFailedError.
        """
        return self._change(booking_id, version, BookingStatus.CANCELLED)

    def create(self, round_code: str, body: BookingCreate) -> Booking:
        """Book free shifts by hand for a request of the round (its coordinators).

        Raises:
            NotFoundError, ForbiddenError, LifecycleConflictError, InvalidInputError,
            CapacityExceededError: some shift is already full.
        """
        round_ = get_visible_round(self.session, self.principal, round_code, lock="share")
        if not can_run(self.principal, round_):
            raise ForbiddenError("only the round's coordinators book by hand")
        require_state(round_.state, BOOKING_STATES, "booking")
        request = (
            ProposalRepository(self.session)
            .requests_by_codes(round_.id, [body.request])
            .get(body.request)
        )
        instrument = FacilityRepository(self.session).instrument(body.instrument)
        problems = []
        if request is None:
            problems.append(FieldProblem("body.request", f"no request {body.request} in the round"))
        if instrument is None or instrument.facility_id not in {f.id for f in round_.facilities}:
            problems.append(
                FieldProblem("body.instrument", f"no instrument {body.instrument} in the round")
            )
        if body.start + body.length > round_.n_shifts:
            problems.append(
                FieldProblem("body.length", f"the block ends after the round ({round_.n_shifts})")
            )
        if instrument is not None and not problems:
            closed = closed_shift_intervals(
                [(p.starts_at, p.ends_at) for p in instrument.closed_periods], round_
            )
            if any(s < body.start + body.length and body.start < e for s, e in closed):
                problems.append(FieldProblem("body.start", "the block touches closed shifts"))
        if problems or request is None or instrument is None:
            raise InvalidInputError("the booking has problems", errors=problems)
        breaches = term_breaches(
            self.bookings.request_terms(request),
            instrument.code,
            body.start,
            body.length,
            lambda first, end: written_round_shifts(round_, first, end),
        )
        if breaches and body.override is None:
            raise InvalidInputError(
                f"the booking breaks the terms of {request.code}; give `override` with a "
                "reason to book it anyway",
                errors=breaches,
            )
        booking = self.bookings.add(
            Booking(
                id=str(uuid.uuid4()),
                round_id=round_.id,
                request_id=request.id,
                group_id=request.proposal.group_id,
                instrument_id=instrument.id,
                start=body.start,
                length=body.length,
                status=BookingStatus.AWARDED.value,
                source="manual",
                changed_by=self.principal.name,
                override_reason=body.override if breaches else None,
            )
        )
        claim_shifts(
            self.session,
            instrument_id=instrument.id,
            round_id=round_.id,
            capacity=instrument.capacity,
            start=body.start,
            length=body.length,
        )
        record(
            self.session,
            self.principal,
            "booking.create",
            "booking",
            booking.id,
            round_code=round_code,
            proposal_code=request.proposal.code,
            detail={
                **body.model_dump(exclude={"override"}),
                **(
                    {"override": body.override, "breaches": [b.message for b in breaches]}
                    if breaches
                    else {}
                ),
            },
        )
        loaded = self.bookings.by_id(booking.id)
        assert loaded is not None
        return loaded


def _booking_detail(body: BookingCreate, breaches: list[FieldProblem]) -> dict[str, object]:
    """The audit detail of a booking by hand: the block, and any override with its breaches."""
    detail: dict[str, object] = body.model_dump(exclude={"override"})
    if breaches:
        detail["override"] = body.override
        detail["breaches"] = [breach.message for breach in breaches]
    return detail
