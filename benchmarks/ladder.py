"""Run the benchmark ladder: `python -m benchmarks.ladder [--smoke] [--only S-hard,...]`.

For every case, one engine run per checkpoint budget (10, 30, 60 and 300 s by
default), each in a fresh process so that its peak memory is its own; a case
that proves optimality skips the longer budgets (they would give the same).
The objective must not fall as the budget grows (the table's "monotone" column).
M and L cases also run at one budget (`--spread-at`, 60 s) with further solver
seeds (`--seeds`, 2 and 3): the spread of two racing workers.
Results go to `--output` (default `benchmarks/results/`) as JSON, a Markdown
table and an SVG plot of objective and bound over time for the longest run.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.cases import LADDER, SMOKE, SPREAD_SIZES, Case
from benchmarks.report import markdown_table, svg_plot
from benchmarks.run_case import CaseResult, RunResult, baseline, engine_run

RESULTS = Path(__file__).resolve().parent / "results"


def _in_child(case: Case, time_limit: float, workers: int, seed: int = 1) -> RunResult:
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(engine_run, (case, time_limit, workers, seed))


def run_ladder(
    cases: list[Case],
    checkpoints: list[float],
    workers: int,
    *,
    seeds: list[int] | None = None,
    spread_at: float = 60.0,
) -> list[CaseResult]:
    """Baseline and engine runs of every case, and further seeds on M and L cases."""
    results = []
    for case in cases:
        result = baseline(case)
        for time_limit in checkpoints:
            run = _in_child(case, time_limit, workers)
            result.runs.append(run)
            _print(case, run)
            if run.status == "optimal":
                break
        proven = any(run.status == "optimal" for run in result.runs)
        if case.name.split("-")[0] in SPREAD_SIZES and not proven:
            for seed in seeds or []:
                run = _in_child(case, spread_at, workers, seed)
                result.seed_runs.append(run)
                _print(case, run)
        results.append(result)
    return results


def _print(case: Case, run: RunResult) -> None:
    print(
        f"{case.name} @{run.time_limit:g}s seed {run.seed}: {run.status} objective "
        f"{run.objective} gap {run.gap} in {run.seconds} s, first valid "
        f"{run.first_valid_seconds} s (non-empty {run.first_nonempty_seconds} s), peak "
        f"{run.peak_memory_mib} MiB, checker {'ok' if run.checker_valid else 'FAILED'}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    """Run the chosen cases and write the results; exit 1 if a solution failed the checker."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="two tiny cases, a few seconds each")
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument("--checkpoints", default="10,30,60,300", help="budgets in seconds")
    parser.add_argument("--seeds", default="2,3", help="further solver seeds on M and L cases")
    parser.add_argument("--spread-at", type=float, default=60.0, help="their budget, seconds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    checkpoints = [float(c) for c in ("2,5" if args.smoke else args.checkpoints).split(",")]
    cases = list(SMOKE if args.smoke else LADDER)
    if args.only:
        wanted = set(args.only.split(","))
        cases = [case for case in cases if case.name in wanted]
    seeds = [] if args.smoke or not args.seeds else [int(s) for s in args.seeds.split(",")]
    results = run_ladder(cases, checkpoints, args.workers, seeds=seeds, spread_at=args.spread_at)
    name = "smoke" if args.smoke else "ladder"
    args.output.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    payload = {
        "run_at": stamp,
        "checkpoints": checkpoints,
        "cases": [result.as_json() for result in results],
    }
    (args.output / f"{name}.json").write_text(json.dumps(payload, indent=1) + "\n")
    command = "python -m benchmarks.ladder " + " ".join(argv if argv is not None else sys.argv[1:])
    (args.output / f"{name}.md").write_text(
        f"Run at {stamp} with `{command}`.\n\n" + markdown_table(results, checkpoints)
    )
    for result in results:
        plot = svg_plot(result.case, result.runs[-1])
        (args.output / f"{name}-{result.case}.svg").write_text(plot + "\n")
    runs = [run for result in results for run in result.runs + result.seed_runs]
    return 0 if all(run.checker_valid for run in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
