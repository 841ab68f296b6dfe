"""One test per rule of the re-plan addition: each binds, with a hand-computed objective.

Every solution passes the checker (`solved`), which recomputes the objective with the
delivered value and the change penalty.
"""

from __future__ import annotations

from typing import Any

import pytest

from models.exchange import Instance, Request, Solution
from tests.scheduler.engine.helpers import solved
from tests.scheduler.factories import (
    baseline,
    contribution_policy,
    delivered,
    instance,
    instrument,
    precedence,
    proposal,
)
from tests.scheduler.factories import request as request_with_window


def request(request_id: str, instruments: list[str], shifts: int, **fields: Any) -> Request:
    """A request whose window is, unless given, the whole 12-shift round of these tests."""
    fields.setdefault("deadline", 12)
    return request_with_window(request_id, instruments, shifts, **fields)


def blocks_of(solution: Solution) -> dict[str, tuple[str, list[tuple[int, int]]]]:
    """Instrument and blocks per awarded request."""
    return {a.request: (a.instrument, [(s, n) for s, n in a.blocks]) for a in solution.assignments}


def two_competitors(**replan: Any) -> Instance:
    # One instrument, 10 shifts: P-1 (score 3) and P-2 (score 2) each need 5 in one block.
    return instance(
        [
            proposal("P-1", 3.0, [request("P-1/a", ["I"], 5, deadline=10)]),
            proposal("P-2", 2.0, [request("P-2/a", ["I"], 5, deadline=10)]),
        ],
        [instrument("I")],
        n_shifts=10,
        replan=replan or None,
    )


def test_without_replan_both_competitors_fit() -> None:
    assert solved(two_competitors()).objective == pytest.approx(25.0)


def test_blocks_start_at_or_after_now() -> None:
    # From now = 5 only five shifts are left: the better proposal takes them (3 * 5).
    solution = solved(two_competitors(now=5))
    assert solution.objective == pytest.approx(15.0)
    assert blocks_of(solution) == {"P-1/a": ("I", [(5, 5)])}
    assert solution.changed == 0


def test_a_started_request_keeps_its_instrument_and_may_end_short() -> None:
    # P-1/a (score 5) got 2 shifts on A before now = 4; A is open only for [4, 6), B is free.
    # It may not move to B; its block at now continues the one in progress, so it may be
    # shorter than min_block 3, and min_shifts 6 no longer applies: 5 * (2 + 2) = 20.
    round_ = instance(
        [proposal("P-1", 5.0, [request("P-1/a", ["A", "B"], 6, min_block=3)])],
        [instrument("A", closed=[(6, 12)]), instrument("B")],
        n_shifts=12,
        replan={"now": 4, "delivered": [delivered("P-1/a", "A", 2)]},
    )
    solution = solved(round_)
    assert blocks_of(solution) == {"P-1/a": ("A", [(4, 2)])}
    assert solution.objective == pytest.approx(20.0)
    assert solution.decisions[0].outcome == "partial"


def test_min_block_binds_a_started_request_away_from_now() -> None:
    # Same, but A is open for [5, 7): a block there does not continue the one in progress,
    # and 2 shifts are shorter than min_block 3. Only the delivered time counts: 5 * 2.
    round_ = instance(
        [proposal("P-1", 5.0, [request("P-1/a", ["A", "B"], 6, min_block=3)])],
        [instrument("A", closed=[(4, 5), (7, 12)]), instrument("B")],
        n_shifts=12,
        replan={"now": 4, "delivered": [delivered("P-1/a", "A", 2)]},
    )
    solution = solved(round_)
    assert solution.assignments == ()
    assert solution.objective == pytest.approx(10.0)
    assert solution.decisions[0].outcome == "partial"


def test_a_proposal_with_a_started_request_is_not_bound_by_coupling() -> None:
    # P-1 is coupled; its request b cannot be placed (J is closed). a, started with 2 of 4,
    # still gets its other 2 shifts: 2 * 4 = 8 (coupled, it would stay at 2 * 2 = 4).
    round_ = instance(
        [
            proposal(
                "P-1",
                2.0,
                [request("P-1/a", ["I"], 4, min_shifts=2), request("P-1/b", ["J"], 3)],
            )
        ],
        [instrument("I"), instrument("J", closed=[(0, 12)])],
        n_shifts=12,
        replan={"now": 3, "delivered": [delivered("P-1/a", "I", 2)]},
    )
    solution = solved(round_)
    assert solution.objective == pytest.approx(8.0)
    assert set(blocks_of(solution)) == {"P-1/a"}


