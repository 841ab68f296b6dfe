"""Rounds above the whole-round threshold take the decomposed path: selection, placement with
feedback, further attempts and neighbourhood search. Its solutions must be as valid as any."""

from __future__ import annotations

import pytest

from scheduler.generator import GeneratorConfig, generate_instance
from scheduler.generator.config import CalendarProfile, PolicyProfile
from scheduler.prepare import prepare
from scheduler.search.engine import MONOLITHIC_REQUESTS
from tests.scheduler.engine.helpers import solved


@pytest.mark.parametrize(
    ("policies", "calendar"), [("mixed", "normal"), ("hard", "tight"), ("hard", "fragmented")]
)
def test_a_large_round_gets_a_checked_schedule_and_an_honest_bound(
    policies: PolicyProfile, calendar: CalendarProfile
) -> None:
    instance = generate_instance(
        GeneratorConfig(
            seed=8, proposals=260, instruments=10, shifts=240, policies=policies, calendar=calendar
        )
    )
    prepared = prepare(instance)
    assert sum(plan.placeable for plan in prepared.plans.values()) > MONOLITHIC_REQUESTS

    # Deterministic: the budget is the same however loaded the machine is.
    solution = solved(instance, time_limit=6.0, deterministic=True)

    assert solution.objective > 0
    assert solution.bound is not None
    assert solution.bound >= solution.objective
    if solution.status == "optimal":
        assert solution.bound == solution.objective
    assert [d.proposal for d in solution.decisions] == [p.id for p in instance.proposals]
