"""Every proposal's decision: outcome, and reasons for each request that got less than it asked."""

from __future__ import annotations

from models.exchange import CoupledReason, Decision, Reason
from models.exchange.solution import Outcome
from scheduler.allocation import Allocation
from scheduler.explain.reasons import Explainer
from scheduler.policy_rows import PolicyRow
from scheduler.prepare import PreparedInstance


def decisions_for(
    prepared: PreparedInstance, allocation: Allocation, rows: dict[str, list[PolicyRow]]
) -> list[Decision]:
    """One decision per proposal, in document order."""
    explainer = Explainer(prepared, allocation, rows)
    decisions = []
    for proposal in prepared.instance.proposals:
        got = {r.id: allocation.awarded_shifts(r.id) for r in proposal.requests}
        short = [r.id for r in proposal.requests if got[r.id] < r.shifts]
        own = {r: explainer.reasons(prepared.plans[r]) for r in short}
        reasons: list[Reason] = []
        for request_id in short:
            found = list(own[request_id])
            if not found and proposal.coupled and got[request_id] == 0:
                sibling = next((s for s in short if s != request_id and own[s]), None)
                if sibling is not None:
                    found.append(
                        CoupledReason(
                            code="coupled",
                            request=request_id,
                            sibling=sibling,
                            message=(
                                f"The proposal is coupled: its requests are awarded together "
                                f"or not at all, and {sibling} could not be awarded."
                            ),
                        )
                    )
            if not found:
                found.append(explainer.objective_reason(prepared.plans[request_id]))
            reasons.extend(found)
        outcome: Outcome
        if not short:
            outcome = "awarded"
        elif any(got.values()):
            outcome = "partial"
        else:
            outcome = "rejected"
        decisions.append(Decision(proposal=proposal.id, outcome=outcome, reasons=tuple(reasons)))
    return decisions
