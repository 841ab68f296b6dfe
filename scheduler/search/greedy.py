"""Rank and cut, as coordinators do by hand: by score, each request into its earliest room.

Proposals are taken in decreasing score; each request goes to the alternative
where first-fit blocks give it the most shifts (the earliest on ties). A coupled
proposal is placed whole or not at all; a request waits for its precedences'
`before` requests. Policies are ignored: that is the baseline's point.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Mapping

from scheduler.allocation import Allocation, Placement
from scheduler.prepare import PreparedInstance, RequestPlan
from scheduler.search.occupancy import Occupancy, first_fit


def greedy_allocation(prepared: PreparedInstance) -> Allocation:
    """The rank-and-cut allocation; valid except, possibly, for hard policies."""
    occupancy = Occupancy(prepared)
    placements: dict[str, Placement] = {}
    ranked = sorted(prepared.instance.proposals, key=lambda p: (-p.score, p.id))
    for proposal in ranked:
        tentative: dict[str, Placement] = {}
        for request in proposal.requests:
            plan = prepared.plans[request.id]
            placement = best_first_fit(prepared, occupancy, plan, ChainMap(tentative, placements))
            if placement is not None:
                tentative[request.id] = placement
                occupancy.add(placement)
            elif proposal.coupled:
                for undone in tentative.values():
                    occupancy.remove(undone)
                tentative = {}
                break
        placements.update(tentative)
    return Allocation(placements)


def best_first_fit(
    prepared: PreparedInstance,
    occupancy: Occupancy,
    plan: RequestPlan,
    placed: Mapping[str, Placement],
    *,
    only_on: str | None = None,
    shifts: int | None = None,
) -> Placement | None:
    """First-fit blocks on the alternative that gives the most shifts, honouring precedences
    with the `placed` requests; None if no alternative gets `min_shifts` or a `before` is missing.

    `only_on` restricts the alternatives to one instrument, `shifts` lowers the amount sought.
    """
    timing = precedence_window(prepared, plan.id, placed)
    if timing is None:
        return None
    not_before, not_after = timing
    request = plan.request
    # A re-plan's started request has `min_block` 1 in the remaining round, so that its block
    # at `now` may be short; its other blocks still need the original (`admit` drops them).
    min_block, short_at = request.min_block, None
    if plan.id in prepared.started_min_block:
        min_block, short_at = prepared.started_min_block[plan.id], prepared.now
    best: Placement | None = None
    for window in plan.windows:
        if only_on is not None and window.instrument != only_on:
            continue
        runs = occupancy.free_runs(window, not_before, not_after)
        wanted = shifts or request.shifts
        blocks = first_fit(runs, wanted, request.min_shifts, min_block, short_at)
        if not blocks:
            continue
        candidate = Placement(window.instrument, blocks)
        if best is None or (candidate.shifts, -candidate.last_end) > (best.shifts, -best.last_end):
            best = candidate
    return best


def precedence_window(
    prepared: PreparedInstance, request_id: str, placed: Mapping[str, Placement]
) -> tuple[int, int | None] | None:
    """Where the precedences with the `placed` requests let the request run: the shift its
    first block may start at and the boundary its last must end by (None: no limit); None
    when a `before` it needs is not placed."""
    not_before = 0
    for precedence in prepared.precedences_of(request_id):
        before = placed.get(precedence.before)
        if before is None:
            return None
        not_before = max(not_before, before.last_end + precedence.min_gap)
    for precedence in prepared.timing_only:  # a re-plan's started `before`: timing only
        before = placed.get(precedence.before) if precedence.after == request_id else None
        if before is not None:
            not_before = max(not_before, before.last_end + precedence.min_gap)
    return not_before, _latest_end(prepared, request_id, placed)


def _latest_end(
    prepared: PreparedInstance, request_id: str, placed: Mapping[str, Placement]
) -> int | None:
    """If some placed request must come after this one, the boundary this one must end by."""
    bound = None
    timing_only = [p for p in prepared.timing_only if p.before == request_id]
    for precedence in (*prepared.index.precedences_before.get(request_id, ()), *timing_only):
        if precedence.after in placed:
            limit = placed[precedence.after].first_start - precedence.min_gap
            bound = limit if bound is None else min(bound, limit)
    return bound
