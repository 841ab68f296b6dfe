"""Stage: fill free room that the search left, so that no obvious award is missing.

Requests are tried in decreasing score: an unawarded one (with its coupled
siblings) goes in by first fit, a partial one is re-placed to get more shifts,
whenever that raises the objective and keeps every hard policy (in a re-plan,
re-placing pays for the baseline blocks it gives up). This makes the
final allocation locally maximal, which is what keeps "objective" reasons rare.
"""

from __future__ import annotations

from collections import ChainMap
from fractions import Fraction

from scheduler.allocation import Allocation, Placement
from scheduler.evaluation import exact
from scheduler.policy_ledger import HARD_TOLERANCE, PolicyLedger
from scheduler.policy_rows import PolicyRow
from scheduler.prepare import PreparedInstance
from scheduler.search.greedy import best_first_fit
from scheduler.search.incumbent import Incumbent
from scheduler.search.occupancy import Occupancy


def fill_free_room(incumbent: Incumbent, rows: dict[str, list[PolicyRow]]) -> None:
    """Add or extend awards greedily where it helps; offers the result to the incumbent."""
    filled = filled_allocation(incumbent.prepared, rows, incumbent.allocation)
    if filled is not None:
        incumbent.offer(filled)


def filled_allocation(
    prepared: PreparedInstance, rows: dict[str, list[PolicyRow]], allocation: Allocation
) -> Allocation | None:
    """`allocation` with awards added or extended greedily where it helps; None if nothing
    could be added."""
    placements = dict(allocation.placements)
    occupancy = Occupancy(prepared, allocation)
    ledger = PolicyLedger(prepared, rows, allocation)
    changed = False
    for proposal in sorted(prepared.instance.proposals, key=lambda p: (-p.score, p.id)):
        missing = [r.id for r in proposal.requests if r.id not in placements]
        groups = [missing] if proposal.coupled else [[r] for r in missing]
        if proposal.coupled and len(missing) != len(proposal.requests):
            groups = []
        for group in groups:
            if group and _try_add(prepared, occupancy, ledger, placements, group):
                changed = True
        for request in proposal.requests:
            placement = placements.get(request.id)
            if placement is not None and placement.shifts < request.shifts:
                changed |= _try_extend(prepared, occupancy, ledger, placements, request.id)
    return Allocation(placements) if changed else None


def _try_add(
    prepared: PreparedInstance,
    occupancy: Occupancy,
    ledger: PolicyLedger,
    placements: dict[str, Placement],
    group: list[str],
) -> bool:
    """Place the whole group by first fit if that raises the objective; else undo."""
    tentative: dict[str, Placement] = {}
    gain = Fraction(0)
    complete = True
    for request_id in group:
        plan = prepared.plans[request_id]
        placement = best_first_fit(prepared, occupancy, plan, ChainMap(tentative, placements))
        changes = (
            ledger.changes(request_id, placement.instrument, placement.shifts)
            if placement is not None
            else []
        )
        if placement is None or not ledger.hard_policies_hold(changes):
            complete = False
            break
        gain += exact(plan.proposal.score) * placement.shifts - ledger.penalty_change(changes)
        ledger.apply(request_id, placement.instrument, placement.shifts)
        occupancy.add(placement)
        tentative[request_id] = placement
    if complete and gain > 0:
        placements.update(tentative)
        return True
    for request_id, placement in tentative.items():
        ledger.apply(request_id, placement.instrument, -placement.shifts)
        occupancy.remove(placement)
    return False


def _try_extend(
    prepared: PreparedInstance,
    occupancy: Occupancy,
    ledger: PolicyLedger,
    placements: dict[str, Placement],
    request_id: str,
) -> bool:
    """Re-place a partial award by first fit if it then gets more shifts and that pays."""
    current = placements[request_id]
    plan = prepared.plans[request_id]
    occupancy.remove(current)
    ledger.apply(request_id, current.instrument, -current.shifts)
    # Precedences never name the request itself, so its own entry does not matter here.
    candidate = best_first_fit(prepared, occupancy, plan, placements)
    if candidate is not None and candidate.shifts > current.shifts:
        with_current = _violations_after(ledger, request_id, current)
        with_candidate = _violations_after(ledger, request_id, candidate)
        policies = with_current.keys() | with_candidate.keys()
        penalty = sum(
            (
                ledger.weights[p]
                * (
                    with_candidate.get(p, ledger.violation(p))
                    - with_current.get(p, ledger.violation(p))
                )
                for p in policies
                if ledger.modes[p] == "soft"
            ),
            Fraction(0),
        )
        hard_holds = all(
            with_candidate.get(p, ledger.violation(p)) <= HARD_TOLERANCE
            for p in policies
            if ledger.modes[p] == "hard"
        )
        gain = (
            exact(plan.proposal.score) * (candidate.shifts - current.shifts)
            - penalty
            - _kept_blocks_lost(prepared, request_id, current, candidate)
        )
        if gain > 0 and hard_holds:
            ledger.apply(request_id, candidate.instrument, candidate.shifts)
            occupancy.add(candidate)
            placements[request_id] = candidate
            return True
    ledger.apply(request_id, current.instrument, current.shifts)
    occupancy.add(current)
    return False


def _kept_blocks_lost(
    prepared: PreparedInstance, request_id: str, current: Placement, candidate: Placement
) -> Fraction:
    """What re-placing `current` by `candidate` costs a re-plan: the weight of every baseline
    block `current` keeps and `candidate` does not (nothing outside re-plans)."""
    return sum(
        (
            term.weight
            for term in prepared.keep_by_request.get(request_id, ())
            if term.kept_by(current) and not term.kept_by(candidate)
        ),
        Fraction(0),
    )


def _violations_after(
    ledger: PolicyLedger, request_id: str, placement: Placement
) -> dict[str, Fraction]:
    changes = ledger.changes(request_id, placement.instrument, placement.shifts)
    return {change.policy: change.after for change in changes}
