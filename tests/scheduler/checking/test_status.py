"""The solution's round and status against the instance and the solution's contents."""

from __future__ import annotations

from typing import Any

from models.exchange import Solution
from scheduler.checking import check_solution
from tests.scheduler.checking.expectations import the_only_breach
from tests.scheduler.checking.scenario import scenario_instance, scenario_solution


def _changed(**changes: Any) -> Solution:
    return scenario_solution().model_copy(update=changes)


def _without_allocation(**changes: Any) -> Solution:
    return _changed(
        assignments=(), decisions=(), policies=(), objective=None, bound=None, **changes
    )


def test_round_is_the_instance_round() -> None:
    breach = the_only_breach(scenario_instance(), _changed(round="2026-II"))

    assert breach.rule == "round"
    assert breach.path == "round"
    assert "round '2026-II', the instance is round '2027-T'" in breach.message


def test_an_infeasible_solution_has_no_assignments() -> None:
    breach = the_only_breach(
        scenario_instance(), _changed(status="infeasible", conflict=("NICA-members",))
    )

    assert breach.rule == "status"
    assert breach.path == "assignments"
    assert "the status is infeasible, but the solution has 5 assignments" in breach.message


def test_an_unknown_solution_has_no_assignments() -> None:
    breach = the_only_breach(scenario_instance(), _changed(status="unknown"))

    assert breach.rule == "status"
    assert "the status is unknown" in breach.message


def test_an_infeasible_solution_names_its_conflict() -> None:
    breach = the_only_breach(scenario_instance(), _without_allocation(status="infeasible"))

    assert breach.rule == "status"
    assert breach.path == "conflict"
    assert "must name, in `conflict`" in breach.message


def test_conflict_names_hard_rules_of_the_instance() -> None:
    # RU-KZ is soft: it cannot be part of a conflict between hard rules.
    conflict = ("NICA-members", "P-2/a->P-5/a", "coupled:P-2", "RU-KZ")

    breach = the_only_breach(
        scenario_instance(), _without_allocation(status="infeasible", conflict=conflict)
    )

    assert breach.rule == "conflict"
    assert breach.path == "conflict[3]"
    assert "'RU-KZ' names no hard rule of the instance" in breach.message


def test_an_unknown_solution_without_assignments_is_valid() -> None:
    assert check_solution(scenario_instance(), _without_allocation(status="unknown")).valid
