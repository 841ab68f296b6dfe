"""Reasons: each names a request that got less than it asked, and its claim is true.

The claims are those of the spec's "Reasons" table. For a partial award a
reason explains why the request did not get its full `shifts`, so `min_shifts`
is read as one more shift than it got (`shifts_needed`). Checked for `optimal`
and `feasible` solutions only.
"""

from __future__ import annotations

from collections.abc import Iterator

from models.exchange import (
    BookingReason,
    CapacityReason,
    CoupledReason,
    Decision,
    ObjectiveReason,
    OutrankedReason,
    PolicyReason,
    PrecedenceReason,
    Proposal,
    Reason,
    UnplaceableReason,
)
from scheduler.checking.breaches import Breach, path
from scheduler.checking.context import CheckContext
from scheduler.checking.decisions import first_decisions
from scheduler.checking.policy_claims import policy_claim_problem
from scheduler.checking.room import open_room, room, shifts_needed
from scheduler.checking.tolerance import TOLERANCE
from scheduler.checking.wording import number
from scheduler.evaluation import exact
from scheduler.index import InstanceIndex
from scheduler.replan.remaining import remaining_round


def check_reason_claims(context: CheckContext) -> Iterator[Breach]:
    """Every reason of every (first) decision names a short request and makes a true claim.

    A re-plan's reasons speak of the remaining round (room from `now` on, delivered time
    as constants), so they are checked against it.
    """
    if not context.allocates:
        return
    if context.index.instance.replan is not None:
        yield from check_reason_claims(remaining_context(context))
        return
    for proposal_id, (position, decision) in first_decisions(context).items():
        proposal = context.index.proposals[proposal_id]
        for reason_number, reason in enumerate(decision.reasons):
            problem = _subject_problem(context, proposal, reason) or _claim_problem(
                context, decision, reason
            )
            if problem:
                yield Breach(
                    "reason",
                    path("decisions", position, "reasons", reason_number),
                    f"the {reason.code} reason for {reason.request} is not true: {problem}",
                )


def _subject_problem(context: CheckContext, proposal: Proposal, reason: Reason) -> str | None:
    """Why the reason's request cannot carry a reason in this decision, if it cannot."""
    request = next((r for r in proposal.requests if r.id == reason.request), None)
    if request is None:
        return f"{reason.request!r} is not a request of proposal {proposal.id}"
    awarded = context.placements.awarded(request.id)
    if awarded >= request.shifts:
        return f"{request.id} got all {request.shifts} shifts it asked for"
    return None


def _claim_problem(context: CheckContext, decision: Decision, reason: Reason) -> str | None:
    """Why the claim of a reason about a request of the decision's proposal is false, if it is."""
    match reason:
        case UnplaceableReason():
            return _unplaceable_problem(context, reason)
        case CapacityReason():
            return _capacity_problem(context, reason)
        case OutrankedReason():
            return _outranked_problem(context, reason)
        case PolicyReason():
            return policy_claim_problem(context, reason)
        case PrecedenceReason():
            return _precedence_problem(context, reason)
        case CoupledReason():
            return _coupled_problem(context, decision, reason)
        case ObjectiveReason():
            return None  # "awarding it would lower the objective" is the fallback claim
        case BookingReason():
            return "a `booking` reason explains published bookings, never a solver's award"


def _unplaceable_problem(context: CheckContext, reason: UnplaceableReason) -> str | None:
    request = context.index.requests[reason.request]
    needed = shifts_needed(request, context.placements.awarded(request.id))
    for instrument_id in request.instruments:
        available = open_room(context.index, request, instrument_id)
        if available >= needed:
            return (
                f"even with nothing else awarded, {instrument_id} has {available} open, "
                f"available shifts in [{request.release}, {request.deadline}) in runs of at "
                f"least {request.min_block}, and it needs {needed}"
            )
    return None


