"""A published round's solution document, derived from its bookings.

Once a round is published its bookings are the truth: groups decline, coordinators
cancel and book by hand. So the document every export and page of a published
round shows is the accepted solution rewritten from the bookings that hold time
(awarded or confirmed): its assignments are those bookings, and the decision of a
proposal whose time changed is recomputed the format's way (`awarded` when every
request holds all its shifts, `partial` when some time is held, else `rejected`).
A request that holds less than it was allocated gets a `booking` reason saying
what happened; reasons of requests whose time did not change are kept. The
objective, bound and policy figures remain those of the accepted solution (the
country report recomputes the policies from the bookings).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from models.exchange import Assignment, BookingReason, Decision, Solution
from models.exchange.solution import Outcome

CHANGE_WORDS = {
    "declined": "declined by the group",
    "cancelled": "cancelled by a coordinator",
}


@dataclass(frozen=True)
class BookedBlock:
    """One booking of a published round, as the document needs it."""

    request: str
    instrument: str
    start: int
    length: int
    status: str
    source: str

    @property
    def holds(self) -> bool:
        """Whether it holds its shifts (awarded or confirmed)."""
        return self.status in ("awarded", "confirmed")


@dataclass(frozen=True)
class RequestFacts:
    """A request's proposal and the shifts it asked for."""

    proposal: str
    shifts: int


def published_solution(
    accepted: Solution, bookings: Iterable[BookedBlock], requests: Mapping[str, RequestFacts]
) -> Solution:
    """The accepted solution rewritten from the round's bookings (see the module)."""
    bookings = list(bookings)
    blocks: defaultdict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    held: defaultdict[str, int] = defaultdict(int)
    changes: defaultdict[str, set[str]] = defaultdict(set)
    for booking in bookings:
        if booking.holds:
            blocks[(booking.request, booking.instrument)].append((booking.start, booking.length))
            held[booking.request] += booking.length
        else:
            changes[booking.request].add(CHANGE_WORDS.get(booking.status, booking.status))
    allocated: defaultdict[str, int] = defaultdict(int)
    for assignment in accepted.assignments:
        allocated[assignment.request] += assignment.awarded_shifts
    assignments = tuple(
        Assignment(request=request, instrument=instrument, blocks=tuple(sorted(found)))
        for (request, instrument), found in sorted(blocks.items())
    )
    of_proposal: defaultdict[str, list[str]] = defaultdict(list)
    for code, facts in sorted(requests.items()):
        of_proposal[facts.proposal].append(code)
    decisions = tuple(
        _decision(decision, of_proposal[decision.proposal], requests, held, allocated, changes)
        for decision in accepted.decisions
    )
    return accepted.model_copy(update={"assignments": assignments, "decisions": decisions})


def _decision(
    decision: Decision,
    request_codes: list[str],
    requests: Mapping[str, RequestFacts],
    held: Mapping[str, int],
    allocated: Mapping[str, int],
    changes: Mapping[str, set[str]],
) -> Decision:
    changed = [code for code in request_codes if held.get(code, 0) != allocated.get(code, 0)]
    if not changed:
        return decision
    full = all(held.get(code, 0) >= requests[code].shifts for code in request_codes)
    some = any(held.get(code, 0) > 0 for code in request_codes)
    outcome: Outcome = "awarded" if full else "partial" if some else "rejected"
    kept = [reason for reason in decision.reasons if reason.request not in changed]
    added = [
        BookingReason(
            code="booking",
            request=code,
            message=_change_message(code, held.get(code, 0), allocated.get(code, 0), changes),
        )
        for code in changed
        if held.get(code, 0) < requests[code].shifts
    ]
    return decision.model_copy(update={"outcome": outcome, "reasons": tuple(kept + added)})


def _change_message(code: str, held: int, allocated: int, changes: Mapping[str, set[str]]) -> str:
    how = " and ".join(sorted(changes.get(code, set()))) or "changed after publication"
    return f"{code} was allocated {allocated} shifts and now holds {held}: {how}"
