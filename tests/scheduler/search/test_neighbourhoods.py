"""The guided neighbourhood frees requests where the selection's targets beat the incumbent."""

from __future__ import annotations

import random

from scheduler.allocation import Allocation
from scheduler.generator import GeneratorConfig, generate_instance
from scheduler.prepare import prepare
from scheduler.search.greedy import greedy_allocation
from scheduler.search.neighbourhoods import where_the_bound_differs


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
