"""Checking a submitted proposal against the format's rules and its round.

Every problem is collected with its path (`requests[0].min_block`) so that a
client can fix all of them in one go.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from api.countries.repository import CountryRepository
from api.errors import FieldProblem, InvalidInputError
from api.facilities.repository import FacilityRepository
from api.proposals.schemas import RequestCreate
from models.exchange.fields import decimal_places
from models.orm import Country, Instrument, Round

SHARE_TOLERANCE = 1e-4


@dataclass(frozen=True)
class RequestSpec:
    """A checked request, every default filled in (numbers in shifts of the round)."""

    instruments: list[Instrument]
    shifts: int
    min_shifts: int
    min_block: int
    release: int
    deadline: int
    unavailable: list[list[int]]


def check_shares(
    session: Session, countries: dict[str, float], problems: list[FieldProblem]
) -> list[tuple[Country, float]]:
    """The countries and shares of a proposal; problems are appended to `problems`."""
    known = CountryRepository(session).by_codes(countries)
    for code, share in countries.items():
        if code not in known:
            problems.append(FieldProblem(f"countries.{code}", f"no country {code}"))
        if decimal_places(share) > 4:
            problems.append(FieldProblem(f"countries.{code}", "has more than 4 decimal places"))
    total = sum(countries.values())
    if abs(total - 1.0) > SHARE_TOLERANCE:
        problems.append(FieldProblem("countries", f"shares sum to {total:g}, not 1"))
    return [(known[code], share) for code, share in countries.items() if code in known]


def check_requests(
    session: Session, round_: Round, requests: list[RequestCreate], problems: list[FieldProblem]
) -> list[RequestSpec]:
    """The requests of a proposal checked against the round; problems are appended."""
    round_facilities = {facility.id for facility in round_.facilities}
    codes = {code for request in requests for code in request.instruments}
    instruments = FacilityRepository(session).instruments_by_codes(codes, with_calendars=False)
    specs = []
    for i, request in enumerate(requests):
        where = f"requests[{i}]"
        chosen: list[Instrument] = []
        for j, code in enumerate(request.instruments):
            instrument = instruments.get(code)
            if instrument is None or instrument.facility_id not in round_facilities:
                problems.append(
                    FieldProblem(
                        f"{where}.instruments[{j}]",
                        f"no instrument {code} in the round's facilities",
                    )
                )
            elif instrument in chosen:
                problems.append(
                    FieldProblem(f"{where}.instruments[{j}]", f"{code} is listed twice")
                )
            else:
                chosen.append(instrument)
        min_shifts = request.min_shifts if request.min_shifts is not None else request.shifts
        min_block = request.min_block if request.min_block is not None else min_shifts
        deadline = request.deadline if request.deadline is not None else round_.n_shifts
        if min_shifts > request.shifts:
            problems.append(
                FieldProblem(f"{where}.min_shifts", f"must be at most shifts ({request.shifts})")
            )
        if min_block > min_shifts:
            problems.append(
                FieldProblem(f"{where}.min_block", f"must be at most min_shifts ({min_shifts})")
            )
        if deadline > round_.n_shifts:
            problems.append(
                FieldProblem(
                    f"{where}.deadline", f"must be at most the round's n_shifts ({round_.n_shifts})"
                )
            )
        if request.release >= deadline:
            problems.append(
                FieldProblem(f"{where}.release", f"must be before deadline ({deadline})")
            )
        for k, (start, end) in enumerate(request.unavailable):
            if not start < end <= round_.n_shifts:
                problems.append(
                    FieldProblem(
                        f"{where}.unavailable[{k}]",
                        f"must be [start, end) with start < end <= {round_.n_shifts}",
                    )
                )
        specs.append(
            RequestSpec(
                instruments=chosen,
                shifts=request.shifts,
                min_shifts=min_shifts,
                min_block=min_block,
                release=request.release,
                deadline=deadline,
                unavailable=[[start, end] for start, end in request.unavailable],
            )
        )
    return specs


def raise_if_any(problems: list[FieldProblem], what: str = "the proposal has problems") -> None:
    """Raise the collected problems, if there are any.

    Raises:
        InvalidInputError: listing every problem.
    """
    if problems:
        raise InvalidInputError(
            what, errors=[FieldProblem(f"body.{p.path}", p.message) for p in problems]
        )
