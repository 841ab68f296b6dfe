"""Declined time in a re-plan instance (`replan_instance`): a declined proposal or request is
never offered time again, and the back-fill weight keeps every keepable block."""

from __future__ import annotations

import pytest

from models.exchange import Assignment, Instance
from scheduler.replan.build import ReplanInputError, keeping_change_weight, replan_instance
from tests.scheduler.engine.helpers import solved
from tests.scheduler.factories import (
    assignment,
    instance,
    instrument,
    proposal,
    reciprocity_policy,
    request,
    solution,
)


def published() -> tuple[Instance, list[Assignment]]:
    # P-1 has two requests, both booked; P-2 waits for time on I (24 shifts).
    round_ = instance(
        [
            proposal(
                "P-1",
                3.0,
                [request("P-1/a", ["I"], 4), request("P-1/b", ["I"], 4)],
                coupled=False,
            ),
            proposal("P-2", 1.0, [request("P-2/a", ["I"], 8)]),
        ],
        [instrument("I")],
    )
    return round_, [assignment("P-1/a", "I", (0, 4)), assignment("P-1/b", "I", (6, 2))]


def test_a_declined_request_asks_for_what_it_holds_and_its_sibling_is_untouched() -> None:
    round_, booked = published()
    replan = replan_instance(round_, solution(booked), now=0, declined_requests=["P-1/b"])
    requests = {r.id: r for p in replan.proposals for r in p.requests}
    assert (requests["P-1/b"].shifts, requests["P-1/b"].min_shifts) == (2, 2)
    assert requests["P-1/a"].shifts == 4
    assert replan.replan is not None
    assert {b.request for b in replan.replan.baseline} == {"P-1/a", "P-1/b"}


def test_a_declined_request_holding_nothing_is_gone() -> None:
    round_, booked = published()
    replan = replan_instance(round_, solution(booked[:1]), now=0, declined_requests=["P-1/b"])
    assert "P-1/b" not in {r.id for p in replan.proposals for r in p.requests}
    assert solved(replan).assignments  # still solvable
    assert all(a.request != "P-1/b" for a in solved(replan).assignments)


def test_an_unknown_declined_request_is_refused() -> None:
    round_, booked = published()
    with pytest.raises(ReplanInputError, match="declined requests not in the round: X"):
        replan_instance(round_, solution(booked), now=0, declined_requests=["X"])


def test_the_keeping_weight_exceeds_the_whole_value_of_the_round() -> None:
    round_, _ = published()
    assert keeping_change_weight(round_) == int(3.0 * 8 + 1.0 * 8) + 1
    soft = round_.model_copy(
        update={
            "policies": (
                reciprocity_policy(
                    "RU-KZ", countries=["RU", "KZ"], tolerance=0, mode="soft", weight=2.0
                ),
            )
        }
    )
    assert keeping_change_weight(soft) == int(32 + 2.0 * 2 * (1 + 1.0) * 16) + 1


def test_with_the_keeping_weight_a_revision_keeps_every_block_and_fills_the_rest() -> None:
    round_, _ = published()
    booked = [assignment("P-1/a", "I", (0, 4)), assignment("P-1/b", "I", (6, 4))]
    weight = keeping_change_weight(round_)
    revision = solved(replan_instance(round_, solution(booked), now=0, change_weight=weight))
    assert revision.revision is not None
    assert revision.revision.kept == 2
    placed = {a.request: a.blocks for a in revision.assignments}
    assert placed["P-1/a"] == ((0, 4),)
    assert placed["P-1/b"] == ((6, 4),)
    assert "P-2/a" in placed  # the free shifts go to the waiting proposal
