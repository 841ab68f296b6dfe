"""The selection's targets placed by first fit and made valid by greedy moves, without
CP-SAT (scheduler/search/quick_placement.py); in a re-plan, also around the incumbent."""

from __future__ import annotations

from scheduler.allocation import Allocation, Placement
from scheduler.policy_rows import all_policy_rows
from scheduler.prepare import prepare
from scheduler.search.quick_placement import kept_weight, quick_placement, without_broken_links
from scheduler.search.validity import breaks_award_rules
from scheduler.solve import prepared_round
from tests.scheduler.factories import (
    baseline,
    contribution_policy,
    instance,
    instrument,
    precedence,
    proposal,
    request,
)


def test_awards_that_break_a_coupling_or_a_precedence_are_taken_out_transitively() -> None:
    round_ = instance(
        [
            proposal("C-1", 5.0, [request("C-1/a", ["I-1"], 2), request("C-1/b", ["I-2"], 2)]),
            proposal("P-1", 4.0, [request("P-1/a", ["I-1"], 2)]),
            proposal("P-2", 3.0, [request("P-2/a", ["I-1"], 2)]),
            proposal("P-3", 2.0, [request("P-3/a", ["I-2"], 2)]),
            proposal("Q-1", 1.0, [request("Q-1/a", ["I-2"], 2)]),
        ],
        [instrument("I-1"), instrument("I-2")],
        precedences=[precedence("P-1/a", "P-2/a"), precedence("P-2/a", "P-3/a")],
    )
    prepared = prepare(round_)
    # C-1/b and P-1/a were not placed: C-1/a loses its sibling, P-2/a its `before`, and
    # P-3/a then its own `before`; Q-1/a breaks nothing.
    placed = Allocation(
        {
            "C-1/a": Placement("I-1", ((0, 2),)),
            "P-2/a": Placement("I-1", ((4, 2),)),
            "P-3/a": Placement("I-2", ((8, 2),)),
            "Q-1/a": Placement("I-2", ((0, 2),)),
        }
    )
    assert breaks_award_rules(prepared, placed)

    kept = without_broken_links(prepared, placed)

    assert set(kept.placements) == {"Q-1/a"}
    assert not breaks_award_rules(prepared, kept)


def test_an_after_that_starts_too_early_is_taken_out() -> None:
    round_ = instance(
        [
            proposal("P-1", 4.0, [request("P-1/a", ["I-1"], 2)]),
            proposal("P-2", 3.0, [request("P-2/a", ["I-2"], 2)]),
        ],
        [instrument("I-1"), instrument("I-2")],
        precedences=[precedence("P-1/a", "P-2/a", min_gap=2)],
    )
    placed = Allocation(
        {"P-1/a": Placement("I-1", ((0, 2),)), "P-2/a": Placement("I-2", ((3, 2),))}
    )

    kept = without_broken_links(prepare(round_), placed)

    assert set(kept.placements) == {"P-1/a"}


def test_targets_that_fit_are_placed_as_targeted() -> None:
    round_ = instance(
        [
            proposal("A-1", 5.0, [request("A-1/a", ["I-1"], 10)]),
            proposal("B-1", 4.0, [request("B-1/a", ["I-1"], 8)]),
        ],
        [instrument("I-1")],
    )
    prepared = prepare(round_)
    targets = {"A-1/a": ("I-1", 10), "B-1/a": ("I-1", 8)}

    quick = quick_placement(prepared, all_policy_rows(prepared.index), targets)

    assert quick is not None
    assert not breaks_award_rules(prepared, quick)
    assert {r: p.shifts for r, p in quick.placements.items()} == {"A-1/a": 10, "B-1/a": 8}


def test_a_member_first_fit_cannot_place_gets_its_share_from_another_request() -> None:
    # KZ pays 10% and must get at least 9% of the members' time at NICA. Its targeted
    # request can only run in the first two shifts, when the instrument is closed; RU's
    # 18 shifts alone would break KZ's minimum, and KZ-2 (not targeted) restores it.
    round_ = instance(
        [
            proposal("RU-1", 5.0, [request("RU-1/a", ["RU-I"], 18)], countries={"RU": 1.0}),
            proposal(
                "KZ-1", 4.0, [request("KZ-1/a", ["RU-I"], 2, deadline=2)], countries={"KZ": 1.0}
            ),
            proposal("KZ-2", 1.0, [request("KZ-2/a", ["RU-I"], 2)], countries={"KZ": 1.0}),
        ],
        [instrument("RU-I", facility="NICA", closed=[(0, 2)])],
        policies=[
            contribution_policy(
                "JINR",
                facilities=["NICA"],
                shares={"RU": 0.9, "KZ": 0.1},
                min_ratio=0.9,
                mode="hard",
            )
        ],
    )
    prepared = prepare(round_)
    targets = {"RU-1/a": ("RU-I", 18), "KZ-1/a": ("RU-I", 2)}

    quick = quick_placement(prepared, all_policy_rows(prepared.index), targets)

    assert quick is not None
    assert not breaks_award_rules(prepared, quick)
    assert {"RU-1/a", "KZ-2/a"} <= set(quick.placements)
    assert "KZ-1/a" not in quick.placements


def test_in_a_replan_first_fit_around_the_incumbent_keeps_its_baseline_blocks() -> None:
    # A-1/a's baseline block is [8, 4]; B-1/a joins. From an empty calendar first fit puts
    # B-1/a (the better score) at [0, 4] and A-1/a at [4, 4], moving its block; around the
    # incumbent A-1/a stays where it was, B-1/a takes [0, 4], and the block is kept.
    round_ = instance(
        [
            proposal("A-1", 2.0, [request("A-1/a", ["I-1"], 4, min_block=4, deadline=12)]),
            proposal("B-1", 5.0, [request("B-1/a", ["I-1"], 4, min_block=4, deadline=12)]),
        ],
        [instrument("I-1")],
        n_shifts=12,
        replan={"now": 0, "baseline": [baseline("A-1/a", "I-1", (8, 4))], "change_weight": 1.0},
    )
    prepared, _ = prepared_round(round_)
    rows = all_policy_rows(prepared.index)
    targets = {"A-1/a": ("I-1", 4), "B-1/a": ("I-1", 4)}
    incumbent = Allocation({"A-1/a": Placement("I-1", ((8, 4),))})

    scratch = quick_placement(prepared, rows, targets)
    around = quick_placement(prepared, rows, targets, incumbent)

    assert scratch is not None
    assert around is not None
    assert scratch.placements["A-1/a"] == Placement("I-1", ((4, 4),))
    assert around.placements == {
        "A-1/a": Placement("I-1", ((8, 4),)),
        "B-1/a": Placement("I-1", ((0, 4),)),
    }
    assert kept_weight(prepared, around) == 1
