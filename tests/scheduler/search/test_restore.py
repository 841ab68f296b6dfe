"""Re-plans put back the baseline blocks a revision moved for nothing
(scheduler/search/restore.py): same instrument, same shifts, room free, precedences kept."""

from __future__ import annotations

from typing import Any

from models.exchange import Instance
from scheduler.allocation import Allocation, Placement
from scheduler.prepare import PreparedInstance
from scheduler.search.quick_placement import kept_weight
from scheduler.search.restore import restored_allocation
from scheduler.solve import prepared_round
from tests.scheduler.factories import baseline, instance, instrument, precedence, proposal, request


def _replan(baselines: list[dict[str, Any]], **fields: Any) -> Instance:
    return instance(
        [
            proposal("A-1", 2.0, [request("A-1/a", ["I-1", "I-2"], 4, min_block=2, deadline=12)]),
            proposal("B-1", 5.0, [request("B-1/a", ["I-1"], 4, min_block=4, deadline=12)]),
        ],
        [instrument("I-1"), instrument("I-2")],
        n_shifts=12,
        replan={"now": 0, "baseline": baselines, "change_weight": 1.0},
        **fields,
    )


def _bookings_of_four(baselines: list[dict[str, Any]], *ids: str) -> Instance:
    """Proposals `ids` (scores 2, 5, 1, ...) with one 4-shift block each on I-1 of 12 shifts."""
    scores = {"A-1": 2.0, "B-1": 5.0, "C-1": 1.0}
    return instance(
        [
            proposal(p, scores[p], [request(f"{p}/a", ["I-1"], 4, min_block=4, deadline=12)])
            for p in ids
        ],
        [instrument("I-1")],
        n_shifts=12,
        replan={"now": 0, "baseline": baselines, "change_weight": 1.0},
    )


def _prepared(round_: Instance) -> PreparedInstance:
    prepared, _ = prepared_round(round_)
    return prepared


def test_a_moved_block_whose_baseline_room_is_free_goes_back() -> None:
    prepared = _prepared(_replan([baseline("A-1/a", "I-1", (5, 2), (9, 2))]))
    moved = Allocation({"B-1/a": Placement("I-1", ((0, 4),)), "A-1/a": Placement("I-1", ((4, 4),))})

    restored = restored_allocation(prepared, moved)

    assert restored is not None
    assert restored.placements["A-1/a"] == Placement("I-1", ((5, 2), (9, 2)))
    assert restored.placements["B-1/a"] == Placement("I-1", ((0, 4),))
    assert kept_weight(prepared, restored) == 2


def test_a_block_whose_baseline_room_a_kept_booking_holds_stays_moved() -> None:
    # B-1/a keeps its own baseline [4, 4], which A-1/a's baseline overlaps.
    prepared = _prepared(
        _replan([baseline("A-1/a", "I-1", (6, 4)), baseline("B-1/a", "I-1", (4, 4))])
    )
    moved = Allocation({"A-1/a": Placement("I-1", ((0, 4),)), "B-1/a": Placement("I-1", ((4, 4),))})

    assert restored_allocation(prepared, moved) is None


def test_an_award_without_baseline_makes_way_with_its_shifts() -> None:
    # B-1/a is new in the revision: it moves to the room A-1/a leaves, at no cost.
    prepared = _prepared(_replan([baseline("A-1/a", "I-1", (4, 4))]))
    moved = Allocation({"A-1/a": Placement("I-1", ((0, 4),)), "B-1/a": Placement("I-1", ((4, 4),))})

    restored = restored_allocation(prepared, moved)

    assert restored is not None
    assert restored.placements == {
        "A-1/a": Placement("I-1", ((4, 4),)),
        "B-1/a": Placement("I-1", ((0, 4),)),
    }


