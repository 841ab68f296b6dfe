"""Stage: place the selection's targets in time, one instrument at a time.

Instruments are ordered along the precedences between targeted requests
(topological order of the strongly connected components of that graph), so a
`before` request is usually placed before its `after`; a precedence to a request
placed earlier becomes a fixed bound. Each instrument is one schedule model with
placement rules only, seeded with a first-fit schedule; requests may end up with
less than targeted, or none (the repair stage then restores the award rules). A
target whose loss would break a tight hard row is worth more to place
(`scheduler.search.criticality`), so that the targets left out are the cheap ones.
"""

from __future__ import annotations

from collections import defaultdict
from fractions import Fraction
from typing import Literal

from ortools.sat.python import cp_model

from scheduler.allocation import Allocation, Placement
from scheduler.evaluation import exact
from scheduler.model.schedule import build_schedule_model
from scheduler.model.scope import FreeRequest, Scope
from scheduler.policy_rows import PolicyRow
from scheduler.prepare import PreparedInstance
from scheduler.search.criticality import criticality
from scheduler.search.greedy import best_first_fit
from scheduler.search.incumbent import Incumbent
from scheduler.search.occupancy import Occupancy
from scheduler.search.runner import run_model
from scheduler.search.selection_stage import Targets

MIN_GROUP_SECONDS = 0.05

PLACEMENT_BONUS = Fraction(1)
"""Value per placed shift, in units of the top score, on top of the score itself (and
times the target's criticality): the selection balanced policies and couplings on its
targets, so realising more of them matters more than which of them."""


def _top_score(prepared: PreparedInstance) -> Fraction:
    return max((exact(p.score) for p in prepared.instance.proposals), default=Fraction(1))


def place_targets(
    incumbent: Incumbent,
    rows: dict[str, list[PolicyRow]],
    targets: Targets,
    seconds: float,
    *,
    keep: Allocation | None = None,
) -> Allocation:
    """Blocks for the targets; `keep` holds placements reused for groups whose targets match."""
    prepared = incumbent.prepared
    by_instrument: dict[str, list[str]] = defaultdict(list)
    for request_id, (instrument, _) in sorted(targets.items()):
        by_instrument[instrument].append(request_id)
    groups = _groups_in_order(prepared, targets, sorted(by_instrument))
    bonus = _placement_bonus(prepared, rows, targets)
    placed: dict[str, Placement] = {}
    total = max(1, len(targets))
    for group in groups:
        members = [r for instrument in group for r in by_instrument[instrument]]
        reused = _reusable(members, targets, keep)
        if reused is not None:
            placed.update(reused)
            continue
        if incumbent.stopped():  # out of time: first fit only, no model to build
            hint = _first_fit_hint(prepared, members, targets, Allocation(placed), bonus)
            placed.update(hint.placements)
            continue
        share = max(MIN_GROUP_SECONDS, seconds * len(members) / total)
        placed.update(
            _place_group(incumbent, rows, members, targets, Allocation(placed), share, bonus)
        )
    return Allocation(placed)


FirstFitOrder = Literal["value", "least_slack", "longest_block"]
"""The order in which first fit takes an instrument's targets: by value per shift (score
and bonus, so the critical first), or the critical first and then those with the least
room in their window, or those with the longest `min_block` and most shifts."""


def first_fit_targets(
    prepared: PreparedInstance,
    rows: dict[str, list[PolicyRow]],
    targets: Targets,
    order: FirstFitOrder = "value",
    anchor: Allocation | None = None,
) -> Allocation:
    """The targets placed by first fit alone, instrument by instrument in the order
    `place_targets` uses: what its models start from (with `order` "value"), in
    milliseconds instead of the placement's budget. Requests may get less than targeted
    (at least their `min_shifts`) or nothing.

    With an `anchor` (a re-plan's incumbent), a target that the anchor has on its target
    instrument with at most the targeted shifts keeps the anchor's blocks, and first fit
    places the others in the room left: a re-plan's blocks then stay where they were
    unless the selection changed their request (`anchored_placements`)."""
    by_instrument: dict[str, list[str]] = defaultdict(list)
    for request_id, (instrument, _) in sorted(targets.items()):
        by_instrument[instrument].append(request_id)
    bonus = _placement_bonus(prepared, rows, targets)
    anchored = anchored_placements(targets, anchor) if anchor is not None else {}
    placed: dict[str, Placement] = dict(anchored)
    for group in _groups_in_order(prepared, targets, sorted(by_instrument)):
        members = [r for instrument in group for r in by_instrument[instrument]]
        occupied = Allocation({r: anchored[r] for r in members if r in anchored})
        members = [r for r in members if r not in anchored]
        hint = _first_fit_hint(
            prepared, members, targets, Allocation(placed), bonus, order, occupied
        )
        placed.update(hint.placements)
    return Allocation(placed)


