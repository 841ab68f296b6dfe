"""Filling a re-plan's revision re-places a partial award only when its gain pays for the
baseline blocks it gives up."""

from __future__ import annotations

import pytest

from models.exchange import Instance
from scheduler.allocation import Placement
from scheduler.policy_rows import all_policy_rows
from scheduler.search.fill import filled_allocation
from scheduler.solve import prepared_round
from tests.scheduler.factories import baseline, instance, instrument, proposal, request


def partial_award_on_a_full_instrument(change_weight: float) -> Instance:
    # P-1/a (score 1) has 2 of its 4 shifts on A, which P-2 fills otherwise; on B it would
    # get all 4, a gain of 1 x 2 shifts, but its baseline block on A would be changed.
    return instance(
        [
            proposal(
                "P-1",
                1.0,
                [request("P-1/a", ["A", "B"], 4, min_shifts=2, min_block=2, deadline=10)],
            ),
            proposal("P-2", 5.0, [request("P-2/a", ["A"], 8, min_block=8, deadline=10)]),
        ],
        [instrument("A"), instrument("B")],
        n_shifts=10,
        replan={
            "now": 0,
            "baseline": [baseline("P-1/a", "A", (0, 2)), baseline("P-2/a", "A", (2, 8))],
            "change_weight": change_weight,
        },
    )


@pytest.mark.parametrize(
    ("change_weight", "moves"),
    [(3.0, False), (1.0, True)],
)
def test_a_partial_award_moves_only_when_the_gain_pays_for_the_changed_block(
    change_weight: float, moves: bool
) -> None:
    prepared, revision = prepared_round(partial_award_on_a_full_instrument(change_weight))
    assert revision is not None
    start = revision.start.allocation

    filled = filled_allocation(prepared, all_policy_rows(prepared.index), start)

    if moves:
        assert filled is not None
        assert filled.placements["P-1/a"] == Placement("B", ((0, 4),))
    else:
        assert filled is None
