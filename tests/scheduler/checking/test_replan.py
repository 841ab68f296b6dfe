"""The re-plan's rules in the checker, one test per rule, each on one corrupted revision.

The round: P-1/a (score 2, 4 shifts, min_block 3) received 2 shifts on A before now = 4
and continues at [4, 2]; P-2/a (score 1) keeps its baseline block [8, 3] on A.
Objective: 2 * (2 + 2) + 1 * 3 = 11, nothing changed.
"""

from __future__ import annotations

from typing import Any

from models.exchange import Assignment, Instance, Solution
from scheduler.checking import check_solution
from tests.scheduler.checking.expectations import the_breach
from tests.scheduler.factories import (
    assignment,
    baseline,
    decision,
    delivered,
    instance,
    instrument,
    proposal,
    request,
    solution,
)


def replan_round(**replan: Any) -> Instance:
    return instance(
        [
            proposal("P-1", 2.0, [request("P-1/a", ["A", "B"], 4, min_block=3, deadline=12)]),
            proposal("P-2", 1.0, [request("P-2/a", ["A"], 3, deadline=12)]),
        ],
        [instrument("A"), instrument("B")],
        n_shifts=12,
        replan={
            "now": 4,
            "delivered": [delivered("P-1/a", "A", 2)],
            "baseline": [baseline("P-1/a", "A", (4, 2)), baseline("P-2/a", "A", (8, 3))],
            **replan,
        },
    )


def revision(
    *assignments: Assignment, objective: float = 11.0, changed: int | None = 0
) -> Solution:
    document = solution(
        assignments or (assignment("P-1/a", "A", (4, 2)), assignment("P-2/a", "A", (8, 3))),
        [decision("P-1", "awarded"), decision("P-2", "awarded")],
        objective=objective,
    )
    return document.model_copy(update={"changed": changed})


def test_a_valid_revision_is_accepted() -> None:
    report = check_solution(replan_round(), revision())
    assert report.valid, [str(b) for b in report.breaches]
    assert report.objective == 11


def test_the_objective_counts_delivered_time_and_the_change_penalty() -> None:
    # P-2/a moves to [9, 3]: one baseline block not kept, change_weight 2.5: 11 - 2.5.
    moved = revision(
        assignment("P-1/a", "A", (4, 2)), assignment("P-2/a", "A", (9, 3)), objective=8.5, changed=1
    )
    report = check_solution(replan_round(change_weight=2.5), moved)
    assert report.valid, [str(b) for b in report.breaches]
    assert report.objective == 8.5


def test_an_objective_without_the_delivered_value_is_wrong() -> None:
    breach = the_breach(replan_round(), revision(objective=7.0), "objective-reported")
    assert "the checker finds 11" in breach.message


def test_blocks_start_at_or_after_now() -> None:
    early = revision(
        assignment("P-1/a", "A", (4, 2)), assignment("P-2/a", "A", (1, 3)), changed=1, objective=10
    )
    breach = the_breach(replan_round(), early, "before-now")
    assert breach.path == "assignments[1].blocks[0]"
    assert "before now (4)" in breach.message


def test_a_started_request_keeps_its_instrument() -> None:
    moved = revision(
        assignment("P-1/a", "B", (4, 2)), assignment("P-2/a", "A", (8, 3)), changed=1, objective=10
    )
    breach = the_breach(replan_round(), moved, "started-instrument")
    assert breach.path == "assignments[0].instrument"
    assert "started on A" in breach.message


def test_only_the_block_at_now_may_be_shorter_than_min_block() -> None:
    late = revision(
        assignment("P-1/a", "A", (5, 2)), assignment("P-2/a", "A", (8, 3)), changed=1, objective=10
    )
    breach = the_breach(replan_round(), late, "block-length")
    assert breach.path == "assignments[0].blocks[0]"


def test_delivered_and_new_time_together_are_at_most_shifts() -> None:
    longer = revision(
        assignment("P-1/a", "A", (4, 3)), assignment("P-2/a", "A", (8, 3)), changed=1, objective=12
    )
    breach = the_breach(replan_round(), longer, "total-shifts")
    assert "already received 2 shifts" in breach.message


def test_changed_is_reported_and_recomputed() -> None:
    breach = the_breach(replan_round(), revision(changed=1), "changed")
    assert "reports 1" in breach.message
    assert "finds 0" in breach.message
    missing = the_breach(replan_round(), revision(changed=None), "changed")
    assert "must report `changed`" in missing.message


def test_a_partial_started_request_must_be_explained() -> None:
    # Without its new block P-1/a has 2 of 4 shifts: its decision is partial and needs a reason.
    short = revision(assignment("P-2/a", "A", (8, 3)), changed=1, objective=6)
    breach = the_breach(replan_round(), short, "decision")
    assert "'partial'" in breach.message
