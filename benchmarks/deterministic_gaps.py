"""Gaps of deterministic single-worker solves, for A/B comparisons on a loaded machine.

`python -m benchmarks.deterministic_gaps --only M-fragmented-hard --limits 10,30,60 --seeds 1,2,3`

Deterministic solves count their limit in CP-SAT's deterministic time, so their result does
not depend on the machine's load: two commits can be compared beside other work (run the
other commit with `PYTHONPATH` pointing at its checkout). One line per run: objective,
bound, gap, whether the checker accepts it, and when (in the solve's clock) the incumbent
first beat the rank-and-cut start.
"""

from __future__ import annotations

import argparse
import json

from benchmarks.cases import LADDER
from scheduler.checking import check_solution
from scheduler.generator import generate_instance
from scheduler.params import Progress, SolveParams
from scheduler.solve import solve


def run(case_name: str, limit: float, seed: int) -> dict[str, object]:
    """One deterministic single-worker solve of a ladder case; figures as plain data."""
    case = next(case for case in LADDER if case.name == case_name)
    instance = generate_instance(case.config())
    trace: list[tuple[float, float]] = []

    def record(progress: Progress) -> None:
        trace.append((progress.seconds, progress.objective))

    params = SolveParams(time_limit=limit, workers=1, seed=seed, deterministic=True)
    solution = solve(instance, params, record)
    return {
        "case": case_name,
        "limit": limit,
        "seed": seed,
        "objective": solution.objective,
        "bound": solution.bound,
        "gap": None if solution.gap is None else round(solution.gap, 5),
        "valid": check_solution(instance, solution).valid,
        "deterministic_seconds": solution.stats.seconds,
        "trace": trace,
    }


def main(argv: list[str] | None = None) -> int:
    """Print one JSON line per (case, limit, seed); exit 1 if a solution failed the checker."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="M-fragmented-hard", help="comma-separated cases")
    parser.add_argument("--limits", default="10,30,60", help="time limits in seconds")
    parser.add_argument("--seeds", default="1", help="comma-separated solver seeds")
    args = parser.parse_args(argv)
    valid = True
    for case_name in args.only.split(","):
        for seed in (int(s) for s in args.seeds.split(",")):
            for limit in (float(t) for t in args.limits.split(",")):
                result = run(case_name, limit, seed)
                valid = valid and bool(result["valid"])
                print(json.dumps(result), flush=True)
    return 0 if valid else 1


if __name__ == "__main__":
    raise SystemExit(main())
