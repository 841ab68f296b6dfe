"""Rule 5 of "What a valid award is": coupled proposals have all their requests awarded or none."""

from __future__ import annotations

from tests.scheduler.checking.expectations import the_breach
from tests.scheduler.checking.scenario import (
    scenario_assignments,
    scenario_instance,
    scenario_solution,
    with_assignments,
)


def test_coupled_proposals_are_awarded_whole() -> None:
    awards = [a for a in scenario_assignments() if a.request != "P-2/b"]

    breach = the_breach(
        scenario_instance(), with_assignments(scenario_solution(), awards), "coupled"
    )

    assert breach.path == "assignments[1]"
    assert "proposal P-2 is coupled, but P-2/a is awarded and P-2/b is not" in breach.message