def _capacity_problem(context: CheckContext, reason: CapacityReason) -> str | None:
    request = context.index.requests[reason.request]
    if set(reason.instruments) != set(request.instruments):
        return (
            f"it lists {', '.join(reason.instruments) or 'no instruments'}, not the request's "
            f"alternatives {', '.join(request.instruments)}"
        )
    needed = shifts_needed(request, context.placements.awarded(request.id))
    for instrument_id in request.instruments:
        available = room(context, request, instrument_id)
        if available >= needed:
            return (
                f"{instrument_id} has room for {available} shifts in "
                f"[{request.release}, {request.deadline}) in runs of at least "
                f"{request.min_block}, and it needs {needed}"
            )
    return None


def _outranked_problem(context: CheckContext, reason: OutrankedReason) -> str | None:
    request = context.index.requests[reason.request]
    own = context.index.proposal_of[request.id]
    holders = {
        placement.request.id: context.index.proposal_of[placement.request.id]
        for placement in context.placements
        if placement.instrument.id in request.instruments
        and context.index.proposal_of[placement.request.id].id != own.id
        and any(
            length > 0 and start < request.deadline and start + length > request.release
            for start, length in placement.assignment.blocks
        )
    }
    window = f"[{request.release}, {request.deadline})"
    if not holders:
        return f"no other proposal is awarded on {', '.join(request.instruments)} inside {window}"
    lowest = min(holders.values(), key=lambda proposal: exact(proposal.score))
    if abs(exact(reason.cutoff_score) - exact(lowest.score)) > TOLERANCE:
        return (
            f"the lowest score awarded on {', '.join(request.instruments)} inside {window} is "
            f"{number(lowest.score)} ({lowest.id}), not {number(reason.cutoff_score)}"
        )
    if exact(lowest.score) < exact(own.score):
        return (
            f"the cutoff {number(lowest.score)} ({lowest.id}) is below the proposal's own "
            f"score {number(own.score)}"
        )
    return None


def _precedence_problem(context: CheckContext, reason: PrecedenceReason) -> str | None:
    before = [p.before for p in context.index.precedences_after.get(reason.request, [])]
    if reason.before not in before:
        return f"the instance has no precedence {reason.before}->{reason.request}"
    placement = context.placements.by_request.get(reason.before)
    if placement is not None:
        return (
            f"{reason.before} is awarded ({placement.awarded_shifts} shifts on "
            f"{placement.instrument.id})"
        )
    return None


def _coupled_problem(
    context: CheckContext, decision: Decision, reason: CoupledReason
) -> str | None:
    proposal = context.index.proposal_of[reason.request]
    if not proposal.coupled:
        return f"proposal {proposal.id} is not coupled"
    siblings = {r.id for r in proposal.requests} - {reason.request}
    if reason.sibling not in siblings:
        return f"{reason.sibling!r} is not another request of proposal {proposal.id}"
    if not _has_own_reason(decision, reason.sibling, frozenset({reason.request})):
        return f"{reason.sibling} carries no reason of its own in this decision"
    return None


def _has_own_reason(decision: Decision, request_id: str, visited: frozenset[str]) -> bool:
    """A reason names `request_id` that is not `coupled`, or is coupled to such a request.

    Following coupled reasons from sibling to sibling must end at another code, so
    that two requests cannot explain each other in a circle.
    """
    for reason in decision.reasons:
        if reason.request != request_id:
            continue
        if not isinstance(reason, CoupledReason):
            return True
        if reason.sibling not in visited and _has_own_reason(
            decision, reason.sibling, visited | {request_id}
        ):
            return True
    return False


def remaining_context(context: CheckContext) -> CheckContext:
    """The same solution read against the remaining round of a re-plan (its assignments of
    fully delivered requests dropped: the remaining round no longer has them)."""
    remaining = remaining_round(context.index.instance).instance
    index = InstanceIndex(remaining)
    assignments = tuple(a for a in context.solution.assignments if a.request in index.requests)
    solution = context.solution.model_copy(update={"assignments": assignments})
    return CheckContext(index, solution)
