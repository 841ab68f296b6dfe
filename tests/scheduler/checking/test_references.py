"""Assignments name known requests and instruments, once per request, among its alternatives."""

from __future__ import annotations

from tests.scheduler.checking.expectations import the_breach, the_only_breach
from tests.scheduler.checking.scenario import (
    scenario_assignments,
    scenario_instance,
    scenario_solution,
    with_assignment,
    with_assignments,
)
from tests.scheduler.factories import assignment


def test_unknown_request() -> None:
    awards = [*scenario_assignments(), assignment("P-9/a", "ISCRA", (20, 2))]

    breach = the_only_breach(scenario_instance(), with_assignments(scenario_solution(), awards))

    assert breach.rule == "unknown-request"
    assert breach.path == "assignments[5].request"
    assert "'P-9/a' is not in the instance" in breach.message


def test_unknown_instrument() -> None:
    corrupted = with_assignment(scenario_solution(), 4, assignment("P-5/a", "NOPE", (17, 2)))

    # Without a known instrument the assignment is no award, so P-5 also loses its shifts.
    breach = the_breach(scenario_instance(), corrupted, "unknown-instrument")

    assert breach.path == "assignments[4].instrument"
    assert "instrument 'NOPE' of P-5/a is not in the instance" in breach.message


def test_instrument_not_alternative() -> None:
    corrupted = with_assignment(scenario_solution(), 4, assignment("P-5/a", "SOCHI", (17, 2)))

    breach = the_only_breach(scenario_instance(), corrupted)

    assert breach.rule == "instrument-not-alternative"
    assert breach.path == "assignments[4].instrument"
    assert "P-5/a is placed on SOCHI, which it did not ask for" in breach.message


def test_duplicate_assignment() -> None:
    awards = [*scenario_assignments(), assignment("P-5/a", "ISCRA", (17, 2))]

    breach = the_only_breach(scenario_instance(), with_assignments(scenario_solution(), awards))

    assert breach.rule == "duplicate-assignment"
    assert breach.path == "assignments[5]"
    assert "P-5/a is assigned again (first at assignments[4])" in breach.message
