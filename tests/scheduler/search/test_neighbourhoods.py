"""The guided neighbourhoods free requests where the selection's targets beat the incumbent,
and, in a re-plan, around the requests the lost time hit."""

from __future__ import annotations

import random

from scheduler.allocation import Allocation
from scheduler.generator import GeneratorConfig, generate_instance
from scheduler.prepare import prepare
from scheduler.search.greedy import greedy_allocation
from scheduler.search.neighbourhoods import around_the_loss, where_the_bound_differs


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
