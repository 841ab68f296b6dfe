"""Run the benchmark ladder: `python -m benchmarks.ladder [--smoke] [--only S-hard,...]`.

Each case runs in its own process (so peak memory is its own), with the engine
given the largest checkpoint as its budget; objective and bound at each
checkpoint are read from the engine's progress trace. Results go to
`benchmarks/results/` as JSON, a Markdown table and one SVG plot per case.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.cases import LADDER, SMOKE, Case
from benchmarks.report import markdown_table, svg_plot
from benchmarks.run_case import CaseResult, run_case

RESULTS = Path(__file__).resolve().parent / "results"


def _in_child(case: Case, time_limit: float, workers: int) -> CaseResult:
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(run_case, (case, time_limit, workers))


def main(argv: list[str] | None = None) -> int:
    """Run the chosen cases and write the results; exit 1 if a solution failed the checker."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="two tiny cases, a few seconds each")
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument("--checkpoints", default="10,60,300", help="seconds, comma-separated")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    checkpoints = [float(c) for c in ("2,5" if args.smoke else args.checkpoints).split(",")]
    cases = list(SMOKE if args.smoke else LADDER)
    if args.only:
        wanted = set(args.only.split(","))
        cases = [case for case in cases if case.name in wanted]
    results = []
    for case in cases:
        result = _in_child(case, max(checkpoints), args.workers)
        results.append(result)
        print(
            f"{case.name}: {result.status} objective {result.objective} bound {result.bound} "
            f"in {result.seconds} s, peak {result.peak_memory_mib} MiB, "
            f"checker {'ok' if result.checker_valid else 'FAILED'}",
            flush=True,
        )
    name = "smoke" if args.smoke else "ladder"
    args.output.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    payload = {
        "run_at": stamp,
        "checkpoints": checkpoints,
        "cases": [result.as_json() for result in results],
    }
    (args.output / f"{name}.json").write_text(json.dumps(payload, indent=1) + "\n")
    (args.output / f"{name}.md").write_text(
        f"Run at {stamp} with `python -m benchmarks.ladder"
        f"{' --smoke' if args.smoke else ''}`.\n\n" + markdown_table(results, checkpoints)
    )
    for result in results:
        (args.output / f"{name}-{result.case}.svg").write_text(svg_plot(result) + "\n")
    return 0 if all(result.checker_valid for result in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
