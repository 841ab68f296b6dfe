"""`check_solution` as a whole: a valid solution passes, and its figures are exact."""

from __future__ import annotations

from fractions import Fraction

from scheduler.checking import check_solution
from tests.scheduler.checking.scenario import (
    scenario_assignments,
    scenario_instance,
    scenario_solution,
    with_assignments,
)
from tests.scheduler.factories import assignment


def test_a_valid_solution_has_no_breaches() -> None:
    report = check_solution(scenario_instance(), scenario_solution())

    assert report.breaches == []
    assert report.valid


def test_objective_and_violations_match_a_hand_computation() -> None:
    # Awards: P-1/a 6 (score 5, RU), P-2/a 4 + P-2/b 4 (score 4, KZ 0.5 RU 0.5),
    # P-3/a 3 (score 3, KZ), P-5/a 2 (score 1, RU).
    # Award value: 5*6 + 4*(4+4) + 3*3 + 1*2 = 30 + 32 + 9 + 2 = 73.
    # NICA-members (hard), at NICA: T(RU) = 6 + 0.5*4 + 2 = 10, T(KZ) = 0.5*4 + 3 = 5,
    #   M = 15, N = 0; each member's entitlement 0.5*15 = 7.5, bounds [3.75, 11.25]:
    #   both inside, N <= 0.2*15: violation 0.
    # RU-KZ (soft, weight 4): G(RU) = T(RU, INP) + 0 = 0.5*4 = 2;
    #   G(KZ) = T(KZ, NICA) + 3 = 5 + 3 = 8; balance 8 - 1*2 = 6; violation 6 - 2 = 4.
    # Objective: 73 - 4*4 = 57.
    report = check_solution(scenario_instance(), scenario_solution())

    assert report.violations == {"NICA-members": Fraction(0), "RU-KZ": Fraction(4)}
    assert report.objective == Fraction(57)


def test_a_contribution_violation_is_exact() -> None:
    # Adding P-4/a (CN) on ISCRA for 4 shifts: at NICA, M = 15 and N = 4, and
    # non-members may have 0.2*(15 + 4) = 3.8, so NICA-members is missed by 4 - 3.8 = 1/5.
    # P-4/a adds 2*4 = 8 to the award value and touches no RU-KZ figure: 57 + 8 = 65.
    awards = [*scenario_assignments(), assignment("P-4/a", "ISCRA", (2, 4))]

    report = check_solution(scenario_instance(), with_assignments(scenario_solution(), awards))

    assert report.violations["NICA-members"] == Fraction(1, 5)
    assert report.objective == Fraction(65)
