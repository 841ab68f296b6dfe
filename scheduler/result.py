"""Writing an allocation as a `beamtime-solution/1` document."""

from __future__ import annotations

from fractions import Fraction

from models.exchange import (
    SOLUTION_FORMAT,
    Assignment,
    Decision,
    PolicyViolation,
    Solution,
    Stats,
)
from models.exchange.solution import Status
from scheduler.allocation import Allocation
from scheduler.evaluation import objective_value, policy_violations
from scheduler.prepare import PreparedInstance
from scheduler.replan.revision import Revision


def solution_document(
    prepared: PreparedInstance,
    allocation: Allocation,
    *,
    status: Status,
    bound: Fraction | None,
    decisions: list[Decision],
    stats: Stats,
    conflict: list[str] | None = None,
    revision: Revision | None = None,
) -> Solution:
    """The solution document; objective and violations are computed exactly from `allocation`.

    With a `revision` (a re-plan), `prepared` is its remaining round: the objective gains
    the delivered value and loses the change penalty, `changed` is reported, and the
    decisions cover the whole round.
    """
    index = prepared.index
    if status in ("infeasible", "unknown") and not allocation.placements:
        return Solution(
            format=SOLUTION_FORMAT,
            round=prepared.instance.round.id,
            status=status,
            objective=None,
            bound=None if bound is None else float(bound),
            conflict=tuple(conflict) if conflict else None,
            stats=stats,
        )
    awards = allocation.awards()
    violations = policy_violations(index, awards)
    objective = objective_value(index, awards, violations)
    changed = None
    if revision is not None:
        objective += revision.adjustment(allocation)
        changed = revision.changed(allocation)
        decisions = revision.decisions(decisions, allocation)
    if status == "optimal":
        bound = objective
    order = {request.id: n for n, request in enumerate(index.requests.values())}
    assignments = [
        Assignment(
            request=request_id, instrument=placement.instrument, blocks=tuple(placement.blocks)
        )
        for request_id, placement in sorted(
            allocation.placements.items(), key=lambda item: order[item[0]]
        )
    ]
    gap = None
    if bound is not None:
        gap = float(max(Fraction(0), bound - objective) / max(Fraction(1), abs(bound)))
    return Solution(
        format=SOLUTION_FORMAT,
        round=prepared.instance.round.id,
        status=status,
        objective=float(objective),
        bound=None if bound is None else float(bound),
        gap=gap,
        assignments=tuple(assignments),
        policies=tuple(
            PolicyViolation(id=policy.id, violation=float(violations[policy.id]))
            for policy in prepared.instance.policies
        ),
        decisions=tuple(decisions),
        changed=changed,
        stats=stats,
    )
