"""The re-plan instance of a published round, built from its bookings.

The round as it now stands (`export_instance`: the outages are closed periods by now)
with the engine's `replan` section (`scheduler.replan.build.replan_instance`): the
bookings' shifts before `now` are delivered, except those lost; the bookings from `now`
on are the baseline, lost shifts included, so that the engine sees what the outages
hit and may give that time back; proposals whose every booking was declined ask for
no more time.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy.orm import Session

from api.agreements.ledger_repository import LedgerRepository
from api.errors import FieldProblem, InvalidInputError, RoundInconsistentError
from api.outages.losses import runs_of
from api.replans.repository import ReplanRepository
from api.rounds.instance import export_instance
from models.exchange import SOLUTION_FORMAT, Assignment, Instance, Solution
from models.orm import HOLDING_STATUSES, BookingStatus, Round
from scheduler.replan.build import ReplanInputError, replan_instance, shift_at


def booked_solution(session: Session, round_: Round, now: int) -> tuple[Solution, set[str]]:
    """The round's bookings as a solution (past lost shifts left out) and the proposals
    whose every booking was declined.

    Raises:
        RoundInconsistentError: a request booked on two instruments (by hand).
    """
    bookings = ReplanRepository(session).bookings_of_round(round_.id)
    lost = LedgerRepository(session).lost_shifts([booking.id for booking in bookings])
    blocks: dict[str, list[tuple[int, int]]] = defaultdict(list)
    instrument_of: dict[str, str] = {}
    statuses: dict[str, set[str]] = defaultdict(set)
    problems = []
    for booking in bookings:
        request = booking.request.code
        statuses[booking.request.proposal.code].add(booking.status)
        if booking.status not in {status.value for status in HOLDING_STATUSES}:
            continue
        instrument = booking.instrument.code
        if instrument_of.setdefault(request, instrument) != instrument:
            problems.append(
                FieldProblem(f"bookings[{booking.id}]", f"{request} is booked on two instruments")
            )
        kept = [
            shift
            for shift in range(booking.start, booking.start + booking.length)
            if shift >= now or shift not in lost.get(booking.id, set())
        ]
        blocks[request] += [(start, end - start) for start, end in runs_of(kept)]
    if problems:
        raise RoundInconsistentError("the bookings cannot be re-planned", errors=problems)
    assignments = tuple(
        Assignment(request=request, instrument=instrument_of[request], blocks=tuple(sorted(runs)))
        for request, runs in sorted(blocks.items())
        if runs
    )
    declined = {
        proposal
        for proposal, seen in statuses.items()
        if seen and seen <= {BookingStatus.DECLINED.value}
    }
    solution = Solution(
        format=SOLUTION_FORMAT, round=round_.code, status="feasible", assignments=assignments
    )
    return solution, declined


def build_replan(
    session: Session, round_: Round, now: int | None, moment: datetime, change_weight: float
) -> Instance:
    """The re-plan instance of the round at shift `now`, or by default at the first shift
    that has not begun at `moment` (a shift begun has happened).

    Raises:
        RoundInconsistentError: the round or its bookings cannot be exported as one.
        InvalidInputError: `now` or the weight refused by the engine (at `body.now`).
    """
    instance = export_instance(session, round_)
    if now is None:
        now = max(0, min(round_.n_shifts, shift_at(instance.round, moment, round_up=True)))
    solution, declined = booked_solution(session, round_, now)
    try:
        return replan_instance(
            instance, solution, now=now, declined=declined, change_weight=change_weight
        )
    except ReplanInputError as error:
        raise InvalidInputError(
            "the re-plan cannot be built", errors=[FieldProblem("body.now", str(error))]
        ) from None
