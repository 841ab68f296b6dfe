"""The rank-and-cut baseline: by score, first fit, policies ignored, behind the same interface."""

from __future__ import annotations

from models.exchange import Solution
from scheduler.checking import check_solution
from scheduler.params import SolveParams
from scheduler.solve import solve
from tests.scheduler.factories import (
    instance,
    instrument,
    proposal,
    reciprocity_policy,
    request,
)


def baseline(round_: object) -> Solution:
    return solve(round_, SolveParams(method="greedy"))  # type: ignore[arg-type]


def test_higher_scores_get_their_time_first() -> None:
    round_ = instance(
        [
            proposal("P-low", 2.0, [request("P-low/a", ["I"], 6, deadline=10)]),
            proposal("P-high", 4.0, [request("P-high/a", ["I"], 6, deadline=10)]),
        ],
        [instrument("I")],
        n_shifts=10,
    )
    solution = baseline(round_)
    assert [a.request for a in solution.assignments] == ["P-high/a"]
    assert solution.assignments[0].blocks == ((0, 6),)
    assert solution.status == "feasible"
    assert check_solution(round_, solution).valid


def test_the_baseline_ignores_policies_and_says_so() -> None:
    round_ = instance(
        [proposal("P-1", 4.0, [request("P-1/a", ["K"], 6, deadline=10)], {"RU": 1.0})],
        [instrument("K", facility="INP")],
        policies=[reciprocity_policy("RU-KZ", countries=["RU", "KZ"])],
        n_shifts=10,
    )
    solution = baseline(round_)
    assert solution.status == "unknown"  # its award breaks the hard policy
    assert [(p.id, p.violation) for p in solution.policies] == [("RU-KZ", 6.0)]
    assert not check_solution(round_, solution).valid
