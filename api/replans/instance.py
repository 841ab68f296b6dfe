"""The re-plan instance of a published round, built from its bookings.

The round as it now stands (`export_instance`: the outages are closed periods by now)
with the engine's `replan` section (`scheduler.replan.build.replan_instance`): the
bookings' shifts before `now` are delivered, except those lost; the bookings from `now`
on are the baseline, lost shifts included, so that the engine sees what the outages
hit and may give that time back. Declined time is never offered again: proposals whose
every booking was declined ask for no more time, and a request with a declined booking
asks for no more than it still holds.

A back-fill (`mode="backfill"`) is the same re-plan with a `change_weight` above anything
a change could gain (`keeping_change_weight`), unless one is given: it offers the free
shifts to the best rejected or partially served proposals and changes nothing it can keep.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy.orm import Session

from api.agreements.ledger_repository import LedgerRepository
from api.errors import FieldProblem, InvalidInputError, RoundInconsistentError
from api.outages.losses import runs_of
from api.replans.repository import ReplanRepository
from api.rounds.instance import export_instance
from models.exchange import SOLUTION_FORMAT, Assignment, Instance, Solution
from models.exchange.replan import DEFAULT_CHANGE_WEIGHT
from models.orm import HOLDING_STATUSES, BookingStatus, Round
from scheduler.replan.build import (
    ReplanInputError,
    keeping_change_weight,
    replan_instance,
    shift_at,
)

ReplanMode = Literal["revise", "backfill"]
"""`revise`: changes cost `change_weight` (the engine's default); `backfill`: keep every
booking that can be kept and only add blocks."""


@dataclass(frozen=True)
class BookedRound:
    """The round's bookings as the engine reads them."""

    solution: Solution
    """The holding bookings as a solution (past lost shifts left out)."""
    declined_proposals: frozenset[str]
    """Proposals whose every booking was declined."""
    declined_requests: frozenset[str]
    """Requests of the other proposals with a declined booking."""


def booked_round(session: Session, round_: Round, now: int) -> BookedRound:
    """The round's bookings as a solution, and what was declined.

    Raises:
        RoundInconsistentError: a request booked on two instruments (by hand).
    """
    bookings = ReplanRepository(session).bookings_of_round(round_.id)
    lost = LedgerRepository(session).lost_shifts([booking.id for booking in bookings])
    blocks: dict[str, list[tuple[int, int]]] = defaultdict(list)
    instrument_of: dict[str, str] = {}
    statuses: dict[str, set[str]] = defaultdict(set)
    declined_requests: dict[str, str] = {}
    problems = []
    for booking in bookings:
        request = booking.request.code
        statuses[booking.request.proposal.code].add(booking.status)
        if booking.status == BookingStatus.DECLINED.value:
            declined_requests[request] = booking.request.proposal.code
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
    return BookedRound(
        solution,
        frozenset(declined),
        frozenset(r for r, proposal in declined_requests.items() if proposal not in declined),
    )


def build_replan(
    session: Session,
    round_: Round,
    now: int | None,
    moment: datetime,
    change_weight: float | None,
    mode: ReplanMode = "revise",
) -> Instance:
    """The re-plan instance of the round at shift `now`, or by default at the first shift
    that has not begun at `moment` (a shift begun has happened); `change_weight` by
    default the engine's (`revise`) or one that keeps every booking (`backfill`).

    Raises:
        RoundInconsistentError: the round or its bookings cannot be exported as one.
        InvalidInputError: `now` or the weight refused by the engine (at `body.now`).
    """
    instance = export_instance(session, round_)
    if now is None:
        now = max(0, min(round_.n_shifts, shift_at(instance.round, moment, round_up=True)))
    booked = booked_round(session, round_, now)
    if change_weight is None:
        change_weight = (
            keeping_change_weight(instance) if mode == "backfill" else DEFAULT_CHANGE_WEIGHT
        )
    try:
        return replan_instance(
            instance,
            booked.solution,
            now=now,
            declined=booked.declined_proposals,
            declined_requests=booked.declined_requests,
            change_weight=change_weight,
        )
    except ReplanInputError as error:
        raise InvalidInputError(
            "the re-plan cannot be built", errors=[FieldProblem("body.now", str(error))]
        ) from None
