"""Free runs found in one vectorised pass are exactly those found run by run."""

from __future__ import annotations

import random

import pytest

from scheduler.generator import GeneratorConfig, generate_instance
from scheduler.generator.config import CalendarProfile
from scheduler.prepare import prepare
from scheduler.search.greedy import greedy_allocation
from scheduler.search.occupancy import Occupancy


@pytest.mark.parametrize("calendar", ["normal", "tight", "fragmented"])
def test_free_runs_match_the_run_by_run_definition(calendar: CalendarProfile) -> None:
    prepared = prepare(generate_instance(GeneratorConfig(seed=3, proposals=150, calendar=calendar)))
    occupancy = Occupancy(prepared, greedy_allocation(prepared))
    rng = random.Random(1)
    for plan in prepared.plans.values():
        for window in plan.windows:
            not_before = rng.choice([0, rng.randrange(prepared.n_shifts)])
            not_after = rng.choice([None, rng.randrange(prepared.n_shifts + 1)])
            expected = occupancy._free_runs_one_by_one(window, not_before, not_after)
            assert occupancy.free_runs(window, not_before, not_after) == expected
