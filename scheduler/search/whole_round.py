"""Stage for small rounds: whole-round models that can prove optimality, side by side.

Two formulations of the same round compete, each on its own core: the interval
model (strong on long calendars and wide windows) and, when the horizon is short
enough, the time-indexed model (strong on fragmented calendars, whose linear
relaxation sees every shift). The first to prove optimality stops the other.
When the selection stage did not prove its own optimum, the selection model runs
beside them to tighten the bound.
In deterministic mode they run one after the other, so that the result does not
depend on thread timing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from ortools.sat.python import cp_model

from scheduler.allocation import Allocation
from scheduler.model.objective import ObjectiveScale
from scheduler.model.schedule import GENEROUS_SLOTS, build_schedule_model
from scheduler.model.selection import build_selection_model
from scheduler.model.time_indexed import build_time_indexed_model, time_indexed_size
from scheduler.policy_rows import PolicyRow
from scheduler.search.incumbent import Incumbent
from scheduler.search.neighbourhoods import everything
from scheduler.search.runner import run_model

SEQUENTIAL_SLICE_SECONDS = 1.0
SEQUENTIAL_SLICE_PER_REQUEST = 0.002
"""Run one after the other, each formulation but the interval model gets this slice."""

TIME_INDEXED_LIMIT = 4000
"""Most shift booleans for which the time-indexed model joins (measured on the ladder)."""


class _Formulation:
    """A built whole-round model that can be solved and read back."""

    def __init__(
        self,
        model: cp_model.CpModel,
        read: Callable[[cp_model.CpSolver | cp_model.CpSolverSolutionCallback], Allocation] | None,
        objective: ObjectiveScale,
        exact: bool,
    ) -> None:
        """`read` is None for a relaxation, which contributes its bound only."""
        self.model, self.read, self.objective, self.exact = model, read, objective, exact


def solve_whole_round(
    incumbent: Incumbent,
    rows: dict[str, list[PolicyRow]],
    seconds: float,
    *,
    refine_bound: bool = False,
) -> bool:
    """Run the whole-round formulations, hinted with the incumbent; True if optimality is proven."""
    prepared = incumbent.prepared
    hint = incumbent.allocation
    formulations = []
    if time_indexed_size(prepared) <= TIME_INDEXED_LIMIT:
        indexed = build_time_indexed_model(prepared, rows, hint)
        formulations.append(
            _Formulation(
                indexed.model,
                indexed.read_allocation,
                indexed.objective,
                indexed.objective.exact and indexed.policies.exact,
            )
        )
    interval = build_schedule_model(
        prepared, rows, everything(prepared, hint), hint=hint, slot_limit=GENEROUS_SLOTS
    )
    interval_formulation = _Formulation(
        interval.model,
        interval.read_allocation,
        interval.objective,
        interval.objective.exact and interval.policies.exact,
    )
    formulations.append(interval_formulation)
    if refine_bound:
        selection = build_selection_model(prepared, rows)
        formulations.append(
            _Formulation(
                selection.model,
                None,
                selection.objective,
                selection.objective.exact and selection.policies.exact,
            )
        )
    workers = incumbent.params.workers
    if len(formulations) == 1 or workers < 2 or incumbent.params.deterministic:
        # One after the other: each but the interval model gets a slice of its own (set by
        # the round's size), the interval model the rest, so that a longer limit extends
        # the trajectory of a shorter one instead of changing it.
        interval_model = formulations.pop(formulations.index(interval_formulation))
        slice_seconds = SEQUENTIAL_SLICE_SECONDS + SEQUENTIAL_SLICE_PER_REQUEST * len(
            prepared.plans
        )
        for formulation in formulations:
            if _run(incumbent, formulation, slice_seconds, workers, threading.Event()):
                return True
            if incumbent.stopped():
                return False
        return _run(incumbent, interval_model, seconds, workers, threading.Event())
    done = threading.Event()
    results: list[bool] = [False] * len(formulations)
    per_formulation = max(1, workers // len(formulations))

    def work(number: int) -> None:
        results[number] = _run(incumbent, formulations[number], seconds, per_formulation, done)
        if results[number]:
            done.set()

    threads = [
        threading.Thread(target=work, args=(n,), name=f"beamtime-whole-{n}")
        for n in range(len(formulations))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return any(results)


def _run(
    incumbent: Incumbent,
    formulation: _Formulation,
    seconds: float,
    workers: int,
    done: threading.Event,
) -> bool:
    solver = cp_model.CpSolver()
    read = formulation.read

    def on_solution(callback: cp_model.CpSolverSolutionCallback) -> None:
        if read is not None:
            incumbent.offer(read(callback))

    outcome = run_model(
        formulation.model,
        solver,
        incumbent.params,
        incumbent.budget(seconds),
        workers=workers,
        on_solution=on_solution,
        should_stop=lambda: done.is_set() or incumbent.should_stop() or incumbent.closed_gap(),
    )
    incumbent.clock.charge(outcome.deterministic_seconds)
    if outcome.has_solution and read is not None:
        incumbent.offer(read(solver))
    if outcome.bound is not None and formulation.exact:
        incumbent.improve_bound(formulation.objective.bound(outcome.bound))
    if outcome.infeasible and read is not None:
        incumbent.proven_infeasible = True
    return outcome.optimal and formulation.exact and read is not None
