"""The selection model values a re-plan's kept time: its bound counts the change penalty of
every block it does not keep, and stays a bound."""

from __future__ import annotations

from fractions import Fraction

import pytest

from models.exchange import Instance
from scheduler.params import SolveParams
from scheduler.policy_rows import all_policy_rows
from scheduler.search.incumbent import Incumbent
from scheduler.search.selection_stage import SelectionResult, solve_selection
from scheduler.solve import prepared_round
from tests.scheduler.engine.helpers import solved
from tests.scheduler.factories import baseline, instance, instrument, proposal, request


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


@pytest.mark.parametrize("change_weight", [1.0, 6.0])
def test_the_replan_bound_is_met_by_the_best_revision(change_weight: float) -> None:
    solution = solved(newcomer_against_the_baseline(change_weight), workers=1, deterministic=True)

    assert solution.objective == pytest.approx(max(10.0, 15.0 - change_weight))
    assert solution.bound == pytest.approx(solution.objective)
    assert solution.status == "optimal"
