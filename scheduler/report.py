"""Figures a coordinator reads after a solve: outcomes, utilisation, country balances."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fractions import Fraction

from models.exchange import Instance, Solution
from scheduler.evaluation import (
    Award,
    contribution_balance,
    exact,
    reciprocity_balance,
)
from scheduler.index import InstanceIndex
from scheduler.returns import return_coefficients


@dataclass(frozen=True)
class InstrumentUse:
    """Awarded shifts against open instrument-shifts (capacity counted)."""

    instrument: str
    awarded: int
    open: int

    @property
    def utilisation(self) -> float:
        """Awarded / open (0 when nothing is open)."""
        return self.awarded / self.open if self.open else 0.0


@dataclass(frozen=True)
class MemberReturn:
    """A member's time under a contribution policy against its entitlement.

    `return_coefficient` = (share of member time) / (share of contribution), cumulative
    with the policy's `history` (what the policy holds); `round_return_coefficient` the
    same for this round alone; both as `scheduler.returns` computes them, graded by its
    `BANDS`. `time` and `entitlement` are cumulative too.
    """

    policy: str
    country: str
    time: float
    entitlement: float
    return_coefficient: float | None
    round_return_coefficient: float | None


@dataclass(frozen=True)
class ReciprocityFigures:
    """G(A), G(B), the balance G(B) - ratio * G(A), the tolerance and the violation."""

    policy: str
    countries: tuple[str, str]
    received: tuple[float, float]
    balance: float
    tolerance: float
    violation: float


@dataclass(frozen=True)
class SolutionReport:
    """Everything the closing summary shows."""

    outcomes: dict[str, int]
    instruments: list[InstrumentUse]
    returns: list[MemberReturn]
    reciprocity: list[ReciprocityFigures]


def report_solution(instance: Instance, solution: Solution) -> SolutionReport:
    """Compute the report of a solution (which should have passed the checker)."""
    index = InstanceIndex(instance)
    # A re-plan's delivered time is part of the round: it counts in every balance.
    delivered = [
        Award(item.request, item.instrument, item.shifts)
        for item in (instance.replan.delivered if instance.replan else ())
    ]
    new = [Award(a.request, a.instrument, a.awarded_shifts) for a in solution.assignments]
    awards = delivered + new
    outcomes = Counter(decision.outcome for decision in solution.decisions)
    awarded_on = Counter[str]()
    for award in new:
        awarded_on[award.instrument] += award.shifts
    instruments = [
        InstrumentUse(
            i.id,
            awarded_on[i.id],
            i.capacity * (instance.round.n_shifts - len(index.closed_shifts(i.id))),
        )
        for i in instance.instruments
    ]
    returns = []
    for policy in index.contribution_policies:
        balance = contribution_balance(index, policy, awards)
        coefficients = return_coefficients(index, policy, awards)
        for country, share in policy.shares.items():
            time = balance.time.get(country, Fraction(0))
            entitlement = exact(share) * balance.member_time
            returns.append(
                MemberReturn(
                    policy.id,
                    country,
                    float(time),
                    float(entitlement),
                    _float(coefficients[country].cumulative),
                    _float(coefficients[country].round_alone),
                )
            )
    violations = {p.id: p.violation for p in solution.policies}
    reciprocity = []
    for agreement in index.reciprocity_policies:
        figures = reciprocity_balance(index, agreement, awards)
        first, second = agreement.countries
        reciprocity.append(
            ReciprocityFigures(
                agreement.id,
                (first, second),
                (float(figures.received[first]), float(figures.received[second])),
                float(figures.balance),
                agreement.tolerance,
                violations.get(agreement.id, 0.0),
            )
        )
    return SolutionReport(
        {str(k): v for k, v in outcomes.items()}, instruments, returns, reciprocity
    )


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)
