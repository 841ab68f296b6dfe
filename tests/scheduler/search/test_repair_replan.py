"""The repair sees a re-plan's allocation as `admit` has it, so what it returns is a revision
the incumbent accepts."""

from __future__ import annotations

from scheduler.allocation import Allocation, Placement
from scheduler.params import SolveParams
from scheduler.policy_rows import all_policy_rows
from scheduler.search.incumbent import Incumbent
from scheduler.search.repair import make_valid
from scheduler.solve import prepared_round
from tests.scheduler.factories import delivered, instance, instrument, proposal, request


def test_a_started_requests_short_block_away_from_now_is_dropped_before_repair() -> None:
    # P-1/a (min_block 3) got 2 shifts before now = 4. The remaining round lets it have
    # blocks of 1; the re-plan keeps [4, 2] (it continues the block in progress) but not
    # [8, 1], away from now and shorter than 3.
    round_ = instance(
        [proposal("P-1", 1.0, [request("P-1/a", ["A"], 6, min_block=3, deadline=12)])],
        [instrument("A")],
        n_shifts=12,
        replan={"now": 4, "delivered": [delivered("P-1/a", "A", 2)]},
    )
    prepared, revision = prepared_round(round_)
    incumbent = Incumbent(
        prepared, SolveParams(workers=1, deterministic=True), None, None, revision
    )
    allocation = Allocation({"P-1/a": Placement("A", ((4, 2), (8, 1)))})

    repaired = make_valid(incumbent, all_policy_rows(prepared.index), allocation, 1.0)

    assert repaired == Allocation({"P-1/a": Placement("A", ((4, 2),))})
    assert incumbent.offer(repaired)
