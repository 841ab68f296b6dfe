"""Checking a submitted proposal against the format's rules and its round.

The format's rules are the exchange models' own (`models.exchange.rules`), so that a
stored proposal always exports as a valid instance; this adds what only the service
knows (the countries and instruments it holds). Every problem is collected with its
path (`requests[0].min_block`) so that a client can fix all of them in one go.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from api.countries.repository import CountryRepository
from api.errors import FieldProblem, InvalidInputError
from api.facilities.repository import FacilityRepository
from api.proposals.schemas import RequestCreate
from api.rounds.calendar import (
    end_shift_by,
    first_shift_from,
    moment_of,
    round_end,
    touched_shifts,
    written_time,
)
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
        calendar = _Calendar(round_, problems, where)
        release = calendar.shift(request.release, "release", first_shift_from)
        deadline = (
            calendar.shift(request.deadline, "deadline", end_shift_by)
            if request.deadline is not None
            else round_.n_shifts
        )
        spec = RequestSpec(
            instruments=chosen,
            shifts=request.shifts,
            min_shifts=min_shifts,
            min_block=min_block,
            release=release,
            deadline=deadline,
            unavailable=calendar.intervals(request.unavailable),
        )
        problems.extend(
            field_problems(located(("requests", i), request_problems(spec, round_.n_shifts)))
        )
        specs.append(spec)
    return specs


ShiftRule = Callable[[Round, datetime], int]
"""Which shift a time becomes (`api.rounds.calendar.first_shift_from`, `end_shift_by`)."""


@dataclass(frozen=True)
class _Calendar:
    """Converts a request's dates to shifts of the round; problems go to `problems` with
    their path (`requests[0].release`)."""

    round_: Round
    problems: list[FieldProblem]
    where: str

    def _moment(self, value: date | datetime, path: str) -> datetime | None:
        moment = moment_of(value)
        starts, ends = self.round_.start, round_end(self.round_)
        if starts <= moment <= ends:
            return moment
        self.problems.append(
            FieldProblem(
                f"{self.where}.{path}",
                f"{written_time(moment)} is outside the round, which runs from "
                f"{written_time(starts)} to {written_time(ends)}",
            )
        )
        return None

    def shift(self, value: int | date | datetime, path: str, rule: ShiftRule) -> int:
        """`value` as a shift number (a shift number as it is); 0 after a problem."""
        if isinstance(value, int):
            return value
        moment = self._moment(value, path)
        return 0 if moment is None else rule(self.round_, moment)

    def intervals(
        self, periods: list[tuple[int | date | datetime, int | date | datetime]]
    ) -> list[list[int]]:
        """Unavailable periods as shift intervals: shifts as given, times widened to every
        shift they overlap."""
        converted = []
        for k, (start, end) in enumerate(periods):
            if isinstance(start, int) and isinstance(end, int):
                converted.append([start, end])
                continue
            if isinstance(start, int) or isinstance(end, int):
                self.problems.append(
                    FieldProblem(
                        f"{self.where}.unavailable[{k}]",
                        "give both ends as shift numbers or both as dates or times",
                    )
                )
                continue
            first = self._moment(start, f"unavailable[{k}][0]")
            last = self._moment(end, f"unavailable[{k}][1]")
            if first is None or last is None:
                continue
            if last <= first:
                self.problems.append(
                    FieldProblem(f"{self.where}.unavailable[{k}]", "must end after it starts")
                )
                continue
            converted.append(list(touched_shifts(self.round_, first, last)))
        return converted


def raise_if_any(problems: list[FieldProblem], what: str = "the proposal has problems") -> None:
    """Raise the collected problems, if there are any.

    Raises:
        InvalidInputError: listing every problem.
    """
    if problems:
        raise InvalidInputError(
            what, errors=[FieldProblem(f"body.{p.path}", p.message) for p in problems]
        )