def test_a_precedence_whose_after_is_started_no_longer_binds() -> None:
    # B/a must come before A/a, but B/a cannot be placed; A/a has begun, so it still gets
    # its remaining 3 shifts: 1 * (1 + 3) = 4.
    round_ = instance(
        [
            proposal("A", 1.0, [request("A/a", ["I"], 4, min_shifts=4)]),
            proposal("B", 1.0, [request("B/a", ["J"], 3)]),
        ],
        [instrument("I"), instrument("J", closed=[(0, 12)])],
        precedences=[precedence("B/a", "A/a")],
        n_shifts=12,
        replan={"now": 2, "delivered": [delivered("A/a", "I", 1)]},
    )
    solution = solved(round_)
    assert solution.objective == pytest.approx(4.0)
    assert blocks_of(solution)["A/a"][0] == "I"


def test_a_started_before_counts_as_awarded_and_ends_at_now() -> None:
    # S/a is fully delivered before now = 4; T/a needs min_gap 2 after it, so it may start
    # at 6 at the earliest, and it is awarded although S/a gets no new block: 1*2 + 1*3.
    round_ = instance(
        [
            proposal("S", 1.0, [request("S/a", ["I"], 2)]),
            proposal("T", 1.0, [request("T/a", ["J"], 3, deadline=9)]),
        ],
        [instrument("I"), instrument("J")],
        precedences=[precedence("S/a", "T/a", min_gap=2)],
        n_shifts=12,
        replan={"now": 4, "delivered": [delivered("S/a", "I", 2)]},
    )
    solution = solved(round_)
    assert solution.objective == pytest.approx(5.0)
    ((start, length),) = blocks_of(solution)["T/a"][1]
    assert start >= 6
    assert length == 3


def test_the_new_blocks_of_a_started_before_still_precede_after() -> None:
    # S/a has 2 of 5 delivered and gets [4, 3] on I; T/a (min_gap 1) must wait until 8.
    round_ = instance(
        [
            proposal("S", 1.0, [request("S/a", ["I"], 5, min_block=3)]),
            proposal("T", 1.0, [request("T/a", ["J"], 3)]),
        ],
        [instrument("I", closed=[(7, 12)]), instrument("J")],
        precedences=[precedence("S/a", "T/a", min_gap=1)],
        n_shifts=12,
        replan={"now": 4, "delivered": [delivered("S/a", "I", 2)]},
    )
    solution = solved(round_)
    assert solution.objective == pytest.approx(8.0)
    assert blocks_of(solution)["S/a"] == ("I", [(4, 3)])
    assert all(start >= 8 for start, _ in blocks_of(solution)["T/a"][1])


def kept_block_round(change_weight: float) -> Instance:
    # The baseline has P-1 (score 1) at [0, 3]; P-2 (score 2) fits only in [0, 3) as well.
    return instance(
        [
            proposal("P-1", 1.0, [request("P-1/a", ["I"], 3, deadline=10)]),
            proposal("P-2", 2.0, [request("P-2/a", ["I"], 3, deadline=3)]),
        ],
        [instrument("I")],
        n_shifts=10,
        replan={
            "now": 0,
            "baseline": [baseline("P-1/a", "I", (0, 3))],
            "change_weight": change_weight,
        },
    )


def test_moving_a_baseline_block_costs_change_weight() -> None:
    # Moving P-1 makes room for P-2: 2*3 + 1*3 - 1 (one block not kept) = 8.
    solution = solved(kept_block_round(1.0))
    assert solution.objective == pytest.approx(8.0)
    assert solution.changed == 1


def test_a_heavy_change_weight_keeps_the_baseline_block() -> None:
    # Moving would gain 6 and cost 100: P-1 stays where it was, P-2 is left out: 1 * 3.
    solution = solved(kept_block_round(100.0))
    assert solution.objective == pytest.approx(3.0)
    assert solution.changed == 0
    assert blocks_of(solution) == {"P-1/a": ("I", [(0, 3)])}


def balanced_members(**fields: Any) -> Instance:
    # RU and KZ share NICA half and half (hard, min_ratio 1); one 8-shift instrument.
    return instance(
        [
            proposal("P-RU", 2.0, [request("P-RU/a", ["I"], 4, deadline=8)]),
            proposal("P-KZ", 1.0, [request("P-KZ/a", ["I"], 4, deadline=8)], {"KZ": 1.0}),
        ],
        [instrument("I")],
        policies=[
            contribution_policy(
                "MEMBERS",
                facilities=["NICA"],
                shares={"RU": 0.5, "KZ": 0.5},
                min_ratio=1.0,
                **fields,
            )
        ],
        n_shifts=8,
    )


def test_without_history_both_members_get_their_half() -> None:
    assert solved(balanced_members()).objective == pytest.approx(12.0)


def test_history_enters_the_contribution_policy() -> None:
    # RU already had 4 shifts in earlier rounds: with T' = T + history, KZ must get 4 more
    # than RU this round, so only P-KZ is awarded: 1 * 4.
    solution = solved(balanced_members(history={"RU": 4}))
    assert solution.objective == pytest.approx(4.0)
    assert {a.request for a in solution.assignments} == {"P-KZ/a"}
