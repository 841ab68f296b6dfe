"""Running policy rows of an allocation, updated one award at a time.

Heuristics and explanations ask "what if this request got n more shifts here?"
thousands of times; recomputing every policy from scratch would be quadratic, so
the ledger keeps every row's value and each policy's violation, and touches only
the rows a (proposal, facility) pair has a coefficient in. Values are kept as
integers at a per-policy scale (the common denominator of its coefficients), which
is exact and an order of magnitude faster than fractions.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from scheduler.allocation import Allocation
from scheduler.evaluation import exact
from scheduler.policy_matrix import policy_matrix
from scheduler.policy_rows import PolicyRow
from scheduler.prepare import PreparedInstance

HARD_TOLERANCE = Fraction(1, 10**6)

Touched = dict[str, list[tuple[int, int]]]
"""Policy id -> (row number, scaled coefficient) for the rows a (proposal, facility) moves."""


@dataclass(frozen=True)
class PolicyChange:
    """A policy's violation before and after a change: integers at the policy's scale."""

    policy: str
    scaled_before: int
    scaled_after: int
    scale: int

    @property
    def before(self) -> Fraction:
        """Violation before the change, in shifts."""
        return Fraction(self.scaled_before, self.scale)

    @property
    def after(self) -> Fraction:
        """Violation after the change, in shifts."""
        return Fraction(self.scaled_after, self.scale)

    def holds_when_hard(self) -> bool:
        """Whether the violation after the change is within the hard tolerance (1e-6)."""
        return self.scaled_after * 10**6 <= self.scale


class PolicyLedger:
    """Row values and violations of every policy for the current allocation."""

    def __init__(
        self, prepared: PreparedInstance, rows: dict[str, list[PolicyRow]], allocation: Allocation
    ) -> None:
        self.prepared = prepared
        self.rows = rows
        self.matrix = policy_matrix(prepared.index, rows)
        self.scales = self.matrix.scales
        self.values = {
            policy: [row.constant for row in scaled] for policy, scaled in self.matrix.rows.items()
        }
        index = prepared.index
        for request_id, placement in allocation.placements.items():
            proposal = index.proposal_of[request_id].id
            facility = index.facility_of[placement.instrument]
            for policy, entries in self.matrix.rows_moved_by(proposal, facility).items():
                values = self.values[policy]
                for number, coefficient in entries:
                    values[number] += coefficient * placement.shifts
        self.violations = {
            policy: sum(max(0, v) for v in values) for policy, values in self.values.items()
        }
        self.modes = {p.id: p.mode for p in prepared.instance.policies}
        self.weights = {p.id: exact(p.weight) for p in prepared.instance.policies}

    def violation(self, policy: str) -> Fraction:
        """The policy's current violation, in shifts."""
        return Fraction(self.violations[policy], self.scales[policy])

    def changes(self, request_id: str, instrument: str, shifts: int) -> list[PolicyChange]:
        """How each affected policy's violation would move if the request got `shifts` more."""
        changes = []
        for policy, entries in self._rows_moved_by(request_id, instrument).items():
            values = self.values[policy]
            before = self.violations[policy]
            after = before
            for number, coefficient in entries:
                value = values[number]
                after += max(0, value + coefficient * shifts) - max(0, value)
            changes.append(PolicyChange(policy, before, after, self.scales[policy]))
        return changes

    def apply(self, request_id: str, instrument: str, shifts: int) -> None:
        """Record that the request got `shifts` more (negative: fewer) on `instrument`."""
        for policy, entries in self._rows_moved_by(request_id, instrument).items():
            values = self.values[policy]
            for number, coefficient in entries:
                old = values[number]
                values[number] = old + coefficient * shifts
                self.violations[policy] += max(0, values[number]) - max(0, old)

    def changes_hold(self, policy: str) -> bool:
        """Whether the policy's current violation is within the hard tolerance (1e-6)."""
        return self.violations[policy] * 10**6 <= self.scales[policy]

    def lowers_a_broken_row(self, request_id: str, broken: set[str]) -> bool:
        """Whether giving the request `min_shifts` more on some alternative would lower the
        total violation (shifts) of one of the `broken` policies: a cheap filter for what
        could repair them. The policy's rows are netted, so a row that falls while it is
        satisfied mends nothing and does not count."""
        plan = self.prepared.plans[request_id]
        return any(
            change.policy in broken and change.scaled_after < change.scaled_before
            for window in plan.windows
            for change in self.changes(request_id, window.instrument, plan.request.min_shifts)
        )

    def hard_policies_hold(self, changes: list[PolicyChange]) -> bool:
        """Whether every hard policy stays within tolerance after the changes."""
        return all(
            change.holds_when_hard() for change in changes if self.modes[change.policy] == "hard"
        )

    def penalty_change(self, changes: list[PolicyChange]) -> Fraction:
        """Change of the soft penalty (weight * violation), in objective units."""
        return sum(
            (
                self.weights[c.policy] * Fraction(c.scaled_after - c.scaled_before, c.scale)
                for c in changes
                if self.modes[c.policy] == "soft"
            ),
            Fraction(0),
        )

    def _rows_moved_by(self, request_id: str, instrument: str) -> Touched:
        proposal = self.prepared.index.proposal_of[request_id].id
        return self.matrix.rows_moved_by(proposal, self.prepared.index.facility_of[instrument])
