"""The rule that turns a re-plan's candidate into booking changes (`api.replans.difference`)."""

from __future__ import annotations

import pytest

from api.replans.difference import (
    BookingChange,
    CandidateBeforeNowError,
    HeldBooking,
    NewBlock,
    booking_difference,
)
from models.exchange import SOLUTION_FORMAT, Assignment, Solution


def _candidate(*blocks: tuple[str, str, int, int]) -> Solution:
    by_request: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for request, instrument, start, length in blocks:
        by_request.setdefault((request, instrument), []).append((start, length))
    return Solution(
        format=SOLUTION_FORMAT,
        round="R",
        status="feasible",
        assignments=tuple(
            Assignment(request=r, instrument=i, blocks=tuple(b))
            for (r, i), b in sorted(by_request.items())
        ),
    )


A = HeldBooking("a", "R/a", "I", 4, 6)


def test_a_booking_the_candidate_keeps_is_left_alone() -> None:
    assert booking_difference([A], _candidate(("R/a", "I", 4, 6)), now=0).is_empty


def test_a_block_inside_a_booking_shortens_it() -> None:
    difference = booking_difference([A], _candidate(("R/a", "I", 5, 4)), now=0)
    assert difference.changed == (BookingChange("a", "shortened", "I", 5, 4),)
    assert not difference.changed[0].asks_again


def test_a_block_elsewhere_moves_the_booking_and_asks_again() -> None:
    difference = booking_difference([A], _candidate(("R/a", "J", 12, 6)), now=0)
    assert difference.changed == (BookingChange("a", "moved", "J", 12, 6),)
    assert difference.changed[0].asks_again


def test_a_booking_without_a_block_is_dropped_and_a_block_without_a_booking_is_new() -> None:
    b = HeldBooking("b", "R/b", "I", 0, 2)
    difference = booking_difference([A, b], _candidate(("R/a", "I", 4, 6), ("R/c", "I", 0, 2)), 0)
    assert difference.dropped == ("b",)
    assert difference.new == (NewBlock("R/c", "I", 0, 2),)


def test_extra_blocks_of_a_request_become_new_bookings_after_pairing_in_start_order() -> None:
    candidate = _candidate(("R/a", "I", 12, 3), ("R/a", "I", 16, 3))
    difference = booking_difference([A], candidate, now=0)
    assert difference.changed == (BookingChange("a", "moved", "I", 12, 3),)
    assert difference.new == (NewBlock("R/a", "I", 16, 3),)


def test_a_booking_under_way_keeps_its_past_and_is_cut_at_now() -> None:
    difference = booking_difference([A], _candidate(), now=7)
    assert difference.changed == (BookingChange("a", "cut", "I", 4, 3),)
    assert difference.dropped == ()


def test_a_booking_under_way_continued_from_now_stays_one_booking() -> None:
    difference = booking_difference([A], _candidate(("R/a", "I", 7, 2)), now=7)
    assert difference.changed == (BookingChange("a", "shortened", "I", 4, 5),)


def test_a_booking_under_way_moved_later_is_cut_and_the_rest_booked_anew() -> None:
    difference = booking_difference([A], _candidate(("R/a", "I", 14, 3)), now=7)
    assert difference.changed == (BookingChange("a", "cut", "I", 4, 3),)
    assert difference.new == (NewBlock("R/a", "I", 14, 3),)


def test_bookings_wholly_before_now_are_never_touched() -> None:
    past = HeldBooking("p", "R/p", "I", 0, 3)
    assert booking_difference([past], _candidate(), now=5).is_empty


def test_a_booking_with_losses_moving_to_another_instrument_is_booked_anew() -> None:
    hit = HeldBooking("h", "R/h", "I", 4, 6, has_losses=True)
    difference = booking_difference([hit], _candidate(("R/h", "J", 4, 6)), now=0)
    assert difference.dropped == ("h",)
    assert difference.new == (NewBlock("R/h", "J", 4, 6),)


def test_a_candidate_block_before_now_is_refused() -> None:
    with pytest.raises(CandidateBeforeNowError, match="before now"):
        booking_difference([A], _candidate(("R/a", "I", 2, 6)), now=4)
