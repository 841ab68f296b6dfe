"""Stage: turn a capacity-valid allocation into a fully valid one.

Placed blocks keep their starts and may only get shorter or disappear, so they
stay within capacity and keep their timing; the model restores coupling,
precedence implications and hard policies at the least loss of objective. When a
hard policy is broken, requests not yet placed that could bring it back into
balance join as free requests (placed anywhere their calendar and the remaining
capacity allow), so that balance can be restored by adding time to the side that
is short, not only by taking time from the side that is ahead.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

from scheduler.allocation import Allocation
from scheduler.evaluation import objective_value
from scheduler.model.schedule import build_schedule_model
from scheduler.model.scope import FreeRequest, Scope
from scheduler.policy_ledger import PolicyLedger
from scheduler.policy_rows import PolicyRow
from scheduler.prepare import PreparedInstance
from scheduler.search.incumbent import Incumbent
from scheduler.search.runner import run_model
from scheduler.search.validity import breaks_award_rules

MAX_BALANCING_REQUESTS = 300
"""Most unplaced requests offered to a repair to restore a broken hard policy."""


def make_valid(
    incumbent: Incumbent, rows: dict[str, list[PolicyRow]], allocation: Allocation, seconds: float
) -> Allocation | None:
    """The best valid allocation found from `allocation`, or None if none in time."""
    prepared = incumbent.prepared
    if not breaks_award_rules(prepared, allocation):
        return allocation
    shrinking = {
        request_id: FreeRequest((placement.instrument,), shrink_only=placement)
        for request_id, placement in allocation.placements.items()
    }
    balancing = _balancing_requests(prepared, rows, allocation)
    share = seconds / 2 if balancing else seconds
    # The empty allocation is the one hint known to satisfy coupling and precedences.
    trimmed = _solve(incumbent, rows, Scope(shrinking, Allocation()), Allocation(), share)
    if not balancing or trimmed is None:
        return trimmed
    free = dict(shrinking)
    for request_id in balancing:
        free[request_id] = FreeRequest(
            tuple(w.instrument for w in prepared.plans[request_id].windows)
        )
    balanced = _solve(incumbent, rows, Scope(free, Allocation()), trimmed, seconds - share)
    if balanced is None:
        return trimmed
    index = prepared.index
    better = objective_value(index, balanced.awards()) > objective_value(index, trimmed.awards())
    return balanced if better else trimmed


def _solve(
    incumbent: Incumbent,
    rows: dict[str, list[PolicyRow]],
    scope: Scope,
    hint: Allocation,
    seconds: float,
) -> Allocation | None:
    model = build_schedule_model(incumbent.prepared, rows, scope, hint=hint)
    solver = cp_model.CpSolver()
    outcome = run_model(
        model.model, solver, incumbent.params, seconds, should_stop=incumbent.should_stop
    )
    incumbent.clock.charge(outcome.deterministic_seconds)
    return model.read_allocation(solver) if outcome.has_solution else None


def _balancing_requests(
    prepared: PreparedInstance, rows: dict[str, list[PolicyRow]], allocation: Allocation
) -> list[str]:
    """Unplaced requests (with their coupled siblings) that lower a violated hard row."""
    ledger = PolicyLedger(prepared, rows, allocation)
    broken = {
        policy.id
        for policy in prepared.instance.policies
        if policy.mode == "hard" and not ledger.changes_hold(policy.id)
    }
    if not broken:
        return []
    helpful: list[tuple[float, str]] = []
    for request_id, plan in prepared.plans.items():
        if request_id in allocation.placements or not plan.placeable:
            continue
        for window in plan.windows:
            changes = ledger.changes(request_id, window.instrument, plan.request.min_shifts)
            if any(c.policy in broken and c.scaled_after < c.scaled_before for c in changes):
                helpful.append((-plan.proposal.score, request_id))
                break
    chosen: set[str] = set()
    for _, request_id in sorted(helpful):
        if len(chosen) >= MAX_BALANCING_REQUESTS:
            break
        proposal = prepared.plans[request_id].proposal
        siblings = [r.id for r in proposal.requests] if proposal.coupled else [request_id]
        chosen.update(
            r for r in siblings if r not in allocation.placements and prepared.plans[r].placeable
        )
    return sorted(chosen)
