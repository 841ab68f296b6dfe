"""The reported objective and bound against the recomputed objective (57 in the scenario)."""

from __future__ import annotations

from typing import Any

from models.exchange import Solution
from scheduler.checking import check_solution
from tests.scheduler.checking.expectations import the_only_breach
from tests.scheduler.checking.scenario import scenario_instance, scenario_solution


def _changed(**changes: Any) -> Solution:
    return scenario_solution().model_copy(update=changes)


def test_reported_objective_matches_the_recomputed_one() -> None:
    breach = the_only_breach(scenario_instance(), _changed(objective=56.0))

    assert breach.rule == "objective-reported"
    assert breach.path == "objective"
    assert "reports an objective of 56, the checker finds 57" in breach.message


def test_reported_objective_may_differ_within_one_millionth_relative() -> None:
    assert check_solution(scenario_instance(), _changed(objective=57.00005)).valid


def test_a_feasible_solution_reports_its_objective() -> None:
    breach = the_only_breach(scenario_instance(), _changed(objective=None))

    assert breach.rule == "objective-reported"
    assert "must report its objective (the checker finds 57)" in breach.message


def test_bound_is_not_below_the_objective() -> None:
    breach = the_only_breach(scenario_instance(), _changed(bound=50.0))

    assert breach.rule == "bound"
    assert breach.path == "bound"
    assert "the bound 50 is below the objective 57" in breach.message


def test_an_optimal_solution_has_a_bound_equal_to_its_objective() -> None:
    breach = the_only_breach(scenario_instance(), _changed(status="optimal", bound=60.0))

    assert breach.rule == "bound"
    assert "bound 60 differs from its objective 57" in breach.message


def test_an_optimal_solution_gives_its_bound() -> None:
    breach = the_only_breach(scenario_instance(), _changed(status="optimal", bound=None))

    assert breach.rule == "bound"
    assert "must give its bound" in breach.message


def test_an_optimal_solution_with_its_bound_is_valid() -> None:
    assert check_solution(scenario_instance(), _changed(status="optimal", bound=57.0)).valid
