"""Reasons for every request that got less than it asked, each checked true before it is given.

The codes and their truth conditions are the format's ("Reasons"); for a partial
award, "min_shifts" reads as one more shift than the request got. A request gets
every specific reason that holds (unplaceable alone when it applies, since
nothing else matters then), and `objective` only when none does.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from models.exchange import (
    CapacityReason,
    ObjectiveReason,
    OutrankedReason,
    PolicyReason,
    PrecedenceReason,
    Reason,
    UnplaceableReason,
)
from scheduler.allocation import Allocation
from scheduler.evaluation import exact
from scheduler.explain.room import RoomFinder
from scheduler.explain.wording import Wording
from scheduler.policy_ledger import HARD_TOLERANCE, PolicyLedger
from scheduler.policy_rows import PolicyRow
from scheduler.prepare import PreparedInstance, RequestPlan


@dataclass
class Explainer:
    """Finds the true reasons of one allocation."""

    prepared: PreparedInstance
    allocation: Allocation
    rows: dict[str, list[PolicyRow]]

    def __post_init__(self) -> None:
        self.rooms = RoomFinder(self.prepared, self.allocation)
        self.ledger = PolicyLedger(self.prepared, self.rows, self.allocation)
        self.wording = Wording(self.prepared)
        self._lowest_scores = _blocks_by_instrument(self.prepared, self.allocation)

    def reasons(self, plan: RequestPlan) -> list[Reason]:
        """The request's own reasons (without `coupled`, which needs its siblings')."""
        got = self.allocation.awarded_shifts(plan.id)
        needed = got + 1 if got else plan.request.min_shifts
        alone = {w.instrument: w.capacity for w in plan.all_windows}
        if all(shifts < needed for shifts in alone.values()):
            return [
                UnplaceableReason(
                    code="unplaceable",
                    request=plan.id,
                    message=self.wording.unplaceable(plan, needed, alone),
                )
            ]
        found: list[Reason] = []
        missing_before = self._missing_before(plan)
        if missing_before is not None:
            found.append(
                PrecedenceReason(
                    code="precedence",
                    request=plan.id,
                    before=missing_before,
                    message=self.wording.precedence(plan, missing_before),
                )
            )
        rooms = {i: self.rooms.room(plan, i) for i in plan.request.instruments}
        with_room = [i for i, shifts in rooms.items() if shifts >= needed]
        outranked = self._cutoff(plan)
        if not with_room:
            found.append(
                CapacityReason(
                    code="capacity",
                    request=plan.id,
                    instruments=plan.request.instruments,
                    message=self.wording.capacity(plan, needed, rooms),
                )
            )
        else:
            policy = self._blocking_policy(plan, got, needed, with_room)
            if policy is not None:
                found.append(
                    PolicyReason(
                        code="policy",
                        request=plan.id,
                        policy=policy,
                        message=self.wording.policy(plan, needed, policy, self.ledger),
                    )
                )
        if outranked is not None and (not with_room or not found):
            found.append(
                OutrankedReason(
                    code="outranked",
                    request=plan.id,
                    cutoff_score=outranked,
                    message=self.wording.outranked(plan, outranked),
                )
            )
        return found

    def objective_reason(self, plan: RequestPlan) -> Reason:
        """The last resort: awarding more here would lower the objective."""
        got = self.allocation.awarded_shifts(plan.id)
        return ObjectiveReason(
            code="objective",
            request=plan.id,
            message=self.wording.objective(plan, got, self.allocation),
        )

    def _missing_before(self, plan: RequestPlan) -> str | None:
        for precedence in self.prepared.precedences_of(plan.id):
            if precedence.before not in self.allocation.placements:
                return precedence.before
        return None

    def _cutoff(self, plan: RequestPlan) -> float | None:
        """Lowest score of other proposals holding the alternatives in the window, if >= own."""
        lowest: float | None = None
        release, deadline = plan.request.release, plan.request.deadline
        for instrument in plan.request.instruments:
            blocks = self._lowest_scores.get(instrument)
            if blocks is None:
                continue
            overlapping = (
                (blocks.starts < deadline)
                & (blocks.ends > release)
                & (blocks.proposals != blocks.number[plan.proposal.id])
            )
            if overlapping.any():
                score = float(blocks.scores[overlapping].min())
                lowest = score if lowest is None else min(lowest, score)
        if lowest is None or exact(lowest) < exact(plan.proposal.score):
            return None
        return lowest

    def _blocking_policy(
        self, plan: RequestPlan, got: int, needed: int, with_room: list[str]
    ) -> str | None:
        """A policy whose violation rises wherever the request has room (hard: above 1e-6).

        The trial replaces the request's own award by `needed` shifts on each
        alternative with room, every other award unchanged.
        """
        current = {policy: self.ledger.violation(policy) for policy in self.rows}
        own = self.allocation.placements.get(plan.id)
        if own is not None:
            self.ledger.apply(plan.id, own.instrument, -got)
        rising: dict[str, Fraction] | None = None
        try:
            for instrument in with_room:
                raised: dict[str, Fraction] = {}
                for change in self.ledger.changes(plan.id, instrument, needed):
                    if self.ledger.modes[change.policy] == "hard":
                        if change.after > HARD_TOLERANCE:
                            raised[change.policy] = change.after
                    elif change.after > current[change.policy]:
                        raised[change.policy] = change.after - current[change.policy]
                rising = (
                    raised
                    if rising is None
                    else {p: max(v, raised[p]) for p, v in rising.items() if p in raised}
                )
                if not rising:
                    return None
        finally:
            if own is not None:
                self.ledger.apply(plan.id, own.instrument, got)
        if not rising:
            return None
        return max(sorted(rising), key=lambda policy: rising[policy])


@dataclass(frozen=True)
class _Blocks:
    """Every awarded block of one instrument as arrays, so that the blocks overlapping a
    window are found in one vectorised pass (a loop per request was quadratic at scale)."""

    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    proposals: npt.NDArray[np.int64]
    scores: npt.NDArray[np.float64]
    number: dict[str, int]
    """Proposal id -> the number `proposals` holds for it (shared by every instrument)."""


def _blocks_by_instrument(prepared: PreparedInstance, allocation: Allocation) -> dict[str, _Blocks]:
    """Start, end, proposal and score of every awarded block, by instrument."""
    numbers = {p.id: n for n, p in enumerate(prepared.instance.proposals)}
    rows: dict[str, list[tuple[int, int, int, float]]] = {}
    for request_id, placement in allocation.placements.items():
        proposal = prepared.plans[request_id].proposal
        for start, length in placement.blocks:
            rows.setdefault(placement.instrument, []).append(
                (start, start + length, numbers[proposal.id], proposal.score)
            )
    return {
        instrument: _Blocks(
            starts=np.array([b[0] for b in blocks], dtype=np.int64),
            ends=np.array([b[1] for b in blocks], dtype=np.int64),
            proposals=np.array([b[2] for b in blocks], dtype=np.int64),
            scores=np.array([b[3] for b in blocks], dtype=np.float64),
            number=numbers,
        )
        for instrument, blocks in rows.items()
    }
