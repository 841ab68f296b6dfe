"""The price of a policy: a proven interval, exact when both solves are proven optimal."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.exchange import Instance
from scheduler.whatif.price import price_interval, without_policy
from tests.scheduler.engine.brute_force import best_objective
from tests.scheduler.engine.helpers import solved
from tests.scheduler.engine.test_properties import tiny_rounds
from tests.scheduler.factories import reciprocity_policy
from tests.scheduler.whatif.rounds import exchange_round

SETTINGS: Any = {
    "max_examples": 15,
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow],
    "derandomize": True,
}


def priced(round_with: Instance, policy_id: str) -> Any:
    round_without = without_policy(round_with, policy_id)
    return price_interval(
        policy_id,
        (round_with, solved(round_with)),
        (round_without, solved(round_without)),
    )


def test_a_binding_hard_policy_costs_the_difference_of_the_two_optima() -> None:
    round_with = exchange_round(reciprocity_policy("RU-KZ", countries=["RU", "KZ"], tolerance=1))
    price = priced(round_with, "RU-KZ")
    expected = best_objective(without_policy(round_with, "RU-KZ")) - best_objective(round_with)
    assert price.status == "exact"
    assert price.low == price.high == float(expected)
    assert expected > 0


def test_a_soft_policy_is_priced_against_the_round_at_weight_zero() -> None:
    policy = reciprocity_policy(
        "RU-KZ", countries=["RU", "KZ"], tolerance=1, mode="soft", weight=0.5
    )
    round_with = exchange_round(policy)
    price = priced(round_with, "RU-KZ")
    expected = best_objective(without_policy(round_with, "RU-KZ")) - best_objective(round_with)
    assert price.status == "exact"
    assert price.low == price.high == float(expected)


def test_a_policy_that_does_not_bind_costs_nothing() -> None:
    round_with = exchange_round(reciprocity_policy("RU-KZ", countries=["RU", "KZ"], tolerance=50))
    price = priced(round_with, "RU-KZ")
    assert (price.status, price.low, price.high) == ("exact", 0.0, 0.0)


@settings(**SETTINGS)
@given(tiny_rounds(), st.data())
def test_on_proven_rounds_the_price_is_exact_and_never_negative(
    round_with: Instance, data: st.DataObject
) -> None:
    if not round_with.policies:
        return
    policy_id = round_with.policies[0].id
    round_without = without_policy(round_with, policy_id)
    base, relaxed = solved(round_with, time_limit=3.0), solved(round_without, time_limit=3.0)
    if base.status == "infeasible":
        assert price_interval(policy_id, (round_with, base), (round_without, relaxed)).status == (
            "infeasible"
        )
        return
    price = price_interval(policy_id, (round_with, base), (round_without, relaxed))
    independent = best_objective(round_without) - best_objective(round_with)
    assert price.status == "exact"
    assert price.low == price.high
    assert price.low is not None
    assert abs(price.low - float(independent)) <= 1e-6
    assert price.low >= 0


def test_unproven_solves_give_an_interval_from_incumbents_and_bounds() -> None:
    round_with = exchange_round(reciprocity_policy("RU-KZ", countries=["RU", "KZ"], tolerance=1))
    round_without = without_policy(round_with, "RU-KZ")
    base, relaxed = solved(round_with), solved(round_without)
    assert base.objective is not None
    assert relaxed.objective is not None
    # As if both searches had stopped early with loose bounds.
    loose_base = base.model_copy(update={"status": "feasible", "bound": base.objective + 3})
    loose_relaxed = relaxed.model_copy(
        update={"status": "feasible", "bound": relaxed.objective + 5}
    )
    price = price_interval("RU-KZ", (round_with, loose_base), (round_without, loose_relaxed))
    true_price = relaxed.objective - base.objective
    assert price.status == "interval"
    assert price.low is not None
    assert price.high is not None
    assert price.low <= true_price <= price.high
    assert abs(price.low - max(0.0, true_price - 3)) <= 1e-6
    assert abs(price.high - (true_price + 5)) <= 1e-6


def test_the_base_allocation_counts_as_an_incumbent_without_the_policy() -> None:
    round_with = exchange_round(reciprocity_policy("RU-KZ", countries=["RU", "KZ"], tolerance=1))
    round_without = without_policy(round_with, "RU-KZ")
    base = solved(round_with)
    nothing_found = base.model_copy(
        update={"status": "unknown", "objective": None, "bound": None, "assignments": ()}
    )
    price = price_interval("RU-KZ", (round_with, base), (round_without, nothing_found))
    assert (price.status, price.low, price.high) == ("unknown", 0.0, None)


def test_a_round_infeasible_with_the_policy_reports_its_conflict_instead_of_a_price() -> None:
    owed = reciprocity_policy(
        "RU-KZ", countries=["RU", "KZ"], tolerance=0, credit={"RU": 30, "KZ": 0}
    )
    round_with = exchange_round(owed)
    round_without = without_policy(round_with, "RU-KZ")
    price = price_interval(
        "RU-KZ", (round_with, solved(round_with)), (round_without, solved(round_without))
    )
    assert price.status == "infeasible"
    assert (price.low, price.high) == (None, None)
    assert price.conflict == ("RU-KZ",)
