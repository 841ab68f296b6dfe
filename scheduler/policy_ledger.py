"""Running policy rows of an allocation, updated one award at a time.

Heuristics and explanations ask "what if this request got n more shifts here?"
thousands of times; recomputing every policy from scratch would be quadratic.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from scheduler.allocation import Allocation
from scheduler.evaluation import exact
from scheduler.policy_rows import PolicyRow
from scheduler.prepare import PreparedInstance

HARD_TOLERANCE = Fraction(1, 10**6)


@dataclass(frozen=True)
class PolicyChange:
    """A policy's violation before and after a change, in shifts."""

    policy: str
    before: Fraction
    after: Fraction


class PolicyLedger:
    """Row values of every policy for the current allocation."""

    def __init__(
        self, prepared: PreparedInstance, rows: dict[str, list[PolicyRow]], allocation: Allocation
    ) -> None:
        self.prepared = prepared
        self.rows = rows
        self.values = {
            policy: [row.value(prepared.index, allocation.awards()) for row in policy_rows]
            for policy, policy_rows in rows.items()
        }
        self.modes = {p.id: p.mode for p in prepared.instance.policies}
        self.weights = {p.id: exact(p.weight) for p in prepared.instance.policies}

    def violation(self, policy: str) -> Fraction:
        """The policy's current violation, in shifts."""
        return sum((max(Fraction(0), v) for v in self.values[policy]), Fraction(0))

    def changes(self, request_id: str, instrument: str, shifts: int) -> list[PolicyChange]:
        """How each affected policy's violation would move if the request got `shifts` more."""
        proposal = self.prepared.index.proposal_of[request_id].id
        facility = self.prepared.index.facility_of[instrument]
        changes = []
        for policy, policy_rows in self.rows.items():
            before = after = Fraction(0)
            touched = False
            for row, value in zip(policy_rows, self.values[policy], strict=True):
                coefficient = row.coefficient(proposal, facility)
                touched = touched or bool(coefficient)
                before += max(Fraction(0), value)
                after += max(Fraction(0), value + coefficient * shifts)
            if touched:
                changes.append(PolicyChange(policy, before, after))
        return changes

    def apply(self, request_id: str, instrument: str, shifts: int) -> None:
        """Record that the request got `shifts` more (negative: fewer) on `instrument`."""
        proposal = self.prepared.index.proposal_of[request_id].id
        facility = self.prepared.index.facility_of[instrument]
        for policy, policy_rows in self.rows.items():
            values = self.values[policy]
            for number, row in enumerate(policy_rows):
                coefficient = row.coefficient(proposal, facility)
                if coefficient:
                    values[number] += coefficient * shifts

    def hard_policies_hold(self, changes: list[PolicyChange]) -> bool:
        """Whether every hard policy stays within tolerance after the changes."""
        return all(
            change.after <= HARD_TOLERANCE
            for change in changes
            if self.modes[change.policy] == "hard"
        )

    def penalty_change(self, changes: list[PolicyChange]) -> Fraction:
        """Change of the soft penalty (weight * violation), in objective units."""
        return sum(
            (
                self.weights[c.policy] * (c.after - c.before)
                for c in changes
                if self.modes[c.policy] == "soft"
            ),
            Fraction(0),
        )
