"""Stage: turn a capacity-valid allocation into a fully valid one.

First each placed award is kept whole or dropped, by a small model (one boolean
per award) that restores coupling, precedence implications and hard policies at
the least loss of objective. Then, when a hard policy was broken, requests not
yet placed that could bring it back into balance join as free requests, placed
wherever their calendar and the remaining capacity allow, while the kept awards
may still shrink: balance can be restored by adding time to the side that is
short, not only by taking time from the side that is ahead.
"""

from __future__ import annotations

import logging

from ortools.sat.python import cp_model

from scheduler.allocation import Allocation
from scheduler.evaluation import objective_value
from scheduler.model.awards import (
    AwardVariables,
    add_award_choice,
    add_coupling,
    add_precedence_implications,
)
from scheduler.model.objective import set_objective
from scheduler.model.policies import add_policies
from scheduler.model.schedule import build_schedule_model
from scheduler.model.scope import FreeRequest, Scope
from scheduler.policy_ledger import PolicyLedger
from scheduler.policy_rows import PolicyRow
from scheduler.prepare import PreparedInstance
from scheduler.search.incumbent import Incumbent
from scheduler.search.runner import run_model
from scheduler.search.validity import breaks_award_rules

logger = logging.getLogger(__name__)

MAX_BALANCING_REQUESTS = 300
"""Most unplaced requests offered to a repair to restore a broken hard policy."""


def make_valid(
    incumbent: Incumbent, rows: dict[str, list[PolicyRow]], allocation: Allocation, seconds: float
) -> Allocation | None:
    """The best valid allocation found from `allocation`, or None if none in time. When a
    hard policy broke, the awards keep-or-drop keeps are offered to the incumbent before
    the rebalancing model runs, so that a valid schedule exists during it.

    In a re-plan the allocation is first taken as `admit` has it: the models and greedy
    moves see the remaining round only, where a started request's block away from `now`
    may be shorter than its `min_block`; `admit` drops it, and what that breaks (a hard
    agreement short of those shifts) is repaired here instead of refused by the incumbent.
    """
    prepared = incumbent.prepared
    admitted = incumbent.admitted(allocation)
    if admitted is not None:
        allocation = admitted
    if not breaks_award_rules(prepared, allocation):
        return allocation
    shrinking = {
        request_id: FreeRequest((placement.instrument,), shrink_only=placement)
        for request_id, placement in allocation.placements.items()
    }
    balancing = _balancing_requests(prepared, rows, allocation)
    share = seconds / 2 if balancing else seconds
    trimmed = _keep_or_drop(incumbent, rows, allocation, share)
    logger.debug(
        "repair of %d awards: trimmed to %s, %d requests offered to rebalance",
        len(allocation.placements),
        _value(prepared, trimmed),
        len(balancing),
    )
    if not balancing:
        return trimmed
    # Valid already: offered now, since the rebalancing model takes the other half of the
    # budget (on a re-plan's warm start the first valid revision came only after it).
    incumbent.offer(trimmed)
    free = dict(shrinking)
    for request_id in balancing:
        free[request_id] = FreeRequest(
            tuple(w.instrument for w in prepared.plans[request_id].windows)
        )
    # An empty trim (no subset keeps the rules) hints nothing: start from the awards instead.
    hint = trimmed if trimmed.placements else allocation
    balanced = _solve(incumbent, rows, Scope(free, Allocation()), hint, seconds - share)
    logger.debug("repair: rebalanced to %s", _value(prepared, balanced))
    if balanced is None:
        return trimmed
    index = prepared.index
    better = objective_value(index, balanced.awards()) > objective_value(index, trimmed.awards())
    return balanced if better else trimmed


def _keep_or_drop(
    incumbent: Incumbent, rows: dict[str, list[PolicyRow]], allocation: Allocation, seconds: float
) -> Allocation:
    """The best subset of whole placements that keeps every award rule: one boolean per
    award, so CP-SAT solves it in a fraction of the time the block-by-block trim needs."""
    prepared = incumbent.prepared
    model = cp_model.CpModel()
    awards = AwardVariables(model, Allocation())
    for request_id, placement in allocation.placements.items():
        keep = model.new_bool_var(f"keep[{request_id}]")
        add_award_choice(
            awards,
            prepared,
            request_id,
            {placement.instrument: placement.shifts * keep},
            {placement.instrument: placement.shifts},
        )
        model.add_hint(keep, False)
    add_coupling(awards, prepared)
    add_precedence_implications(awards, prepared)
    policies = add_policies(awards, prepared, rows)
    set_objective(awards, prepared, policies.penalties)
    solver = cp_model.CpSolver()
    outcome = run_model(
        model,
        solver,
        incumbent.params,
        incumbent.budget(seconds),
        should_stop=incumbent.should_stop,
    )
    incumbent.clock.charge(outcome.deterministic_seconds)
    if not outcome.has_solution:
        return Allocation()
    return Allocation(
        {
            request_id: placement
            for request_id, placement in allocation.placements.items()
            if solver.boolean_value(awards.award[request_id])
        }
    )


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
        model.model,
        solver,
        incumbent.params,
        incumbent.budget(seconds),
        should_stop=incumbent.should_stop,
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
        if ledger.lowers_a_broken_row(request_id, broken):
            helpful.append((-plan.proposal.score, request_id))
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


def _value(prepared: PreparedInstance, allocation: Allocation | None) -> str:
    if allocation is None:
        return "nothing"
    return f"{float(objective_value(prepared.index, allocation.awards())):.6g}"
