"""Country gains and changed decisions between two solutions of one round."""

from __future__ import annotations

from fractions import Fraction

from scheduler.whatif.compare import country_gains, country_shifts, decision_changes
from tests.scheduler.factories import assignment, decision, solution
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
