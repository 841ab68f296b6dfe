"""Quick checks of the award rules the engine's repair step must restore."""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction

from models.exchange import Precedence
from scheduler.allocation import Allocation, Placement
from scheduler.evaluation import policy_violations
from scheduler.prepare import PreparedInstance

HARD_TOLERANCE = Fraction(1, 10**6)


def precedence_broken(precedence: Precedence, placements: Mapping[str, Placement]) -> bool:
    """Whether an awarded `after` lacks its `before`, or starts before the gap has passed."""
    after = placements.get(precedence.after)
    if after is None:
        return False
    before = placements.get(precedence.before)
    return before is None or after.first_start < before.last_end + precedence.min_gap


def breaks_award_rules(prepared: PreparedInstance, allocation: Allocation) -> bool:
    """Whether coupling, precedence (award and timing) or a hard policy is broken."""
    placements = allocation.placements
    for proposal in prepared.instance.proposals:
        if proposal.coupled:
            awarded = {request.id in placements for request in proposal.requests}
            if len(awarded) > 1:
                return True
    if any(precedence_broken(p, placements) for p in prepared.instance.precedences):
        return True
    violations = policy_violations(prepared.index, allocation.awards())
    return any(
        policy.mode == "hard" and violations[policy.id] > HARD_TOLERANCE
        for policy in prepared.instance.policies
    )
