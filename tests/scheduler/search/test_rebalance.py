"""Greedy rebalancing brings broken hard policies back without breaking other award rules."""

from __future__ import annotations

from dataclasses import replace

from scheduler.allocation import Allocation
from scheduler.generator import GeneratorConfig, generate_instance
from scheduler.policy_ledger import PolicyLedger
from scheduler.policy_rows import all_policy_rows
from scheduler.prepare import PreparedInstance, prepare
from scheduler.search.greedy import greedy_allocation
from scheduler.search.rebalance import rebalance
from scheduler.search.validity import breaks_award_rules
from tests.scheduler.factories import instance, instrument, proposal, reciprocity_policy, request


def test_a_partner_owed_time_gets_it_from_its_best_proposals() -> None:
    # KZ is owed 4 shifts beyond the tolerance: only KZ's time at NICA (RU's) can pay it, and
    # RU's best proposal, at INP (KZ's), would deepen the debt.
    round_ = instance(
        [
            proposal(
                "RU-1", 9.0, [request("RU-1/a", ["KZ-I"], 4, deadline=10)], countries={"RU": 1.0}
            ),
            proposal(
                "KZ-1", 5.0, [request("KZ-1/a", ["RU-I"], 3, deadline=10)], countries={"KZ": 1.0}
            ),
            proposal(
                "KZ-2", 4.0, [request("KZ-2/a", ["RU-I"], 3, deadline=10)], countries={"KZ": 1.0}
            ),
        ],
        [instrument("RU-I", facility="NICA"), instrument("KZ-I", facility="INP")],
        n_shifts=10,
        policies=[
            reciprocity_policy(
                "RU-KZ", countries=["RU", "KZ"], tolerance=1, credit={"RU": 5.0, "KZ": 0.0}
            )
        ],
    )
    prepared = prepare(round_)
    rows = all_policy_rows(prepared.index)
    assert breaks_award_rules(prepared, Allocation())

    balanced = rebalance(prepared, rows, greedy_allocation(prepared))

    assert not breaks_award_rules(prepared, balanced)
    assert set(balanced.placements) == {"KZ-1/a", "KZ-2/a"}


def test_generated_rounds_with_broken_agreements_come_much_closer_to_valid() -> None:
    # Rank and cut breaks the hard contribution policy and the agreements (one of them
    # broken from the start); greedy moves remove most of the violation, and whatever is
    # left (a member with too little demand to reach its share) is the CP-SAT repair's.
    for seed in (1, 2, 3):
        prepared = prepare(
            generate_instance(
                GeneratorConfig(
                    seed=seed, proposals=300, instruments=12, policies="hard", owed_shifts=15
                )
            )
        )
        rows = all_policy_rows(prepared.index)
        start = greedy_allocation(prepared)
        before = PolicyLedger(prepared, rows, start)

        balanced = rebalance(prepared, rows, start)

        after = PolicyLedger(prepared, rows, balanced)
        total_before = sum(before.violation(p) for p in rows)
        total_after = sum(after.violation(p) for p in rows)
        assert total_after < total_before / 10
        assert balanced.placements
        assert not breaks_coupling_or_precedence(prepared, balanced)


def breaks_coupling_or_precedence(prepared: PreparedInstance, allocation: Allocation) -> bool:
    """The award rules other than policies (`breaks_award_rules` with no policies)."""
    without_policies = replace(
        prepared, instance=prepared.instance.model_copy(update={"policies": ()})
    )
    return breaks_award_rules(without_policies, allocation)
