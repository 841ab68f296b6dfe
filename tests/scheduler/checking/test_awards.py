"""Rules 1-3 of "What a valid award is", one test per rule, each on one corrupted award."""

from __future__ import annotations

from tests.scheduler.checking.expectations import breaches_of, the_breach, the_only_breach
from tests.scheduler.checking.scenario import (
    scenario_instance,
    scenario_solution,
    with_assignment,
)
from tests.scheduler.factories import assignment


def test_block_length_is_at_least_min_block() -> None:
    # P-1/a (min_block 2) keeps its six shifts 2-7, split as [2, 1] and [3, 5].
    corrupted = with_assignment(
        scenario_solution(), 0, assignment("P-1/a", "SOCHI", (2, 1), (3, 5))
    )

    breach = the_only_breach(scenario_instance(), corrupted)

    assert breach.rule == "block-length"
    assert breach.path == "assignments[0].blocks[0]"
    assert "block [2, 1] (shifts 2) of P-1/a is 1 shift long" in breach.message
    assert "min_block 2" in breach.message


def test_blocks_lie_inside_the_round() -> None:
    corrupted = with_assignment(scenario_solution(), 4, assignment("P-5/a", "ISCRA", (23, 2)))

    breach = the_only_breach(scenario_instance(), corrupted)

    assert breach.rule == "horizon"
    assert breach.path == "assignments[4].blocks[0]"
    assert "ends at shift 25, after the end of the round (n_shifts 24)" in breach.message


def test_blocks_lie_inside_the_window() -> None:
    # P-2/b's window is [4, 20).
    corrupted = with_assignment(scenario_solution(), 2, assignment("P-2/b", "DC60", (2, 4)))

    breach = the_only_breach(scenario_instance(), corrupted)

    assert breach.rule == "window"
    assert breach.path == "assignments[2].blocks[0]"
    assert "block [2, 4] (shifts 2-5) of P-2/b is not inside its window [4, 20)" in breach.message


def test_total_shifts_is_between_min_shifts_and_shifts() -> None:
    # P-3/a asks for 6 shifts; 7 is too many (the decision and figures change too).
    corrupted = with_assignment(scenario_solution(), 3, assignment("P-3/a", "ISCRA", (0, 7)))

    breach = the_breach(scenario_instance(), corrupted, "total-shifts")

    assert breach.path == "assignments[3].blocks"
    assert "P-3/a is awarded 7 shifts" in breach.message
    assert "between its min_shifts 3 and shifts 6" in breach.message


def test_blocks_avoid_closed_shifts() -> None:
    # SOCHI is closed at shifts 0-1.
    corrupted = with_assignment(
        scenario_solution(), 0, assignment("P-1/a", "SOCHI", (0, 2), (2, 4))
    )

    breach = the_only_breach(scenario_instance(), corrupted)

    assert breach.rule == "closed"
    assert breach.path == "assignments[0].blocks[0]"
    assert "uses shifts 0-1, closed on SOCHI" in breach.message


def test_blocks_avoid_unavailable_shifts() -> None:
    # P-1/a's team cannot come at shifts 10-11.
    corrupted = with_assignment(scenario_solution(), 0, assignment("P-1/a", "SOCHI", (6, 6)))

    breach = the_only_breach(scenario_instance(), corrupted)

    assert breach.rule == "unavailable"
    assert breach.path == "assignments[0].blocks[0]"
    assert "block [6, 6] (shifts 6-11) of P-1/a uses shifts 10-11" in breach.message


def test_blocks_of_one_request_do_not_overlap() -> None:
    corrupted = with_assignment(
        scenario_solution(), 0, assignment("P-1/a", "SOCHI", (2, 4), (4, 2))
    )

    breach = the_only_breach(scenario_instance(), corrupted)

    assert breach.rule == "overlap"
    assert breach.path == "assignments[0].blocks[1]"
    assert "blocks 0 and 1 of P-1/a overlap at shifts 4-5" in breach.message


def test_an_empty_block_is_shorter_than_min_block() -> None:
    corrupted = with_assignment(
        scenario_solution(), 0, assignment("P-1/a", "SOCHI", (2, 6), (20, 0))
    )

    assert [b.path for b in breaches_of(scenario_instance(), corrupted, "block-length")] == [
        "assignments[0].blocks[1]"
    ]