def test_an_award_on_another_instrument_or_of_other_length_is_not_put_back() -> None:
    # Going back would change the award itself (its instrument, or its shifts), and with it
    # the value and the policy rows: that is for the search to weigh, not this step.
    prepared = _prepared(_replan([baseline("A-1/a", "I-1", (6, 4))]))
    elsewhere = Allocation({"A-1/a": Placement("I-2", ((0, 4),))})
    shorter = Allocation({"A-1/a": Placement("I-1", ((0, 2),))})

    assert restored_allocation(prepared, elsewhere) is None
    assert restored_allocation(prepared, shorter) is None


def test_a_block_that_would_break_a_precedence_stays_moved() -> None:
    # B-1/a must start after A-1/a ends: A-1/a's baseline [6, 4] ends at 10, B-1/a starts at 8.
    round_ = _replan([baseline("A-1/a", "I-1", (6, 4))], precedences=[precedence("A-1/a", "B-1/a")])
    prepared = _prepared(round_)
    moved = Allocation({"A-1/a": Placement("I-1", ((0, 4),)), "B-1/a": Placement("I-1", ((8, 4),))})

    assert restored_allocation(prepared, moved) is None


def test_a_block_on_time_closed_since_the_baseline_stays_moved() -> None:
    round_ = instance(
        [proposal("A-1", 2.0, [request("A-1/a", ["I-1"], 4, min_block=2, deadline=12)])],
        [instrument("I-1", closed=[(7, 8)])],
        n_shifts=12,
        replan={"now": 0, "baseline": [baseline("A-1/a", "I-1", (6, 4))], "change_weight": 1.0},
    )
    prepared = _prepared(round_)
    moved = Allocation({"A-1/a": Placement("I-1", ((0, 4),))})

    assert restored_allocation(prepared, moved) is None


def test_outside_replans_nothing_is_done() -> None:
    round_ = instance([proposal("A-1", 2.0, [request("A-1/a", ["I-1"], 4)])], [instrument("I-1")])
    prepared, _ = prepared_round(round_)

    assert restored_allocation(prepared, Allocation({"A-1/a": Placement("I-1", ((0, 4),))})) is None


def test_bookings_that_took_each_others_baseline_go_back_together() -> None:
    # First fit from an empty calendar shifted both bookings: each baseline is now taken by
    # the other request, so neither can go back alone.
    round_ = _bookings_of_four(
        [baseline("A-1/a", "I-1", (2, 4)), baseline("B-1/a", "I-1", (6, 4))], "A-1", "B-1"
    )
    prepared = _prepared(round_)
    shifted = Allocation(
        {
            "B-1/a": Placement("I-1", ((0, 4),)),
            "A-1/a": Placement("I-1", ((4, 4),)),
        }
    )

    restored = restored_allocation(prepared, shifted)

    assert restored is not None
    assert restored.placements["A-1/a"] == Placement("I-1", ((2, 4),))
    assert restored.placements["B-1/a"] == Placement("I-1", ((6, 4),))


def test_bookings_whose_baselines_are_taken_go_back_together_with_what_took_them() -> None:
    # C-1/a (no baseline) now sits on A-1/a's baseline [0, 4]; B-1/a's baseline [4, 4] is
    # under A-1/a. Lifted together, A-1/a and B-1/a go back and C-1/a is re-placed by
    # first fit at [8, 4] with its 4 shifts: two blocks kept more, and nothing lost.
    round_ = _bookings_of_four(
        [baseline("A-1/a", "I-1", (0, 4)), baseline("B-1/a", "I-1", (4, 4))], "A-1", "B-1", "C-1"
    )
    prepared = _prepared(round_)
    shifted = Allocation(
        {
            "C-1/a": Placement("I-1", ((0, 4),)),
            "A-1/a": Placement("I-1", ((4, 4),)),
            "B-1/a": Placement("I-1", ((8, 4),)),
        }
    )

    restored = restored_allocation(prepared, shifted)

    assert restored is not None
    assert restored.placements == {
        "C-1/a": Placement("I-1", ((8, 4),)),
        "A-1/a": Placement("I-1", ((0, 4),)),
        "B-1/a": Placement("I-1", ((4, 4),)),
    }
