"""The engine's one code path, stage by stage, under one time budget.

1. rank and cut (`greedy`), repaired to satisfy hard policies: a valid start;
2. the calendar-free selection model: a proven bound and award targets;
3. placement of the targets per instrument group, repaired, with feedback
   (options that could not be placed are capped, and the selection re-solved);
4. improvement: the monolithic schedule model on small rounds (which can prove
   optimality), large-neighbourhood search on the others;
5. filling of free room left over.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.allocation import Allocation
from scheduler.policy_rows import PolicyRow
from scheduler.search.fill import fill_free_room
from scheduler.search.greedy import greedy_allocation
from scheduler.search.incumbent import Incumbent
from scheduler.search.lns import improve_by_neighbourhoods
from scheduler.search.placement import place_targets
from scheduler.search.repair import make_valid
from scheduler.search.selection_stage import SelectionResult, Targets, solve_selection
from scheduler.search.whole_round import solve_whole_round

MONOLITHIC_REQUESTS = 300
"""Rounds with at most this many placeable requests are improved by the monolithic model."""

FEEDBACK_ROUNDS = 3


@dataclass(frozen=True)
class Shares:
    """Fractions of the budget given to each stage (the rest goes to improvement)."""

    repair: float = 0.05
    selection: float = 0.25
    placement: float = 0.15
    feedback: float = 0.15


def run_engine(incumbent: Incumbent, rows: dict[str, list[PolicyRow]]) -> SelectionResult | None:
    """Search the round; the incumbent holds the result. Returns the first selection result."""
    prepared = incumbent.prepared
    budget = incumbent.params.time_limit
    shares = Shares()
    incumbent.offer(Allocation())
    start = make_valid(incumbent, rows, greedy_allocation(prepared), budget * shares.repair)
    if start is not None:
        incumbent.offer(start)
    small = sum(plan.placeable for plan in prepared.plans.values()) <= MONOLITHIC_REQUESTS
    selection = solve_selection(
        incumbent,
        rows,
        budget * shares.selection,
        hint=incumbent.allocation,
    )
    if selection.bound is not None:
        incumbent.improve_bound(selection.bound)
    if selection.infeasible:
        incumbent.proven_infeasible = True
        return selection
    if selection.targets and not incumbent.closed_gap():
        _place_with_feedback(incumbent, rows, selection, budget, shares)
        fill_free_room(incumbent, rows)
    if not incumbent.stopped() and not incumbent.closed_gap():
        if small:
            incumbent.proven_optimal = solve_whole_round(
                incumbent, rows, incumbent.remaining(), refine_bound=not selection.optimal
            )
        else:
            step = max(0.5, min(5.0, budget / 20))
            improve_by_neighbourhoods(incumbent, rows, step)
    fill_free_room(incumbent, rows)
    return selection


def _place_with_feedback(
    incumbent: Incumbent,
    rows: dict[str, list[PolicyRow]],
    selection: SelectionResult,
    budget: float,
    shares: Shares,
) -> None:
    targets: Targets = selection.targets
    caps: dict[tuple[str, str], int] = {}
    placed = place_targets(incumbent, rows, targets, budget * shares.placement)
    for round_number in range(1, FEEDBACK_ROUNDS + 1):
        valid = make_valid(incumbent, rows, placed, budget * shares.repair)
        if valid is not None:
            incumbent.offer(valid)
        shortfalls = {
            (request_id, instrument): placed.awarded_shifts(request_id)
            for request_id, (instrument, shifts) in targets.items()
            if placed.awarded_shifts(request_id) < shifts
        }
        if not shortfalls or incumbent.stopped() or incumbent.closed_gap():
            return
        caps.update(shortfalls)
        seconds = budget * shares.feedback / FEEDBACK_ROUNDS
        again = solve_selection(
            incumbent, rows, seconds / 2, caps=caps, hint=placed, seed_offset=round_number
        )
        if not again.targets:
            return
        targets = again.targets
        placed = place_targets(incumbent, rows, targets, seconds / 2, keep=placed)
