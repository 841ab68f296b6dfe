"""Before the CP-SAT placement (and even the full selection) has finished, the selection's
targets placed by first fit give a valid schedule better than rank and cut."""

from __future__ import annotations

from models.exchange import Instance
from scheduler.checking import check_solution
from scheduler.generator import GeneratorConfig, generate_instance
from scheduler.params import SolveParams
from scheduler.prepare import prepare
from scheduler.search.engine import StageBudgets
from scheduler.search.incumbent import deterministic_rate
from scheduler.solve import solve


def _limit_for(instance: Instance, deterministic_seconds: float) -> float:
    """The time limit whose deterministic budget, after the reserve, is this long (one worker)."""
    prepared = prepare(instance)
    reserve = 0.1 + 0.0003 * len(prepared.plans)
    return deterministic_seconds / deterministic_rate(len(prepared.plans), 1) + reserve


def test_the_quick_selections_targets_placed_at_once_beat_rank_and_cut() -> None:
    instance = generate_instance(
        GeneratorConfig(
            seed=1, proposals=150, instruments=8, shifts=360, policies="hard", calendar="fragmented"
        )
    )
    stages = StageBudgets.for_round(prepare(instance))
    assert 0 < stages.quick_selection < stages.selection

    def solved_within(deterministic_seconds: float) -> float:
        limit = _limit_for(instance, deterministic_seconds)
        params = SolveParams(time_limit=limit, workers=1, seed=1, deterministic=True)
        solution = solve(instance, params)
        assert check_solution(instance, solution).valid
        return solution.objective

    # Half the quick selection's budget: only rank and cut (rebalanced, filled) is done.
    rank_and_cut = solved_within(stages.quick_selection / 2)
    # The quick selection done, the full one not yet: its targets, placed at once, count.
    halfway = stages.quick_selection + (stages.selection - stages.quick_selection) / 3
    assert solved_within(halfway) > rank_and_cut
