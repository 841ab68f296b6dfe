"""Rule 6 of "What a valid award is": hard policies hold; and every violation is reported."""

from __future__ import annotations

from models.exchange import PolicyViolation, Solution
from scheduler.checking import check_solution
from tests.scheduler.checking.expectations import the_breach, the_only_breach
from tests.scheduler.checking.scenario import (
    scenario_assignments,
    scenario_instance,
    scenario_solution,
    with_assignments,
)
from tests.scheduler.factories import assignment, violation


def _with_policies(policies: list[PolicyViolation]) -> Solution:
    return scenario_solution().model_copy(update={"policies": tuple(policies)})


def test_hard_policies_hold() -> None:
    # CN's four shifts on ISCRA put non-members at NICA over 0.2 of the time.
    awards = [*scenario_assignments(), assignment("P-4/a", "ISCRA", (2, 4))]

    breach = the_breach(
        scenario_instance(), with_assignments(scenario_solution(), awards), "hard-policy"
    )

    assert breach.path == "assignments"
    assert "hard policy NICA-members is violated by 0.2 shifts" in breach.message
    assert "non-members get 4, above the cap 3.8" in breach.message


def test_reported_violation_matches_the_recomputed_one() -> None:
    corrupted = _with_policies([violation("NICA-members", 0.0), violation("RU-KZ", 3.0)])

    breach = the_only_breach(scenario_instance(), corrupted)

    assert breach.rule == "policy-violation-reported"
    assert breach.path == "policies[1].violation"
    assert "RU-KZ: the solution reports a violation of 3 shifts, the checker finds 4" in (
        breach.message
    )


def test_reported_violation_may_differ_within_one_millionth() -> None:
    # 4 + 4e-6 is within 1e-6 relative of 4.
    nearly = _with_policies([violation("NICA-members", 1e-7), violation("RU-KZ", 4.000004)])

    assert check_solution(scenario_instance(), nearly).valid


def test_every_policy_is_reported() -> None:
    corrupted = _with_policies([violation("NICA-members", 0.0)])

    breach = the_only_breach(scenario_instance(), corrupted)

    assert breach.rule == "policy-violation-reported"
    assert breach.path == "policies"
    assert "policy RU-KZ is missing" in breach.message


def test_every_policy_is_reported_once() -> None:
    corrupted = _with_policies(
        [violation("NICA-members", 0.0), violation("RU-KZ", 4.0), violation("RU-KZ", 4.0)]
    )

    breach = the_only_breach(scenario_instance(), corrupted)

    assert breach.rule == "policy-violation-reported"
    assert breach.path == "policies[2]"
    assert "RU-KZ is reported twice (first at policies[1])" in breach.message


def test_reported_policies_exist() -> None:
    corrupted = _with_policies(
        [violation("NICA-members", 0.0), violation("RU-KZ", 4.0), violation("RU-CN", 0.0)]
    )

    breach = the_only_breach(scenario_instance(), corrupted)

    assert breach.rule == "unknown-policy"
    assert breach.path == "policies[2].id"
    assert "'RU-CN' is not in the instance" in breach.message
