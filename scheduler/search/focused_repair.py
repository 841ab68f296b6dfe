"""Stage (re-plans): restore a broken hard agreement around the few requests that can mend it.

A re-plan's possible baseline often breaks a hard agreement: lost time and delivered
time leave a member below its share. The keep-or-drop repair can only take time away,
and taking it from everyone else to lower the total is ruinous (at 2,000 proposals it
withdrew 150 awards to make up 60 shifts of one member). Here the model works only on
what can mend the agreement:

* the *helpful* requests, whose time lowers a broken row (the short member's own
  requests, best score first), free on every alternative;
* the requests whose coupling or precedence the baseline broke, and those that lost
  baseline time (`hit`), free on every alternative;
* the awards that share an instrument with a helpful request inside its window, free to
  shrink, move or go, so that room can be made;

with every other award fixed. The schedule model's kept literals value each baseline
block kept, so the revision changes only what the agreement needs.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from ortools.sat.python import cp_model

from scheduler.allocation import Allocation
from scheduler.model.schedule import build_schedule_model
from scheduler.model.scope import FreeRequest, Scope
from scheduler.policy_ledger import PolicyLedger
from scheduler.policy_rows import PolicyRow
from scheduler.prepare import PreparedInstance
from scheduler.search.incumbent import Incumbent
from scheduler.search.runner import run_model
from scheduler.search.validity import precedence_broken

logger = logging.getLogger(__name__)

MAX_HELPFUL_REQUESTS = 60
"""Most requests that lower a broken row set free (best score first)."""

MAX_ROOM_REQUESTS = 80
"""Most awards set free to make room for them (earliest first)."""


def broken_hard_policies(
    prepared: PreparedInstance, rows: dict[str, list[PolicyRow]], allocation: Allocation
) -> set[str]:
    """The hard policies `allocation` breaks (beyond the hard tolerance)."""
    return _broken(prepared, PolicyLedger(prepared, rows, allocation))


def focused_scope(
    prepared: PreparedInstance,
    rows: dict[str, list[PolicyRow]],
    allocation: Allocation,
    hit: Sequence[str] = (),
) -> Scope:
    """The requests that can mend `allocation`'s broken hard policies, and room for them."""
    ledger = PolicyLedger(prepared, rows, allocation)
    broken = _broken(prepared, ledger)
    helpful = sorted(
        (
            request_id
            for request_id, plan in prepared.plans.items()
            if plan.placeable
            and plan.request.shifts > allocation.awarded_shifts(request_id)
            and ledger.lowers_a_broken_row(request_id, broken)
        ),
        key=lambda r: (-prepared.plans[r].proposal.score, r),
    )[:MAX_HELPFUL_REQUESTS]
    anywhere = set(helpful) | _rule_breakers(prepared, allocation)
    anywhere |= {r for r in hit if r in prepared.plans and prepared.plans[r].placeable}
    anywhere |= _coupled_siblings(prepared, anywhere)
    free = {
        request_id: FreeRequest(tuple(w.instrument for w in prepared.plans[request_id].windows))
        for request_id in sorted(anywhere)
        if prepared.plans[request_id].placeable
    }
    for request_id in _room_makers(prepared, allocation, helpful, set(free)):
        placement = allocation.placements[request_id]
        free[request_id] = FreeRequest((placement.instrument,), shrink_only=placement)
    for request_id in _coupled_siblings(prepared, set(free)) - set(free):
        plan = prepared.plans[request_id]
        if plan.placeable:
            free[request_id] = FreeRequest(tuple(w.instrument for w in plan.windows))
    fixed = Allocation({r: p for r, p in allocation.placements.items() if r not in free})
    return Scope(free, fixed)


def repair_around_the_loss(
    incumbent: Incumbent,
    rows: dict[str, list[PolicyRow]],
    allocation: Allocation,
    hit: Sequence[str],
    seconds: float,
) -> Allocation | None:
    """A valid allocation near `allocation` that restores its broken hard policies by
    changing only the requests of `focused_scope`, or None (none found in `seconds`).
    Every solution found on the way is offered to the incumbent."""
    prepared = incumbent.prepared
    scope = focused_scope(prepared, rows, allocation, hit)
    model = build_schedule_model(prepared, rows, scope, hint=allocation)
    solver = cp_model.CpSolver()

    def offer(found: cp_model.CpSolverSolutionCallback) -> None:
        # Each solution is a valid revision: offered at once, the first within a second or two.
        incumbent.offer(model.read_allocation(found))

    outcome = run_model(
        model.model,
        solver,
        incumbent.params,
        incumbent.budget(seconds),
        on_solution=offer,
        should_stop=incumbent.should_stop,
    )
    incumbent.clock.charge(outcome.deterministic_seconds)
    logger.debug(
        "focused repair: %d free, %d fixed, %s after %.2f s",
        len(scope.free),
        len(scope.fixed.placements),
        "solved" if outcome.has_solution else "no solution",
        outcome.wall_seconds,
    )
    return model.read_allocation(solver) if outcome.has_solution else None


def _broken(prepared: PreparedInstance, ledger: PolicyLedger) -> set[str]:
    return {
        policy.id
        for policy in prepared.instance.policies
        if policy.mode == "hard" and not ledger.changes_hold(policy.id)
    }


def _rule_breakers(prepared: PreparedInstance, allocation: Allocation) -> set[str]:
    """Requests of broken couplings and of precedences whose award or timing is broken."""
    placements = allocation.placements
    breakers: set[str] = set()
    for proposal in prepared.instance.proposals:
        awarded = {request.id in placements for request in proposal.requests}
        if proposal.coupled and len(awarded) > 1:
            breakers.update(request.id for request in proposal.requests)
    for precedence in prepared.instance.precedences:
        if precedence_broken(precedence, placements):
            breakers.update((precedence.before, precedence.after))
    return {r for r in breakers if r in prepared.plans}


def _coupled_siblings(prepared: PreparedInstance, requests: set[str]) -> set[str]:
    """Every request of a coupled proposal one of `requests` belongs to: a coupled
    proposal is decided whole (a fixed sibling would pin the free one)."""
    siblings: set[str] = set()
    for request_id in requests:
        proposal = prepared.index.proposal_of[request_id]
        if proposal.coupled:
            siblings.update(r.id for r in proposal.requests)
    return siblings


def _room_makers(
    prepared: PreparedInstance, allocation: Allocation, helpful: list[str], taken: set[str]
) -> list[str]:
    """Awards on the helpful requests' instruments inside their windows, earliest first."""
    windows: dict[str, list[tuple[int, int]]] = {}
    for request_id in helpful:
        request = prepared.plans[request_id].request
        for window in prepared.plans[request_id].windows:
            windows.setdefault(window.instrument, []).append((request.release, request.deadline))
    candidates: list[tuple[int, str]] = []
    for request_id, placement in allocation.placements.items():
        if request_id in taken or placement.instrument not in windows:
            continue
        distance = min(
            max(0, start - placement.last_end, placement.first_start - end)
            for start, end in windows[placement.instrument]
        )
        if distance == 0:
            candidates.append((placement.first_start, request_id))
    return [request_id for _, request_id in sorted(candidates)[:MAX_ROOM_REQUESTS]]
