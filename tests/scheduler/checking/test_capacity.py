"""Rule 4 of "What a valid award is": no instrument hosts more blocks than its capacity."""

from __future__ import annotations

from tests.scheduler.checking.expectations import breaches_of, the_only_breach
from tests.scheduler.checking.scenario import (
    scenario_instance,
    scenario_solution,
    with_assignment,
)
from tests.scheduler.factories import assignment


def test_capacity_is_not_exceeded() -> None:
    # P-2/a moves onto SOCHI shifts 6-9, where P-1/a holds 2-7; SOCHI takes one at a time.
    corrupted = with_assignment(scenario_solution(), 1, assignment("P-2/a", "SOCHI", (6, 4)))

    breach = the_only_breach(scenario_instance(), corrupted)

    assert breach.rule == "capacity"
    assert breach.path == "assignments[1].blocks[0]"
    assert "SOCHI hosts 2 requests at shifts 6-7 (P-1/a, P-2/a)" in breach.message
    assert "capacity 1" in breach.message


def test_an_instrument_of_capacity_two_hosts_two_requests() -> None:
    # ISCRA (capacity 2): P-5/a joins P-3/a at shifts 0-1 (breaking only its precedence).
    corrupted = with_assignment(scenario_solution(), 4, assignment("P-5/a", "ISCRA", (0, 2)))

    assert breaches_of(scenario_instance(), corrupted, "capacity") == []


def test_a_request_overlapping_itself_counts_once() -> None:
    corrupted = with_assignment(
        scenario_solution(), 0, assignment("P-1/a", "SOCHI", (2, 4), (4, 2))
    )

    assert breaches_of(scenario_instance(), corrupted, "capacity") == []
