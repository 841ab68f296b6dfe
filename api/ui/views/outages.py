"""The outage pages: the form, and the confirmation that names what the outage takes.

The form's times are `datetime-local` values read as UTC (the pages speak UTC
throughout). The figures come from `OutageService.preview`, the very rule `record`
applies, so the confirmation shows exactly the shifts the bookings will lose.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from api.auth.principal import Principal
from api.errors import FieldProblem, InvalidInputError
from api.outages.losses import Hit
from api.outages.schemas import OutageCreate
from api.outages.service import OUTAGE_STATES, OutageService
from api.rounds.access import require_runner
from api.rounds.calendar import shift_start
from api.rounds.lifecycle import require_state
from api.rounds.repository import RoundRepository
from api.ui.forms import form_model
from api.ui.views.rounds import RoundHeader, visible_round

FORM_FIELDS = ("instruments", "starts_at", "ends_at", "cause")
_LEADING_NAME = re.compile(r"^(?:body\.)?([a-z_]+)")


@dataclass(frozen=True)
class OutageValues:
    """What the visitor typed (kept when the form is shown again with its errors)."""

    instruments: tuple[str, ...] = ()
    starts_at: str = ""
    ends_at: str = ""
    cause: str = ""


@dataclass(frozen=True)
class FacilityInstruments:
    """A facility's instruments as `(code, name)`, a fieldset of the form."""

    facility: str
    instruments: list[tuple[str, str]]


@dataclass(frozen=True)
class OutageFormPage:
    """The form, its values and the problems of each field (`field -> messages`)."""

    header: RoundHeader
    facilities: list[FacilityInstruments]
    values: OutageValues
    errors: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class BookingHit:
    """What one booking loses: its lost runs of shifts `[start, end)` and their times."""

    booking: str
    group: str
    instrument: str
    runs: list[tuple[int, int, datetime, datetime]]

    @property
    def shifts(self) -> int:
        """How many shifts the booking loses."""
        return sum(end - start for start, end, _, _ in self.runs)


@dataclass(frozen=True)
class OutageCheckPage:
    """The confirmation: the outage, the bookings it hits, and the fields that record it."""

    header: RoundHeader
    outage: OutageCreate
    hits: list[BookingHit]
    fields: list[tuple[str, str]]

    @property
    def shifts(self) -> int:
        """Shifts lost in all."""
        return sum(hit.shifts for hit in self.hits)


def outage_form(
    session: Session,
    principal: Principal,
    code: str,
    values: OutageValues,
    errors: dict[str, list[str]] | None = None,
) -> OutageFormPage:
    """The outage form of round `code` (its coordinators and admins, once published).

    Raises:
        NotFoundError, ForbiddenError, LifecycleConflictError: the round is not published.
    """
    round_, header = visible_round(session, principal, code)
    require_runner(principal, round_)
    require_state(round_.state, OUTAGE_STATES, "recording an outage")
    facilities = [
        FacilityInstruments(
            facility.code,
            [(i.code, i.name) for i in sorted(facility.instruments, key=lambda i: i.code)],
        )
        for facility in RoundRepository(session).facilities_with_calendars(round_)
    ]
    return OutageFormPage(header, facilities, values, errors or {})


def form_time(value: str, name: str) -> datetime:
    """A `datetime-local` value (`2027-09-06T08:00`) as a UTC time.

    Raises:
        InvalidInputError: empty, or not a date and time (at `name`).
    """
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text) if text else None
    except ValueError:
        moment = None
    if moment is None:
        raise InvalidInputError(
            "the form has problems",
            errors=[FieldProblem(name, "a date and time in UTC, as 2027-09-06T08:00")],
        )
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def outage_of(values: OutageValues) -> OutageCreate:
    """The API's request from the form's values.

    Raises:
        InvalidInputError: every field that breaks a rule, by the form's field names.
    """
    problems: list[FieldProblem] = []
    times: dict[str, datetime] = {}
    for name in ("starts_at", "ends_at"):
        try:
            times[name] = form_time(getattr(values, name), name)
        except InvalidInputError as error:
            problems += error.errors
    body: OutageCreate | None = None
    try:
        body = form_model(
            OutageCreate,
            {
                "instruments": list(values.instruments),
                "starts_at": times.get("starts_at", datetime.now(UTC)),
                "ends_at": times.get("ends_at", datetime.now(UTC)),
                "cause": values.cause.strip(),
            },
        )
    except InvalidInputError as error:
        problems += error.errors
    if problems or body is None:
        raise InvalidInputError("the form has problems", errors=problems)
    return body


def field_errors(
    error: InvalidInputError, fields: tuple[str, ...] = FORM_FIELDS
) -> dict[str, list[str]]:
    """An error's problems by the form field they belong to (`body.instruments[2]` is
    the field `instruments`); problems of no field go under `form`, with the error's
    detail when it names no problem."""
    if not error.errors:
        return {"form": [error.detail]}
    by_field: dict[str, list[str]] = {}
    for problem in error.errors:
        match = _LEADING_NAME.match(problem.path)
        name = match.group(1) if match and match.group(1) in fields else "form"
        by_field.setdefault(name, []).append(problem.message)
    return by_field


def outage_check(
    session: Session, principal: Principal, code: str, body: OutageCreate
) -> OutageCheckPage:
    """The confirmation of an outage: each booking it hits with the shifts it loses.

    Raises:
        NotFoundError, ForbiddenError, LifecycleConflictError, InvalidInputError.
    """
    _, hits = OutageService(session, principal).preview(code, body)
    _, header = visible_round(session, principal, code)
    fields = [
        ("instruments", json.dumps(list(dict.fromkeys(body.instruments)))),
        ("starts_at", body.starts_at.isoformat()),
        ("ends_at", body.ends_at.isoformat()),
        ("cause", body.cause),
    ]
    return OutageCheckPage(header, body, booking_hits(hits), fields)


def booking_hits(hits: list[Hit]) -> list[BookingHit]:
    """The hits by booking, in the order of their first lost shift."""
    by_booking: dict[str, BookingHit] = {}
    for hit in sorted(hits, key=lambda h: (h.start, h.booking.id)):
        booking = hit.booking
        entry = by_booking.setdefault(
            booking.id,
            BookingHit(booking.id, booking.group.code, booking.instrument.code, []),
        )
        entry.runs.append(
            (
                hit.start,
                hit.end,
                shift_start(booking.round, hit.start),
                shift_start(booking.round, hit.end),
            )
        )
    return list(by_booking.values())


def posted_outage(instruments: str, starts_at: str, ends_at: str, cause: str) -> OutageCreate:
    """The outage the confirmation's form posts (instruments as a JSON list).

    Raises:
        InvalidInputError: a field was tampered with.
    """
    try:
        codes = json.loads(instruments)
    except ValueError:
        codes = None
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise InvalidInputError(
            "the form has problems", errors=[FieldProblem("instruments", "a list of codes")]
        )
    return form_model(
        OutageCreate,
        {"instruments": codes, "starts_at": starts_at, "ends_at": ends_at, "cause": cause},
    )
