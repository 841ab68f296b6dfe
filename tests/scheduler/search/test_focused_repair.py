"""The focused repair of a re-plan's warm start: a broken hard agreement is restored by the
few requests that can mend it, where keeping or dropping baseline awards can only lose time."""

from __future__ import annotations

import pytest

from models.exchange import Instance, Request
from scheduler.allocation import Allocation
from scheduler.evaluation import objective_value
from scheduler.params import SolveParams
from scheduler.policy_rows import all_policy_rows
from scheduler.prepare import PreparedInstance
from scheduler.replan.revision import Revision
from scheduler.search.focused_repair import (
    broken_hard_policies,
    focused_scope,
    repair_around_the_loss,
)
from scheduler.search.incumbent import Incumbent
from scheduler.search.rebalance import rebalance
from scheduler.search.validity import breaks_award_rules
from scheduler.solve import prepared_round
from tests.scheduler.engine.helpers import solved
from tests.scheduler.factories import (
    baseline,
    contribution_policy,
    instance,
    instrument,
    proposal,
    request,
)


def members_lose_balance() -> Instance:
    # RU and KZ must each have at least half the members' time at NICA (A and B). The
    # baseline gives each 8 shifts; B is lost for [4, 8), so K-2's block goes and KZ has 4 to
    # RU's 8. K-2 fits again on B at [8, 12) once X-1 (CN, score 0.5) makes room: two
    # changed blocks restore the balance. C is INP's, outside the policy.
    def fixed_block(request_id: str, instruments: list[str], shifts: int = 4) -> Request:
        return request(
            request_id, instruments, shifts, min_shifts=shifts, min_block=shifts, deadline=12
        )

    return instance(
        [
            proposal("R-1", 5.0, [fixed_block("R-1/a", ["A"])], {"RU": 1.0}),
            proposal("R-2", 4.0, [fixed_block("R-2/a", ["A"])], {"RU": 1.0}),
            proposal("K-1", 3.0, [fixed_block("K-1/a", ["B"])], {"KZ": 1.0}),
            proposal("K-2", 3.0, [fixed_block("K-2/a", ["B"])], {"KZ": 1.0}),
            proposal("K-3", 1.0, [fixed_block("K-3/a", ["B"])], {"KZ": 1.0}),
            proposal("X-1", 0.5, [fixed_block("X-1/a", ["B"], 2)], {"CN": 1.0}),
            proposal("C-1", 2.0, [fixed_block("C-1/a", ["C"])], {"CN": 1.0}),
        ],
        [
            instrument("A"),
            instrument("B", closed=[(4, 8)]),
            instrument("C", facility="INP"),
        ],
        policies=[
            contribution_policy(
                "MEMBERS",
                facilities=["NICA"],
                shares={"RU": 0.5, "KZ": 0.5},
                min_ratio=1.0,
                mode="hard",
            )
        ],
        n_shifts=12,
        replan={
            "now": 0,
            "baseline": [
                baseline("R-1/a", "A", (0, 4)),
                baseline("R-2/a", "A", (4, 4)),
                baseline("K-1/a", "B", (0, 4)),
                baseline("K-2/a", "B", (4, 4)),
                baseline("X-1/a", "B", (8, 2)),
                baseline("C-1/a", "C", (0, 4)),
            ],
            "change_weight": 1.0,
        },
    )


def test_the_scope_frees_the_short_member_its_room_and_the_hit_requests_only() -> None:
    prepared, revision = prepared_round(members_lose_balance())
    assert revision is not None
    rows = all_policy_rows(prepared.index)
    start = revision.start.allocation
    assert broken_hard_policies(prepared, rows, start) == {"MEMBERS"}

    scope = focused_scope(prepared, rows, start, hit=["K-2/a"])

    # KZ's requests short of their shifts may go anywhere; K-1 and X-1 share B with them
    # and may only shrink or go; RU's awards on A and the award at INP stay as they are.
    assert set(scope.free) == {"K-1/a", "K-2/a", "K-3/a", "X-1/a"}
    assert scope.free["X-1/a"].shrink_only == start.placements["X-1/a"]
    assert scope.free["K-2/a"].shrink_only is None
    assert set(scope.fixed.placements) == {"R-1/a", "R-2/a", "C-1/a"}


def test_the_focused_repair_makes_room_for_the_short_member_instead_of_cutting_the_other() -> None:
    prepared, revision = prepared_round(members_lose_balance())
    assert revision is not None
    rows = all_policy_rows(prepared.index)
    start = revision.start.allocation
    params = SolveParams(time_limit=10, workers=1, deterministic=True)

    repaired = repair_around_the_loss(
        Incumbent(prepared, params, None, None, revision), rows, start, ["K-2/a"], 5.0
    )

    assert repaired is not None
    assert not breaks_award_rules(prepared, repaired)
    assert repaired.placements["K-2/a"].blocks == ((8, 4),)
    assert "X-1/a" not in repaired.placements
    assert revision.changed(repaired) == 2  # the block the outage made impossible, and X-1's
    # 5*4 + 4*4 + 3*4 + 3*4 + 2*4 = 68, less two changed blocks.
    assert value(prepared, revision, repaired) == pytest.approx(66.0)
    # First fit finds no room for K-2 or K-3, so greedy moves withdraw RU's R-2 instead:
    # 20 + 12 + 1 + 8 = 41, less two changed blocks.
    by_greedy_moves = rebalance(prepared, rows, start)
    assert not breaks_award_rules(prepared, by_greedy_moves)
    assert "R-2/a" not in by_greedy_moves.placements
    assert value(prepared, revision, by_greedy_moves) == pytest.approx(39.0)


def test_a_replan_whose_outage_breaks_a_hard_agreement_changes_only_what_restores_it() -> None:
    solution = solved(members_lose_balance(), time_limit=5.0, workers=1, deterministic=True)

    assert solution.objective == pytest.approx(66.0)
    assert solution.changed == 2


def value(prepared: PreparedInstance, revision: Revision, allocation: Allocation) -> float:
    """The re-plan's objective of an allocation of its remaining round."""
    base = objective_value(prepared.index, allocation.awards())
    return float(base + revision.adjustment(allocation))