def anchored_placements(targets: Targets, anchor: Allocation) -> dict[str, Placement]:
    """The anchor's placements of targeted requests on their target instrument with at most
    the targeted shifts: kept block for block (free room may grow them later; a request
    the selection gives fewer shifts is placed again, since keeping it would take the room
    the selection gave to others)."""
    return {
        request_id: placement
        for request_id, placement in anchor.placements.items()
        if request_id in targets
        and placement.instrument == targets[request_id][0]
        and placement.shifts <= targets[request_id][1]
    }


def _placement_bonus(
    prepared: PreparedInstance, rows: dict[str, list[PolicyRow]], targets: Targets
) -> dict[str, Fraction]:
    """Value per placed shift of each target on top of its score (times its criticality)."""
    top = PLACEMENT_BONUS * _top_score(prepared)
    weights = criticality(prepared, rows, targets)
    return {request_id: top * weights.get(request_id, 1) for request_id in targets}


def _reusable(
    members: list[str], targets: Targets, keep: Allocation | None
) -> dict[str, Placement] | None:
    if keep is None:
        return None
    reused = {}
    for request_id in members:
        placement = keep.placements.get(request_id)
        if placement is None or (placement.instrument, placement.shifts) != targets[request_id]:
            return None
        reused[request_id] = placement
    return reused


def _place_group(
    incumbent: Incumbent,
    rows: dict[str, list[PolicyRow]],
    members: list[str],
    targets: Targets,
    placed: Allocation,
    seconds: float,
    bonus: dict[str, Fraction],
) -> dict[str, Placement]:
    prepared = incumbent.prepared
    scope = Scope(
        {
            request_id: FreeRequest(
                (targets[request_id][0],), most={targets[request_id][0]: targets[request_id][1]}
            )
            for request_id in members
        },
        placed,
    )
    hint = _first_fit_hint(prepared, members, targets, placed, bonus)
    model = build_schedule_model(
        prepared,
        rows,
        scope,
        hint=hint,
        award_rules=False,
        policy_rules=False,
        shift_bonus=bonus,
    )
    solver = cp_model.CpSolver()
    outcome = run_model(
        model.model,
        solver,
        incumbent.params,
        incumbent.budget(seconds),
        should_stop=incumbent.should_stop,
    )
    incumbent.clock.charge(outcome.deterministic_seconds)
    if not outcome.has_solution:
        return {r: p for r, p in hint.placements.items() if r in scope.free}
    allocation = model.read_allocation(solver)
    return {r: p for r, p in allocation.placements.items() if r in scope.free}


def _first_fit_hint(
    prepared: PreparedInstance,
    members: list[str],
    targets: Targets,
    placed: Allocation,
    bonus: dict[str, Fraction],
    order: FirstFitOrder = "value",
    occupied: Allocation | None = None,
) -> Allocation:
    """Targets placed by first fit in `order` (by default decreasing value per shift: score
    and bonus, so the critical ones first), honouring placed precedences, in the room that
    the `occupied` placements (on the members' instruments) leave."""
    occupancy = Occupancy(prepared, occupied)
    known: dict[str, Placement] = dict(placed.placements)
    hint: dict[str, Placement] = {}

    def key(request_id: str) -> tuple[Fraction | int | str, ...]:
        request = prepared.plans[request_id].request
        shifts = targets[request_id][1]
        if order == "least_slack":
            slack = request.deadline - request.release - shifts
            return (-bonus[request_id], slack, request_id)
        if order == "longest_block":
            return (-bonus[request_id], -request.min_block, -shifts, request_id)
        value = exact(prepared.plans[request_id].proposal.score) + bonus[request_id]
        return (-value, request_id)

    ordered = sorted(members, key=key)
    for request_id in ordered:
        instrument, shifts = targets[request_id]
        placement = best_first_fit(
            prepared,
            occupancy,
            prepared.plans[request_id],
            known,
            only_on=instrument,
            shifts=shifts,
        )
        if placement is not None:
            occupancy.add(placement)
            known[request_id] = hint[request_id] = placement
    return Allocation(hint)


def _groups_in_order(
    prepared: PreparedInstance, targets: Targets, instruments: list[str]
) -> list[list[str]]:
    """Instruments one per group, in topological order of the precedence graph's components."""
    edges: dict[str, set[str]] = {instrument: set() for instrument in instruments}
    for precedence in prepared.instance.precedences:
        if precedence.before in targets and precedence.after in targets:
            source, target = targets[precedence.before][0], targets[precedence.after][0]
            if source != target:
                edges[source].add(target)
    ordered = _strongly_connected_in_topological_order(edges)
    return [[instrument] for component in ordered for instrument in component]


def _strongly_connected_in_topological_order(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative; components come out in reverse topological order."""
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index_of:
            continue
        work: list[tuple[str, list[str]]] = [(root, sorted(edges[root]))]
        index_of[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, pending = work[-1]
            if pending:
                successor = pending.pop()
                if successor not in index_of:
                    index_of[successor] = low[successor] = counter
                    counter += 1
                    stack.append(successor)
                    on_stack.add(successor)
                    work.append((successor, sorted(edges[successor])))
                elif successor in on_stack:
                    low[node] = min(low[node], index_of[successor])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index_of[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return list(reversed(components))
