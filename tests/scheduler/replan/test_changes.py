"""Explanations of change: every baseline block not kept, what replaced it, and why."""

from __future__ import annotations

from models.exchange import Instance
from tests.scheduler.engine.helpers import solved
from tests.scheduler.engine.test_replan_rules import kept_block_round, request
from tests.scheduler.factories import baseline, instance, instrument, proposal


def outage_round() -> Instance:
    # P-1/a was planned at [4, 3] on I; I is now closed at [4, 6): it moves later.
    return instance(
        [proposal("P-1", 2.0, [request("P-1/a", ["I"], 3)])],
        [instrument("I", closed=[(4, 6)])],
        n_shifts=12,
        replan={"now": 2, "baseline": [baseline("P-1/a", "I", (4, 3))]},
    )


def test_a_block_that_touched_lost_time_moves_and_its_time_comes_back() -> None:
    solution = solved(outage_round())
    assert solution.revision is not None
    (change,) = solution.revision.changes
    assert change.cause == "lost-time"
    assert change.change == "moved"
    assert "closed at shifts 4-5" in change.message
    (back,) = solution.revision.time_back
    assert (back.request, back.lost, back.given_back) == ("P-1/a", 3, 3)
    assert (solution.revision.kept, solution.revision.moved, solution.revision.new) == (0, 1, 1)


def test_a_block_that_made_room_names_who_took_its_shifts() -> None:
    solution = solved(kept_block_round(1.0))
    assert solution.revision is not None
    (change,) = solution.revision.changes
    assert change.cause == "made-room"
    assert "P-2/a" in change.message
    assert solution.revision.time_back == ()


def test_a_kept_baseline_has_no_changes() -> None:
    solution = solved(kept_block_round(100.0))
    assert solution.revision is not None
    assert solution.revision.changes == ()
    assert solution.revision.kept == 1
