"""Running one CP-SAT model under the caller's budget, seed, workers and stop request."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from scheduler.params import SolveParams, StopCheck

STOP_POLL_SECONDS = 0.2


@dataclass(frozen=True)
class RunOutcome:
    """What one CP-SAT run ended with (objective and bound in CP-SAT's integer units)."""

    status: cp_model.CpSolverStatus
    objective: float | None
    bound: float | None
    wall_seconds: float
    deterministic_seconds: float

    @property
    def has_solution(self) -> bool:
        """Whether a feasible assignment was found."""
        return self.status in (cp_model.OPTIMAL, cp_model.FEASIBLE)

    @property
    def optimal(self) -> bool:
        """Whether the run proved its solution optimal."""
        return self.status == cp_model.OPTIMAL

    @property
    def infeasible(self) -> bool:
        """Whether the run proved the model infeasible."""
        return self.status == cp_model.INFEASIBLE


class _SolutionReporter(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: Callable[[cp_model.CpSolverSolutionCallback], None]) -> None:
        super().__init__()
        self._report = report

    def on_solution_callback(self) -> None:
        self._report(self)


def run_model(
    model: cp_model.CpModel,
    solver: cp_model.CpSolver,
    params: SolveParams,
    seconds: float,
    *,
    seed_offset: int = 0,
    workers: int | None = None,
    on_solution: Callable[[cp_model.CpSolverSolutionCallback], None] | None = None,
    should_stop: StopCheck | None = None,
    extra: dict[str, object] | None = None,
) -> RunOutcome:
    """Solve `model` for at most `seconds` (deterministic seconds in deterministic mode)."""
    parameters = solver.parameters
    parameters.num_workers = max(1, workers or params.workers)
    parameters.random_seed = (params.seed + seed_offset) % (2**31)
    parameters.log_search_progress = False
    if params.deterministic:
        parameters.max_deterministic_time = max(0.01, seconds)
        parameters.interleave_search = parameters.num_workers > 1
    else:
        parameters.max_time_in_seconds = max(0.01, seconds)
    for name, value in (extra or {}).items():
        if isinstance(value, list):
            getattr(parameters, name).extend(value)
        else:
            setattr(parameters, name, value)
    watcher = _StopWatcher(solver, should_stop) if should_stop is not None else None
    try:
        callback = _SolutionReporter(on_solution) if on_solution is not None else None
        status = solver.solve(model, callback)
    finally:
        if watcher is not None:
            watcher.close()
    # Without a solution the reported bound is not a bound: a search stopped during
    # presolve answers UNKNOWN with best_objective_bound 0.
    has_solution = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    response = solver.response_proto
    return RunOutcome(
        status=status,
        objective=solver.objective_value if has_solution else None,
        bound=solver.best_objective_bound if has_solution else None,
        wall_seconds=solver.wall_time,
        deterministic_seconds=response.deterministic_time,
    )


class _StopWatcher:
    """Polls `should_stop` on a thread and stops the search when it says so."""

    def __init__(self, solver: cp_model.CpSolver, should_stop: StopCheck) -> None:
        self._done = threading.Event()
        self._thread = threading.Thread(
            target=self._watch, args=(solver, should_stop), daemon=True, name="beamtime-stop"
        )
        self._thread.start()

    def _watch(self, solver: cp_model.CpSolver, should_stop: StopCheck) -> None:
        while not self._done.wait(STOP_POLL_SECONDS):
            if should_stop():
                solver.stop_search()
                return

    def close(self) -> None:
        self._done.set()
        self._thread.join()
