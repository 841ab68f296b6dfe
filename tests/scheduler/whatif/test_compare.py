"""Country gains and changed decisions between two solutions of one round."""

from __future__ import annotations

from fractions import Fraction

from scheduler.whatif.compare import (
    country_gains,
    country_shifts,
    decision_changes,
    value_under,
)
from tests.scheduler.factories import assignment, decision, reciprocity_policy, solution
from tests.scheduler.whatif.rounds import exchange_round


def test_country_time_counts_every_facility_by_proposal_shares() -> None:
    round_ = exchange_round()
    allocation = solution(
        [assignment("P-1/a", "INP-1", (0, 4)), assignment("P-2/a", "NICA-1", (0, 2))]
    )
    assert country_shifts(round_, allocation) == {
        "RU": Fraction(4),
        "KZ": Fraction(2),
        "CN": Fraction(0),
    }


def test_gains_and_losses_are_the_difference_per_country() -> None:
    round_ = exchange_round()
    before = solution([assignment("P-1/a", "INP-1", (0, 4))])
    after = solution([assignment("P-1/a", "INP-1", (0, 1)), assignment("P-2/a", "NICA-1", (0, 2))])
    assert country_gains(round_, before, after) == {"RU": Fraction(-3), "KZ": Fraction(2)}


def test_a_decision_changes_when_its_outcome_or_its_shifts_change() -> None:
    round_ = exchange_round()
    before = solution(
        [assignment("P-1/a", "INP-1", (0, 4)), assignment("P-2/a", "NICA-1", (0, 2))],
        [decision("P-1", "awarded"), decision("P-2", "awarded"), decision("P-3", "rejected")],
    )
    after = solution(
        [assignment("P-1/a", "INP-1", (0, 3))],
        [decision("P-1", "partial"), decision("P-2", "rejected"), decision("P-3", "rejected")],
    )
    changes = decision_changes(round_, before, after)
    assert [(c.proposal, c.before, c.after, c.shifts_before, c.shifts_after) for c in changes] == [
        ("P-1", "awarded", "partial", 4, 3),
        ("P-2", "awarded", "rejected", 2, 0),
    ]


def test_an_allocation_that_holds_the_edited_policies_keeps_its_value_under_them() -> None:
    allocation = solution([assignment("P-1/a", "INP-1", (0, 4))], objective=40.0)
    tolerant = exchange_round(reciprocity_policy("RU-KZ", countries=["RU", "KZ"], tolerance=5))
    assert value_under(tolerant, allocation) == Fraction(40)


def test_an_allocation_that_breaks_a_hard_edited_policy_has_no_value_under_it() -> None:
    allocation = solution([assignment("P-1/a", "INP-1", (0, 4))], objective=40.0)
    strict = exchange_round(reciprocity_policy("RU-KZ", countries=["RU", "KZ"], tolerance=1))
    assert value_under(strict, allocation) is None


def test_a_soft_edited_policy_costs_its_penalty() -> None:
    allocation = solution([assignment("P-1/a", "INP-1", (0, 4))], objective=40.0)
    soft = exchange_round(
        reciprocity_policy("RU-KZ", countries=["RU", "KZ"], tolerance=1, mode="soft", weight=2)
    )
    assert value_under(soft, allocation) == Fraction(40 - 2 * 3)
