"""First fit in a re-plan keeps the timing of a started `before` (the remaining round turns
it into a release of its `after`, which does not see the `before`'s new blocks)."""

from __future__ import annotations

from scheduler.allocation import Allocation, Placement
from scheduler.search.greedy import best_first_fit
from scheduler.search.occupancy import Occupancy
from scheduler.solve import prepared_round
from tests.scheduler.factories import delivered, instance, instrument, precedence, proposal
from tests.scheduler.factories import request as request_with_window


def test_an_after_is_fitted_behind_the_new_blocks_of_its_started_before() -> None:
    # P-B/a got 2 of its 6 shifts on I before now = 2; its other 4 are placed at [2, 6).
    # P-A/a (on J) must start after them, not at now.
    round_ = instance(
        [
            proposal("P-B", 2.0, [request_with_window("P-B/a", ["I"], 6, deadline=12)]),
            proposal("P-A", 1.0, [request_with_window("P-A/a", ["J"], 2, deadline=12)]),
        ],
        [instrument("I"), instrument("J")],
        precedences=[precedence("P-B/a", "P-A/a")],
        n_shifts=12,
        replan={"now": 2, "delivered": [delivered("P-B/a", "I", 2)]},
    )
    prepared, _ = prepared_round(round_)
    before = {"P-B/a": Placement("I", ((2, 4),))}
    occupancy = Occupancy(prepared, Allocation(before))

    fitted = best_first_fit(prepared, occupancy, prepared.plans["P-A/a"], before)

    assert fitted == Placement("J", ((6, 2),))


def test_a_started_request_gets_a_short_block_only_at_now() -> None:
    # P-S/a (min_block 3) got 2 of its 6 shifts on I before now = 2, and asks for 4 more.
    # The remaining round relaxes its min_block to 1, so that the block at now may be short;
    # first fit still holds 3 elsewhere: the gap [6, 7) is too short, [8, 11) is taken.
    round_ = instance(
        [
            proposal(
                "P-S", 2.0, [request_with_window("P-S/a", ["I"], 6, min_block=3, deadline=12)]
            ),
            proposal("P-X", 1.0, [request_with_window("P-X/a", ["I"], 3, deadline=12)]),
        ],
        [instrument("I")],
        n_shifts=12,
        replan={"now": 2, "delivered": [delivered("P-S/a", "I", 2)]},
    )
    prepared, _ = prepared_round(round_)
    taken = {"P-X/a": Placement("I", ((3, 3), (7, 1)))}
    occupancy = Occupancy(prepared, Allocation(taken))

    fitted = best_first_fit(prepared, occupancy, prepared.plans["P-S/a"], taken)

    assert fitted == Placement("I", ((2, 1), (8, 3)))
