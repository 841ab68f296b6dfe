"""What every rule of the checker reads: the instance, the solution and their exact figures."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

from models.exchange import Policy, Solution
from scheduler.checking.placements import Placements
from scheduler.evaluation import objective_value, policy_violations
from scheduler.index import InstanceIndex
from scheduler.replan.kept import change_penalty, changed_blocks

ALLOCATING_STATUSES = frozenset({"optimal", "feasible"})
"""Statuses that come with an allocation; `infeasible` and `unknown` carry none."""


@dataclass(frozen=True)
class CheckContext:
    """An instance and a solution for it, with the awards and exact figures of the solution."""

    index: InstanceIndex
    solution: Solution

    @cached_property
    def placements(self) -> Placements:
        """The awards the rules check (see `Placements.of`)."""
        return Placements.of(self.index, self.solution)

    @cached_property
    def violations(self) -> dict[str, Fraction]:
        """Each policy's violation in shifts, recomputed exactly, by policy id."""
        return policy_violations(self.index, self.placements.awards)

    @cached_property
    def changed(self) -> int | None:
        """With `replan`: the baseline blocks the solution does not keep; else None."""
        replan = self.index.instance.replan
        if replan is None:
            return None
        return changed_blocks(replan, self.placements.revision)

    @cached_property
    def objective(self) -> Fraction:
        """The format's objective of the awards, recomputed exactly (with `replan`: delivered
        time included, minus change_weight per baseline block not kept)."""
        value = objective_value(self.index, self.placements.awards, self.violations)
        replan = self.index.instance.replan
        if replan is not None and self.changed is not None:
            value -= change_penalty(replan, self.changed)
        return value

    @cached_property
    def policies(self) -> dict[str, Policy]:
        """The instance's policies by id."""
        return {policy.id: policy for policy in self.index.instance.policies}

    @property
    def allocates(self) -> bool:
        """True when the status says the solution is an allocation (`optimal` or `feasible`)."""
        return self.solution.status in ALLOCATING_STATUSES
