"""Properties of re-plans on random rounds: a published schedule, a random `now` and outage.

* every revision passes the checker;
* with no outage and a huge `change_weight`, a revision keeps every baseline block
  (whenever the baseline itself is a valid revision);
* a revision is never worse than the baseline it revises, when that is valid;
* the bound is never below that baseline.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.exchange import SOLUTION_FORMAT, Assignment, Instance, Solution
from scheduler.checking import check_solution
from scheduler.generator import GeneratorConfig, generate_instance
from scheduler.replan.build import Outage, replan_instance
from tests.scheduler.engine.helpers import solved

SETTINGS: Any = {
    "max_examples": 10,
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow],
    "derandomize": True,
}

CLAIMS = frozenset(
    {"objective-reported", "changed", "bound", "decision", "missing-reason", "reason"}
)
"""Breaches about what a solution reports rather than what it awards."""


@st.composite
def published_rounds(draw: st.DrawFn) -> tuple[Instance, Solution]:
    instance = generate_instance(
        GeneratorConfig(
            seed=draw(st.integers(0, 10_000)),
            proposals=draw(st.integers(3, 20)),
            instruments=draw(st.integers(1, 4)),
            shifts=draw(st.integers(20, 90)),
            policies=draw(st.sampled_from(["none", "hard", "soft", "mixed"])),
            calendar=draw(st.sampled_from(["normal", "tight", "fragmented"])),
        )
    )
    return instance, solved(instance, time_limit=1.0)


def baseline_revision(replan: Instance) -> Solution:
    """The baseline itself, written as a revision (objective left for the checker)."""
    assert replan.replan is not None
    return Solution(
        format=SOLUTION_FORMAT,
        round=replan.round.id,
        status="feasible",
        objective=0.0,
        assignments=tuple(
            Assignment(request=b.request, instrument=b.instrument, blocks=b.blocks)
            for b in replan.replan.baseline
        ),
    )


def baseline_is_valid(replan: Instance) -> tuple[bool, float]:
    """Whether the baseline keeps every award rule of the re-plan, and its objective."""
    report = check_solution(replan, baseline_revision(replan))
    return all(b.rule in CLAIMS for b in report.breaches), float(report.objective)


@settings(**SETTINGS)
@given(published_rounds(), st.data())
def test_every_revision_after_an_outage_passes_the_checker(
    published: tuple[Instance, Solution], data: st.DataObject
) -> None:
    instance, schedule = published
    n_shifts = instance.round.n_shifts
    now = data.draw(st.integers(0, n_shifts), label="now")
    lost = data.draw(st.sampled_from([i.id for i in instance.instruments]), label="instrument")
    start = data.draw(st.integers(now, n_shifts), label="outage start")
    end = data.draw(st.integers(start, n_shifts), label="outage end")
    replan = replan_instance(instance, schedule, now=now, outages=[Outage(lost, start, end)])
    revision = solved(replan, time_limit=1.5)
    valid, baseline_objective = baseline_is_valid(replan)
    if valid:
        assert revision.objective is not None
        assert revision.objective >= baseline_objective - 1e-6


@settings(**SETTINGS)
@given(published_rounds(), st.data())
def test_without_outage_a_heavy_change_weight_keeps_every_baseline_block(
    published: tuple[Instance, Solution], data: st.DataObject
) -> None:
    instance, schedule = published
    now = data.draw(st.integers(0, instance.round.n_shifts), label="now")
    replan = replan_instance(instance, schedule, now=now, change_weight=10_000.0)
    valid, baseline_objective = baseline_is_valid(replan)
    revision = solved(replan, time_limit=1.5)
    if valid:
        assert revision.changed == 0
        assert revision.objective is not None
        assert revision.objective >= baseline_objective - 1e-6


@settings(**SETTINGS)
@given(published_rounds(), st.data())
def test_the_bound_never_falls_below_the_baseline_it_revises(
    published: tuple[Instance, Solution], data: st.DataObject
) -> None:
    # The models' kept literals put the change penalty into the bound: it must still hold
    # every valid revision, the baseline itself included, whatever `change_weight`.
    instance, schedule = published
    n_shifts = instance.round.n_shifts
    now = data.draw(st.integers(0, n_shifts), label="now")
    lost = data.draw(st.sampled_from([i.id for i in instance.instruments]), label="instrument")
    start = data.draw(st.integers(now, n_shifts), label="outage start")
    weight = data.draw(st.sampled_from([0.5, 1.0, 50.0]), label="change weight")
    replan = replan_instance(
        instance, schedule, now=now, outages=[Outage(lost, start, n_shifts)], change_weight=weight
    )
    revision = solved(replan, time_limit=1.5)
    valid, baseline_objective = baseline_is_valid(replan)
    if valid and revision.bound is not None:
        assert revision.bound >= baseline_objective - 1e-6
