"""Rounds whose hard rules cannot hold together: status infeasible and the conflicting rules."""

from __future__ import annotations

from typing import Any

from models.exchange import Instance, Request
from tests.scheduler.engine.helpers import solved
from tests.scheduler.factories import (
    instance,
    instrument,
    precedence,
    proposal,
    reciprocity_policy,
)
from tests.scheduler.factories import request as request_with_window


def request(request_id: str, instruments: list[str], shifts: int, **fields: Any) -> Request:
    fields.setdefault("deadline", 10)
    return request_with_window(request_id, instruments, shifts, **fields)


def owed_round(*, coupled_blocker: bool = False, precedence_blocker: bool = False) -> Instance:
    """RU got 20 shifts at KZ's facilities in earlier rounds; KZ can get at most 5 at RU's."""
    kz_requests = [request("P-2/a", ["I"], 5, min_shifts=1, min_block=1)]
    if coupled_blocker:
        kz_requests.append(request("P-2/b", ["J"], 10))  # J is partly closed: never fits
    proposals = [proposal("P-2", 3.0, kz_requests, {"KZ": 1.0})]
    precedences = []
    if precedence_blocker:
        proposals.append(proposal("P-1", 1.0, [request("P-1/a", ["J"], 10)]))
        precedences.append(precedence("P-1/a", "P-2/a"))
    return instance(
        proposals,
        [instrument("I"), instrument("J", closed=[(0, 3)])],
        precedences=precedences,
        policies=[
            reciprocity_policy(
                "RU-KZ", countries=["RU", "KZ"], tolerance=2, credit={"RU": 20, "KZ": 0}
            ),
            reciprocity_policy("RU-CN", countries=["RU", "CN"], tolerance=1),
        ],
        n_shifts=10,
    )


def test_a_policy_that_cannot_hold_is_the_conflict() -> None:
    solution = solved(owed_round())
    assert solution.status == "infeasible"
    assert solution.conflict == ("RU-KZ",)
    assert solution.assignments == ()


def test_a_coupling_that_blocks_the_balance_joins_the_conflict() -> None:
    round_ = owed_round(coupled_blocker=True)
    round_ = round_.model_copy(
        update={
            "policies": (
                reciprocity_policy(
                    "RU-KZ", countries=["RU", "KZ"], tolerance=16, credit={"RU": 20, "KZ": 0}
                ),
            )
        }
    )
    solution = solved(round_)
    assert solution.status == "infeasible"
    assert sorted(solution.conflict or ()) == ["RU-KZ", "coupled:P-2"]


def test_a_precedence_that_blocks_the_balance_joins_the_conflict() -> None:
    round_ = owed_round(precedence_blocker=True)
    round_ = round_.model_copy(
        update={
            "policies": (
                reciprocity_policy(
                    "RU-KZ", countries=["RU", "KZ"], tolerance=16, credit={"RU": 20, "KZ": 0}
                ),
            )
        }
    )
    solution = solved(round_)
    assert solution.status == "infeasible"
    assert sorted(solution.conflict or ()) == ["P-1/a->P-2/a", "RU-KZ"]


def test_a_soft_policy_never_makes_a_round_infeasible() -> None:
    round_ = owed_round()
    round_ = round_.model_copy(
        update={
            "policies": (
                reciprocity_policy(
                    "RU-KZ", countries=["RU", "KZ"], mode="soft", credit={"RU": 20, "KZ": 0}
                ),
            )
        }
    )
    solution = solved(round_)
    assert solution.status == "optimal"
    assert solution.objective == 3.0 * 5 - 15.0
