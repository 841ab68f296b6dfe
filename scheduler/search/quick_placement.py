"""Stage 3, first: the selection's targets placed by first fit and made valid without CP-SAT.

On a fragmented calendar the CP-SAT placement of a 400-proposal round's targets takes its
whole budget (twelve deterministic seconds, most of a minute of wall time), and its
repair more: until then the engine had only the rank-and-cut schedule, a fifth below the
bound. The same targets placed by first fit (critical targets first, as the placement's
models are seeded) realise nearly as many of them within milliseconds. What first fit
failed breaks couplings, precedences and hard rows; the awards that broke a coupling or a
precedence are taken out, greedy moves (`rebalance`) restore the hard policies, and free
room is filled. The result is offered as an incumbent before the CP-SAT placement starts,
which then only has to beat it.
"""

from __future__ import annotations

from fractions import Fraction

from scheduler.allocation import Allocation, Placement
from scheduler.evaluation import objective_value
from scheduler.policy_rows import PolicyRow
from scheduler.prepare import PreparedInstance
from scheduler.search.fill import filled_allocation
from scheduler.search.placement import FirstFitOrder, first_fit_targets
from scheduler.search.rebalance import rebalance
from scheduler.search.selection_stage import Targets
from scheduler.search.validity import breaks_award_rules, precedence_broken

FIRST_FIT_ORDERS: tuple[FirstFitOrder, ...] = ("value", "least_slack", "longest_block")
ORDERS_MAX_REQUESTS = 3000
"""From this many requests on, one order only: each try costs a rebalance and a fill,
about a second of wall time at 10,000 proposals."""


def quick_placement(
    prepared: PreparedInstance,
    rows: dict[str, list[PolicyRow]],
    targets: Targets,
    anchor: Allocation | None = None,
) -> Allocation | None:
    """A valid schedule close to `targets`, from first fit and greedy moves alone; None
    when the greedy moves cannot restore every hard policy.

    Which targets first fit fails depends on the order it takes them in, and what the
    greedy moves make of that varies by several per cent: below `ORDERS_MAX_REQUESTS`
    every order of `FIRST_FIT_ORDERS` is tried and the best schedule kept. With an
    `anchor` (a re-plan's incumbent), each order is also tried around its blocks
    (`first_fit_targets`), and schedules are compared with the blocks they keep valued
    as the re-plan values them (`kept_weight`): first fit from an empty calendar moves
    nearly every baseline block (971 of 1,026 on L-mixed/decline), which the change
    penalty charges for, so the better of the two depends on the round.
    """
    orders = FIRST_FIT_ORDERS if len(prepared.plans) < ORDERS_MAX_REQUESTS else ("value",)
    anchors = (None,) if anchor is None or not prepared.keep else (None, anchor)
    best: tuple[Fraction, Allocation] | None = None
    for around in anchors:
        for order in orders:
            placed = first_fit_targets(prepared, rows, targets, order, around)
            valid = greedily_valid(prepared, rows, placed)
            if valid is None:
                continue
            value = objective_value(prepared.index, valid.awards()) + kept_weight(prepared, valid)
            if best is None or value > best[0]:
                best = (value, valid)
    return None if best is None else best[1]


def kept_weight(prepared: PreparedInstance, allocation: Allocation) -> Fraction:
    """The weights of the `keep` terms (a re-plan's baseline blocks) that `allocation`
    keeps: its block on the term's instrument is exactly the term's; 0 outside re-plans."""
    kept = (
        term.weight
        for term in prepared.keep
        if term.kept_by(allocation.placements.get(term.request))
    )
    return sum(kept, Fraction(0))


def greedily_valid(
    prepared: PreparedInstance, rows: dict[str, list[PolicyRow]], placed: Allocation
) -> Allocation | None:
    """A placement that keeps capacity made valid without CP-SAT: broken couplings and
    precedences taken out, hard policies restored by greedy moves, free room filled; None
    when the greedy moves cannot restore every hard policy."""
    balanced = rebalance(prepared, rows, without_broken_links(prepared, placed))
    if breaks_award_rules(prepared, balanced):
        return None
    return filled_allocation(prepared, rows, balanced) or balanced


def without_broken_links(prepared: PreparedInstance, allocation: Allocation) -> Allocation:
    """`allocation` less every award of a coupled proposal not wholly awarded and every
    `after` award whose `before` is missing or ends too late, transitively, so that
    coupling and precedences hold (the greedy moves keep them but do not restore them)."""
    placements: dict[str, Placement] = dict(allocation.placements)
    changed = True
    while changed:
        changed = False
        for proposal in prepared.instance.proposals:
            ids = [request.id for request in proposal.requests]
            awarded = [request_id for request_id in ids if request_id in placements]
            if proposal.coupled and awarded and len(awarded) < len(ids):
                for request_id in awarded:
                    del placements[request_id]
                changed = True
        for precedence in prepared.instance.precedences:
            if precedence_broken(precedence, placements):
                del placements[precedence.after]
                changed = True
    return Allocation(placements)
