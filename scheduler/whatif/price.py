"""The price of a policy: the objective lost by holding it, as a proven interval.

For a maximisation every solve gives `incumbent <= optimum <= bound`. With `opt_with`
the best objective of the round and `opt_without` the best with the policy removed
(a soft policy at weight zero is the same round: its penalty is its only effect),
the price `opt_without - opt_with` lies in

    [incumbent_without - bound_with,  bound_without - incumbent_with]

and is never negative, since removing a rule or a penalty cannot lower the optimum.
Two facts tighten the ends soundly: the base allocation is valid without the
policy too, so its value there is an incumbent of the relaxed round; and
`opt_with <= opt_without <= bound_without`, so `min(bound_with, bound_without)`
bounds the base. Both solves proven optimal make the interval a single number.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from models.exchange import Instance, Solution
from scheduler.evaluation import Award, objective_value
from scheduler.index import InstanceIndex

PriceStatus = Literal["exact", "interval", "infeasible", "unknown"]
"""`exact`: both solves optimal; `interval`: proven ends that differ; `infeasible`: the
round with the policy has no valid allocation (see `conflict`); `unknown`: no upper end."""


@dataclass(frozen=True)
class PolicyPrice:
    """The objective lost by holding `policy`, in the objective's units (score-shifts).

    `[low, high]` is proven to contain the true price (`high` None: no proven upper
    end); `estimate` is the LP-dual estimate, not proven.
    """

    policy: str
    low: float | None
    high: float | None
    estimate: float | None
    status: PriceStatus
    conflict: tuple[str, ...] | None = None


def without_policy(instance: Instance, policy_id: str) -> Instance:
    """The round with one policy removed (unknown ids leave it unchanged)."""
    return instance.model_copy(
        update={"policies": tuple(p for p in instance.policies if p.id != policy_id)}
    )


def exact_objective(instance: Instance, solution: Solution) -> Fraction | None:
    """The solution's objective recomputed exactly, or None when it has no allocation."""
    if solution.objective is None:
        return None
    return objective_value(InstanceIndex(instance), awards_of(solution))


def awards_of(solution: Solution) -> list[Award]:
    """The solution's awards: shifts per request and instrument."""
    return [Award(a.request, a.instrument, a.awarded_shifts) for a in solution.assignments]


def price_interval(
    policy_id: str,
    base: tuple[Instance, Solution],
    relaxed: tuple[Instance, Solution],
    estimate: float | None = None,
) -> PolicyPrice:
    """The proven price interval of `policy_id` from a solve with it and one without it.

    Args:
        policy_id: the policy priced.
        base: the round and its solution (every policy held).
        relaxed: the round without the policy and its solution.
        estimate: the LP-dual estimate to report beside the interval.
    """
    base_instance, base_solution = base
    relaxed_instance, relaxed_solution = relaxed
    if base_solution.status == "infeasible":
        return PolicyPrice(
            policy_id, None, None, estimate, "infeasible", base_solution.conflict or ()
        )
    incumbent_with = exact_objective(base_instance, base_solution)
    # The base allocation breaks no rule of the relaxed round, so it is one of its incumbents.
    relaxed_candidates = [
        value
        for value in (
            exact_objective(relaxed_instance, relaxed_solution),
            exact_objective(relaxed_instance, base_solution),
        )
        if value is not None
    ]
    incumbent_without = max(relaxed_candidates, default=None)
    if base_solution.status == "optimal" and relaxed_solution.status == "optimal":
        assert incumbent_with is not None
        assert incumbent_without is not None
        price = float(max(Fraction(0), incumbent_without - incumbent_with))
        return PolicyPrice(policy_id, price, price, estimate, "exact")
    bound_without = _bound(relaxed_solution)
    bound_with = min(
        (b for b in (_bound(base_solution), bound_without) if b is not None), default=None
    )
    low = 0.0
    if incumbent_without is not None and bound_with is not None:
        low = max(low, _float_down(incumbent_without - bound_with))
    high = (
        _float_up(bound_without - incumbent_with)
        if bound_without is not None and incumbent_with is not None
        else None
    )
    status: PriceStatus = "interval" if high is not None else "unknown"
    return PolicyPrice(policy_id, low, None if high is None else max(low, high), estimate, status)


def _bound(solution: Solution) -> Fraction | None:
    """The solution's bound, raised by one unit in the last place of its float.

    The engine writes its exact bound as the nearest float, which may lie half a
    unit below it; the raised value is a bound for certain.
    """
    bound = solution.objective if solution.status == "optimal" else solution.bound
    if bound is None:
        return None
    return Fraction(bound) + Fraction(math.ulp(bound))


def _float_down(value: Fraction) -> float:
    """The largest float not above `value`, so a lower end stays a lower end."""
    nearest = float(value)
    return nearest if Fraction(nearest) <= value else math.nextafter(nearest, -math.inf)


def _float_up(value: Fraction) -> float:
    """The smallest float not below `value`, so an upper end stays an upper end."""
    nearest = float(value)
    return nearest if Fraction(nearest) >= value else math.nextafter(nearest, math.inf)
