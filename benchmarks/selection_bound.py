"""The calendar-free bound of ladder cases, for measuring how much a relaxation row tightens it.

`python -m benchmarks.selection_bound --only M-fragmented-hard,M-tight-hard --seconds 30`

Builds each case's selection model (`scheduler/model/selection.py`) and solves it alone in
deterministic mode with one worker, so that the figures do not depend on the machine's load
and two commits can be compared side by side (run the other with `PYTHONPATH` at its
checkout). One JSON line per case: the model's best solution and proven bound in the format's
units (equal when it is proven optimal), its status and its number of constraints.

With `--time-indexed`, the exact time-indexed model of the round (`model/time_indexed.py`,
one boolean per request, instrument and shift; small rounds only) is solved the same way:
where it proves its optimum, the difference to the selection's bound is how loose the
calendar-free bound is on that round.
"""

from __future__ import annotations

import argparse
import json
import time

from ortools.sat.python import cp_model

from benchmarks.cases import LADDER
from scheduler.generator import generate_instance
from scheduler.model.selection import build_selection_model
from scheduler.model.time_indexed import build_time_indexed_model
from scheduler.policy_rows import all_policy_rows
from scheduler.prepare import prepare


def selection_bound(
    case_name: str, seconds: float, seed: int, *, time_indexed: bool = False
) -> dict[str, object]:
    """One deterministic single-worker solve of a case's selection (or time-indexed) model."""
    case = next(case for case in LADDER if case.name == case_name)
    prepared = prepare(generate_instance(case.config()))
    rows = all_policy_rows(prepared.index)
    started = time.perf_counter()
    built_model = (
        build_time_indexed_model(prepared, rows, None)
        if time_indexed
        else build_selection_model(prepared, rows)
    )
    built = time.perf_counter() - started
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.max_deterministic_time = seconds
    solver.parameters.linearization_level = 2  # as the engine's single-worker selection
    status = solver.solve(built_model.model)
    solved = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    scale = built_model.objective
    return {
        "case": case_name,
        "model": "time-indexed" if time_indexed else "selection",
        "deterministic_seconds": seconds,
        "status": solver.status_name(status),
        "objective": float(scale.value(solver.objective_value)) if solved else None,
        "bound": float(scale.bound(solver.best_objective_bound)) if solved else None,
        "constraints": len(built_model.model.proto.constraints),
        "build_seconds": round(built, 2),
    }


def main(argv: list[str] | None = None) -> int:
    """Print one JSON line per case."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="S-fragmented-hard,M-fragmented-hard,M-tight-hard")
    parser.add_argument("--seconds", type=float, default=30.0, help="deterministic seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-indexed", action="store_true", help="the exact model instead")
    args = parser.parse_args(argv)
    for case_name in args.only.split(","):
        figures = selection_bound(
            case_name, args.seconds, args.seed, time_indexed=args.time_indexed
        )
        print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
