"""The selection and time-indexed models value a re-plan's kept time: their bounds count the
change penalty of every block they do not keep, and stay bounds."""

from __future__ import annotations

from fractions import Fraction

import pytest
from ortools.sat.python import cp_model

from models.exchange import Instance
from scheduler.model.time_indexed import build_time_indexed_model
from scheduler.params import SolveParams
from scheduler.policy_rows import all_policy_rows
from scheduler.search.incumbent import Incumbent
from scheduler.search.selection_stage import SelectionResult, solve_selection
from scheduler.solve import prepared_round
from tests.scheduler.engine.helpers import solved
from tests.scheduler.factories import (
    baseline,
    instance,
    instrument,
    precedence,
    proposal,
    request,
)


def newcomer_against_the_baseline(change_weight: float) -> Instance:
    # Five shifts on I: the baseline gives them to P-2 (score 2, worth 10); P-1 (score 3,
    # worth 15) would take them all, at the cost of changing P-2's block.
    return instance(
        [
            proposal("P-1", 3.0, [request("P-1/a", ["I"], 5, min_block=5, deadline=5)]),
            proposal("P-2", 2.0, [request("P-2/a", ["I"], 5, min_block=5, deadline=5)]),
        ],
        [instrument("I")],
        n_shifts=5,
        replan={
            "now": 0,
            "baseline": [baseline("P-2/a", "I", (0, 5))],
            "change_weight": change_weight,
        },
    )


def selection_of(round_: Instance) -> SelectionResult:
    prepared, revision = prepared_round(round_)
    params = SolveParams(time_limit=10, workers=1, deterministic=True)
    incumbent = Incumbent(prepared, params, None, None, revision)
    return solve_selection(incumbent, all_policy_rows(prepared.index), 5.0)


def test_the_selection_keeps_the_baseline_when_changing_it_costs_more_than_it_gains() -> None:
    # Keeping P-2: 10; P-1 instead: 15 - 6 = 9. Without kept literals the bound was 15.
    result = selection_of(newcomer_against_the_baseline(change_weight=6.0))

    assert result.bound == Fraction(10)
    assert result.targets == {"P-2/a": ("I", 5)}


def test_the_selection_changes_the_baseline_when_that_pays() -> None:
    # P-1 instead: 15 - 1 = 14 beats keeping P-2's 10.
    result = selection_of(newcomer_against_the_baseline(change_weight=1.0))

    assert result.bound == Fraction(14)
    assert result.targets == {"P-1/a": ("I", 5)}


@pytest.mark.parametrize(("change_weight", "best"), [(6.0, 10), (1.0, 14)])
def test_the_time_indexed_model_charges_every_block_it_does_not_keep(
    change_weight: float, best: int
) -> None:
    prepared, _ = prepared_round(newcomer_against_the_baseline(change_weight))
    formulation = build_time_indexed_model(prepared, all_policy_rows(prepared.index), None)
    solver = cp_model.CpSolver()

    assert solver.solve(formulation.model) == cp_model.OPTIMAL
    assert formulation.objective.value(solver.objective_value) == Fraction(best)
    kept = best == 10
    assert set(formulation.read_allocation(solver).placements) == {"P-2/a" if kept else "P-1/a"}


@pytest.mark.parametrize("change_weight", [1.0, 6.0])
def test_the_replan_bound_is_met_by_the_best_revision(change_weight: float) -> None:
    solution = solved(newcomer_against_the_baseline(change_weight), workers=1, deterministic=True)

    assert solution.objective == pytest.approx(max(10.0, 15.0 - change_weight))
    assert solution.bound == pytest.approx(solution.objective)
    assert solution.status == "optimal"


def test_an_after_left_out_does_not_keep_its_before_from_ending_at_the_horizon() -> None:
    # B (score 5) fits only in [6, 10); A must start 2 shifts after B ends, which the round
    # cannot hold, so A is left out and B still ends at the horizon: 5 * 4.
    round_ = instance(
        [
            proposal("P-B", 5.0, [request("P-B/a", ["I"], 4, release=6, deadline=10)]),
            proposal("P-A", 1.0, [request("P-A/a", ["I"], 2, deadline=10)]),
        ],
        [instrument("I")],
        precedences=[precedence("P-B/a", "P-A/a", min_gap=2)],
        n_shifts=10,
    )
    prepared, _ = prepared_round(round_)
    formulation = build_time_indexed_model(prepared, all_policy_rows(prepared.index), None)
    solver = cp_model.CpSolver()

    assert solver.solve(formulation.model) == cp_model.OPTIMAL
    assert formulation.objective.value(solver.objective_value) == Fraction(20)
