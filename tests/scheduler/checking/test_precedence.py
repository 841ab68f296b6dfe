"""Rule 6 of "What a valid award is": precedences hold (P-2/a before P-5/a, min_gap 1)."""

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


def test_after_starts_min_gap_after_the_end_of_before() -> None:
    # P-2/a ends at shift 16, so P-5/a may start at 16 + 1 = 17 at the earliest.
    corrupted = with_assignment(scenario_solution(), 4, assignment("P-5/a", "ISCRA", (16, 2)))

    breach = the_only_breach(scenario_instance(), corrupted)

    assert breach.rule == "precedence"
    assert breach.path == "assignments[4].blocks[0]"
    assert "starts at shift 16; precedence P-2/a->P-5/a needs shift 17 or later" in breach.message


def test_after_is_awarded_only_if_before_is() -> None:
    awards = [a for a in scenario_assignments() if a.request not in {"P-2/a", "P-2/b"}]

    breach = the_breach(
        scenario_instance(), with_assignments(scenario_solution(), awards), "precedence"
    )

    assert breach.path == "assignments[2]"
    assert "P-5/a is awarded but P-2/a, which must come before it" in breach.message
