"""The engine is an anytime search: a valid schedule early at any size, and more time never
gives a worse one."""

from __future__ import annotations

import pytest

from scheduler.allocation import Allocation
from scheduler.generator import GeneratorConfig, generate_instance
from scheduler.generator.config import CalendarProfile, PolicyProfile
from scheduler.params import SolveParams
from scheduler.prepare import prepare
from scheduler.search.validity import breaks_award_rules
from scheduler.solve import solve
from tests.scheduler.engine.helpers import solved


def test_a_round_of_thousands_whose_empty_award_breaks_an_agreement_gets_a_schedule_in_5_s() -> (
    None
):
    instance = generate_instance(
        GeneratorConfig(
            seed=21, proposals=2500, instruments=40, shifts=540, policies="mixed", owed_shifts=20
        )
    )
    assert breaks_award_rules(prepare(instance), Allocation())

    solution = solved(instance, time_limit=5.0)

    assert solution.status in ("feasible", "optimal")
    assert solution.assignments
    assert solution.objective > 0


@pytest.mark.parametrize(
    ("seed", "policies", "calendar"),
    [
        (1, "mixed", "normal"),
        (2, "hard", "fragmented"),
        (3, "soft", "tight"),
        (4, "hard", "normal"),
    ],
)
def test_a_longer_limit_is_never_worse_with_the_same_seed(
    seed: int, policies: PolicyProfile, calendar: CalendarProfile
) -> None:
    instance = generate_instance(
        GeneratorConfig(
            seed=seed, proposals=50, instruments=5, shifts=150, policies=policies, calendar=calendar
        )
    )
    objectives = [
        solve(instance, SolveParams(time_limit=limit, seed=seed, deterministic=True)).objective
        for limit in (0.5, 1.0, 2.0, 4.0)
    ]
    assert objectives == sorted(objectives)
