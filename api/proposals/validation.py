"""Checking a submitted proposal against the format's rules and its round.

The format's rules are the exchange models' own (`models.exchange.rules`), so that a
stored proposal always exports as a valid instance; this adds what only the service
knows (the countries and instruments it holds). Every problem is collected with its
path (`requests[0].min_block`) so that a client can fix all of them in one go.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from api.countries.repository import CountryRepository
from api.errors import FieldProblem, InvalidInputError
from api.facilities.repository import FacilityRepository
from api.proposals.schemas import RequestCreate
from models.exchange.problems import Problem, format_path
from models.exchange.rules import located, request_problems, share_problems
from models.orm import Country, Instrument, Round


def field_problems(problems: Iterable[Problem]) -> list[FieldProblem]:
    """Problems of the format's rules as the API reports them."""
    return [FieldProblem(format_path(p.loc), p.message) for p in problems]


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
    problems.extend(
        FieldProblem(f"countries.{code}", f"no country {code}")
        for code in countries
        if code not in known
    )
    problems.extend(field_problems(located(("countries",), share_problems(countries))))
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
        spec = RequestSpec(
            instruments=chosen,
            shifts=request.shifts,
            min_shifts=min_shifts,
            min_block=min_block,
            release=request.release,
            deadline=request.deadline if request.deadline is not None else round_.n_shifts,
            unavailable=[[start, end] for start, end in request.unavailable],
        )
        problems.extend(
            field_problems(located(("requests", i), request_problems(spec, round_.n_shifts)))
        )
        specs.append(spec)
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
