"""What the checker finds: breaches, and the exact figures it recomputed."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from scheduler.checking.breaches import Breach


@dataclass(frozen=True)
class CheckReport:
    """The outcome of checking a solution against its instance.

    Attributes:
        breaches: every rule the solution breaks, in the order the rules are checked.
        objective: the format's objective of the solution's awards, recomputed exactly.
        violations: each policy's violation in shifts, recomputed exactly, by policy id.
    """

    breaches: list[Breach]
    objective: Fraction
    violations: dict[str, Fraction]

    @property
    def valid(self) -> bool:
        """True when the solution breaks no rule."""
        return not self.breaches
