"""A re-plan's terms of the objective, and its solution document read back from the remaining round.

The engine searches the remaining round (`remaining.py`); `Revision` adds what the
remaining round does not see: the delivered value, the change penalty, the rules its
relaxation leaves out (`admit`), and, when the solution is written, `changed` and the
decisions of the whole round (outcomes compare delivered plus new time with `shifts`).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from models.exchange import Decision
from scheduler.allocation import Allocation
from scheduler.replan.baseline import BaselineStart
from scheduler.replan.kept import change_penalty, changed_blocks
from scheduler.replan.remaining import RemainingRound


@dataclass(frozen=True)
class Revision:
    """The re-plan's objective terms over allocations of the remaining round."""

    remaining: RemainingRound
    start: BaselineStart

    def admit(self, allocation: Allocation) -> Allocation | None:
        """The allocation without blocks the re-plan forbids, or None (see `RemainingRound`)."""
        return self.remaining.admits(allocation)

    def changed(self, allocation: Allocation) -> int:
        """The baseline blocks `allocation` does not keep."""
        revision = {r: (p.instrument, p.blocks) for r, p in allocation.placements.items()}
        return changed_blocks(self.remaining.replan, revision)

    def adjustment(self, allocation: Allocation) -> Fraction:
        """Delivered value minus change_weight per baseline block not kept."""
        penalty = change_penalty(self.remaining.replan, self.changed(allocation))
        return self.remaining.delivered_value - penalty

    @property
    def bound_offset(self) -> Fraction:
        """Delivered value minus change_weight per block that no revision can keep."""
        penalty = change_penalty(self.remaining.replan, len(self.start.impossible))
        return self.remaining.delivered_value - penalty

    def decisions(self, decisions: list[Decision], allocation: Allocation) -> list[Decision]:
        """Decisions for every proposal of the whole round, outcomes from delivered + new time.

        Reasons come from the remaining round unchanged; a proposal whose every request was
        fully delivered is awarded.
        """
        by_proposal = {decision.proposal: decision for decision in decisions}
        delivered = {item.request: item.shifts for item in self.remaining.replan.delivered}
        result = []
        for proposal in self.remaining.original.proposals:
            got = [
                delivered.get(r.id, 0) + allocation.awarded_shifts(r.id) for r in proposal.requests
            ]
            full = all(g >= r.shifts for g, r in zip(got, proposal.requests, strict=True))
            outcome = "awarded" if full else "partial" if any(got) else "rejected"
            reasons = by_proposal[proposal.id].reasons if proposal.id in by_proposal else ()
            result.append(Decision(proposal=proposal.id, outcome=outcome, reasons=reasons))
        return result
