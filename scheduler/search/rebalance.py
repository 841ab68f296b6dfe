"""Stage: restore broken hard policies by greedy moves, in a second at any round size.

Rank and cut ignores policies, and a round may start with a hard agreement already
broken (a reciprocity credit in one side's favour beyond the tolerance), so that even
the empty award is not valid. Before any CP-SAT repair, sweeps of two kinds of move
bring the hard policies back:

* add a proposal not yet awarded (by first fit, best score first), when that lowers
  the violation of a broken hard policy;
* withdraw an awarded proposal (lowest score first), when that lowers it.

A move is taken only if it lowers the hard policies' total violation (in shifts) and
breaks no hard policy that held, so every sweep makes progress or ends the stage.
(Requiring every policy to improve would deadlock: under a contribution policy, an
award to one member that is short raises the bound of every other member.) Whole
proposals move, so coupling holds; a withdrawal takes with it every award that
must follow the withdrawn ones (precedences), and an addition waits for its
precedences' `before` awards, so precedences hold.
"""

from __future__ import annotations

from collections import ChainMap

from scheduler.allocation import Allocation, Placement
from scheduler.policy_ledger import PolicyLedger
from scheduler.policy_rows import PolicyRow
from scheduler.prepare import PreparedInstance
from scheduler.search.greedy import best_first_fit
from scheduler.search.occupancy import Occupancy

MAX_SWEEPS = 6


def rebalance(
    prepared: PreparedInstance, rows: dict[str, list[PolicyRow]], allocation: Allocation
) -> Allocation:
    """`allocation` moved towards every hard policy holding (valid when none is left broken)."""
    hard = [policy.id for policy in prepared.instance.policies if policy.mode == "hard"]
    if not hard:
        return allocation
    state = _State(prepared, rows, allocation, hard)
    for _ in range(MAX_SWEEPS):
        if not state.broken():
            break
        added = state.sweep_additions()
        withdrawn = state.sweep_withdrawals()
        if not added and not withdrawn:
            break
    return Allocation(dict(state.placements))


class _State:
    def __init__(
        self,
        prepared: PreparedInstance,
        rows: dict[str, list[PolicyRow]],
        allocation: Allocation,
        hard: list[str],
    ) -> None:
        self.prepared = prepared
        self.hard = hard
        self.placements: dict[str, Placement] = dict(allocation.placements)
        self.occupancy = Occupancy(prepared, allocation)
        self.ledger = PolicyLedger(prepared, rows, allocation)
        self.ranked = sorted(prepared.instance.proposals, key=lambda p: (-p.score, p.id))

    def broken(self) -> set[str]:
        return {policy for policy in self.hard if not self.ledger.changes_hold(policy)}

    def sweep_additions(self) -> bool:
        """Add, best score first, the unawarded proposals whose awards help; True if any."""
        progress = False
        for proposal in self.ranked:
            broken = self.broken()
            if not broken:
                break
            requests = [r.id for r in proposal.requests if self.prepared.plans[r.id].placeable]
            if any(r in self.placements for r in requests) or not requests:
                continue
            if proposal.coupled and len(requests) != len(proposal.requests):
                continue
            if not any(self.ledger.lowers_a_broken_row(r, broken) for r in requests):
                continue
            progress |= self._try_add(requests, proposal.coupled)
        return progress

    def sweep_withdrawals(self) -> bool:
        """Withdraw, lowest score first, the awarded proposals whose awards hurt; True if any."""
        progress = False
        for proposal in reversed(self.ranked):
            if not self.broken():
                break
            placed = [r.id for r in proposal.requests if r.id in self.placements]
            if placed:
                progress |= self._try_withdraw(self._with_dependants(placed))
        return progress

    def _try_add(self, requests: list[str], coupled: bool) -> bool:
        before = self._hard_violations()
        tentative: dict[str, Placement] = {}
        for request_id in requests:
            plan = self.prepared.plans[request_id]
            placement = best_first_fit(
                self.prepared, self.occupancy, plan, ChainMap(tentative, self.placements)
            )
            if placement is None:
                if coupled:
                    self._undo_add(tentative)
                    return False
                continue
            tentative[request_id] = placement
            self.occupancy.add(placement)
            self.ledger.apply(request_id, placement.instrument, placement.shifts)
        if tentative and self._lowers_violation(before):
            self.placements.update(tentative)
            return True
        self._undo_add(tentative)
        return False

    def _undo_add(self, tentative: dict[str, Placement]) -> None:
        for request_id, placement in tentative.items():
            self.occupancy.remove(placement)
            self.ledger.apply(request_id, placement.instrument, -placement.shifts)

    def _try_withdraw(self, requests: set[str]) -> bool:
        before = self._hard_violations()
        for request_id in requests:
            placement = self.placements[request_id]
            self.ledger.apply(request_id, placement.instrument, -placement.shifts)
        if self._lowers_violation(before):
            for request_id in requests:
                self.occupancy.remove(self.placements.pop(request_id))
            return True
        for request_id in requests:
            placement = self.placements[request_id]
            self.ledger.apply(request_id, placement.instrument, placement.shifts)
        return False

    def _with_dependants(self, requests: list[str]) -> set[str]:
        """The requests and every awarded request that must follow one of them, transitively,
        with the coupled siblings of each."""
        index = self.prepared.index
        chosen: set[str] = set()
        pending = list(requests)
        while pending:
            request_id = pending.pop()
            if request_id in chosen or request_id not in self.placements:
                continue
            chosen.add(request_id)
            proposal = index.proposal_of[request_id]
            if proposal.coupled:
                pending.extend(r.id for r in proposal.requests)
            pending.extend(p.after for p in index.precedences_before.get(request_id, ()))
        return chosen

    def _hard_violations(self) -> dict[str, int]:
        return {policy: self.ledger.violations[policy] for policy in self.hard}

    def _lowers_violation(self, before: dict[str, int]) -> bool:
        """Whether the total hard violation fell and no hard policy that held broke."""
        after = self._hard_violations()
        scales = self.ledger.scales
        if any(
            before[p] * 10**6 <= scales[p] < after[p] * 10**6 for p in self.hard
        ):  # a policy within the hard tolerance (1e-6 shifts) would break
            return False
        change = sum((after[p] - before[p]) / scales[p] for p in self.hard)
        return change < 0
