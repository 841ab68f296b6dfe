"""The guided neighbourhoods free requests where the selection's targets beat the incumbent,
and, in a re-plan, around the requests the lost time hit or the room declined groups left."""

from __future__ import annotations

import random

from scheduler.allocation import Allocation, Placement
from scheduler.generator import GeneratorConfig, generate_instance
from scheduler.prepare import prepare
from scheduler.search.greedy import greedy_allocation
from scheduler.search.neighbourhoods import (
    around_free_room,
    around_the_loss,
    where_the_bound_differs,
)
from tests.scheduler.factories import instance, instrument, proposal, request


def test_the_guided_neighbourhood_seeds_on_the_instrument_the_targets_favour() -> None:
    prepared = prepare(generate_instance(GeneratorConfig(seed=3, proposals=120, instruments=8)))
    incumbent = greedy_allocation(prepared)
    # Targets that agree with the incumbent everywhere and add requests on one instrument.
    wanted = prepared.instance.instruments[0].id
    targets = {r: (p.instrument, p.shifts) for r, p in incumbent.placements.items()}
    extra = {
        plan.id: (wanted, plan.request.shifts)
        for plan in prepared.requests_on[wanted]
        if plan.id not in incumbent.placements
    }
    assert extra
    neighbourhood = where_the_bound_differs({**targets, **extra})

    for seed in range(10):
        scope = neighbourhood(prepared, incumbent, random.Random(seed), 30)
        assert any(wanted in free.instruments for free in scope.free.values())


def test_without_a_difference_it_falls_back_to_a_random_neighbourhood() -> None:
    prepared = prepare(generate_instance(GeneratorConfig(seed=3, proposals=60, instruments=6)))
    scope = where_the_bound_differs({})(prepared, Allocation(), random.Random(1), 20)
    assert scope.free


def test_the_loss_neighbourhood_frees_hit_requests_on_every_alternative_with_their_rivals() -> None:
    prepared = prepare(generate_instance(GeneratorConfig(seed=3, proposals=120, instruments=8)))
    incumbent = greedy_allocation(prepared)
    hit = sorted(incumbent.placements)[:3]
    neighbourhood = around_the_loss(hit)

    for seed in range(5):
        scope = neighbourhood(prepared, incumbent, random.Random(seed), 40)
        freed_hits = [r for r in hit if r in scope.free]
        assert freed_hits
        for request_id in freed_hits:
            alternatives = {w.instrument for w in prepared.plans[request_id].windows}
            assert set(scope.free[request_id].instruments) == alternatives
        assert len(scope.free) > len(freed_hits)  # what competes for their instruments too
        assert not set(scope.free) & set(scope.fixed.placements)


def test_with_no_hit_request_left_the_loss_neighbourhood_is_a_random_one() -> None:
    prepared = prepare(generate_instance(GeneratorConfig(seed=3, proposals=60, instruments=6)))
    scope = around_the_loss(["not-in-the-round"])(prepared, Allocation(), random.Random(1), 20)
    assert scope.free


def test_the_freed_room_neighbourhood_frees_what_could_use_unused_open_time() -> None:
    # I-1 is half used ([0, 12) by P-1/a); P-2/a waits for it and could use [12, 24).
    # I-2 is full, and what waits for it nowhere else stays out of the neighbourhood.
    round_ = instance(
        [
            proposal("P-1", 3.0, [request("P-1/a", ["I-1"], 12)]),
            proposal("P-2", 2.0, [request("P-2/a", ["I-1", "I-2"], 12)]),
            proposal("P-3", 2.0, [request("P-3/a", ["I-2"], 24)]),
            proposal("P-4", 1.0, [request("P-4/a", ["I-2"], 4)]),
        ],
        [instrument("I-1"), instrument("I-2")],
    )
    prepared = prepare(round_)
    placed = Allocation(
        {"P-1/a": Placement("I-1", ((0, 12),)), "P-3/a": Placement("I-2", ((0, 24),))}
    )

    for seed in range(5):
        scope = around_free_room(prepared, placed, random.Random(seed), 10)
        assert set(scope.free) == {"P-1/a", "P-2/a"}
        assert scope.free["P-2/a"].instruments == ("I-1",)
        assert set(scope.fixed.placements) == {"P-3/a"}
