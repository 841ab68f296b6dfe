"""A CP-SAT run reports a bound only when it is one: the engine's gap and status rest on it."""

from __future__ import annotations

import random
from itertools import pairwise

from ortools.sat.python import cp_model

from scheduler.params import SolveParams
from scheduler.search.runner import run_model


def _heaviest_path_independent_set(weights: list[int]) -> tuple[cp_model.CpModel, int]:
    """Non-adjacent items of a path with the largest total weight: the model, its optimum."""
    model = cp_model.CpModel()
    picks = [model.new_bool_var(f"pick{i}") for i in range(len(weights))]
    for left, right in pairwise(picks):
        model.add(left + right <= 1)
    model.maximize(sum(w * p for w, p in zip(weights, picks, strict=True)))
    best_without, best_with = 0, 0
    for weight in weights:
        best_without, best_with = max(best_without, best_with), best_without + weight
    return model, max(best_without, best_with)


def test_a_run_stopped_before_any_solution_reports_no_bound() -> None:
    weights = [random.Random(7).randint(1, 100) for _ in range(20_000)]
    model, _ = _heaviest_path_independent_set(weights)
    outcome = run_model(
        model, cp_model.CpSolver(), SolveParams(workers=2), 5.0, should_stop=lambda: True
    )
    assert not outcome.has_solution
    assert outcome.bound is None


def test_a_finished_run_reports_the_optimum_as_its_bound() -> None:
    rng = random.Random(3)
    model, optimum = _heaviest_path_independent_set([rng.randint(1, 100) for _ in range(200)])
    outcome = run_model(model, cp_model.CpSolver(), SolveParams(workers=2), 10.0)
    assert outcome.optimal
    assert outcome.objective == optimum
    assert outcome.bound == optimum
