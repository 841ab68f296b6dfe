"""Decisions: one per proposal, an outcome that matches the awards, and the reasons owed.

Checked for `optimal` and `feasible` solutions only; the other statuses carry
no allocation to decide about.
"""

from __future__ import annotations

from collections.abc import Iterator

from models.exchange import Decision, Proposal
from scheduler.checking.breaches import Breach, path
from scheduler.checking.context import CheckContext


def first_decisions(context: CheckContext) -> dict[str, tuple[int, Decision]]:
    """The first decision of each proposal of the instance, with its position, by proposal id."""
    found: dict[str, tuple[int, Decision]] = {}
    for position, decision in enumerate(context.solution.decisions):
        if decision.proposal in context.index.proposals:
            found.setdefault(decision.proposal, (position, decision))
    return found


def check_decisions(context: CheckContext) -> Iterator[Breach]:
    """Exactly one decision per proposal, each with the outcome its awards call for."""
    if not context.allocates:
        return
    first = first_decisions(context)
    for position, decision in enumerate(context.solution.decisions):
        if decision.proposal not in context.index.proposals:
            yield Breach(
                "decision",
                path("decisions", position, "proposal"),
                f"proposal {decision.proposal!r} is not in the instance",
            )
        elif first[decision.proposal][0] != position:
            yield Breach(
                "decision",
                path("decisions", position),
                f"proposal {decision.proposal} has a second decision "
                f"(first at {path('decisions', first[decision.proposal][0])})",
            )
    for proposal in context.index.instance.proposals:
        if proposal.id not in first:
            yield Breach(
                "decision",
                "decisions",
                f"proposal {proposal.id} has no decision; every proposal gets one",
            )
            continue
        position, decision = first[proposal.id]
        expected = expected_outcome(context, proposal)
        if decision.outcome != expected:
            yield Breach(
                "decision",
                path("decisions", position, "outcome"),
                f"proposal {proposal.id} is {decision.outcome!r}, but its awards make it "
                f"{expected!r} ({_awards_summary(context, proposal)})",
            )


def check_reasons_given(context: CheckContext) -> Iterator[Breach]:
    """Every request that got less than it asked is named by a reason of its decision."""
    if not context.allocates:
        return
    for proposal_id, (position, decision) in first_decisions(context).items():
        named = {reason.request for reason in decision.reasons}
        for request in context.index.proposals[proposal_id].requests:
            awarded = context.placements.awarded(request.id)
            if awarded < request.shifts and request.id not in named:
                yield Breach(
                    "missing-reason",
                    path("decisions", position, "reasons"),
                    f"{request.id} got {awarded} of the {request.shifts} shifts it asked for, "
                    "but no reason names it",
                )


def expected_outcome(context: CheckContext, proposal: Proposal) -> str:
    """`awarded` if every request got its shifts, `rejected` if none got any, else `partial`."""
    awarded = [context.placements.awarded(request.id) for request in proposal.requests]
    if all(got >= request.shifts for got, request in zip(awarded, proposal.requests, strict=True)):
        return "awarded"
    return "partial" if any(awarded) else "rejected"


def _awards_summary(context: CheckContext, proposal: Proposal) -> str:
    return ", ".join(
        f"{request.id}: {context.placements.awarded(request.id)} of {request.shifts} shifts"
        for request in proposal.requests
    )
