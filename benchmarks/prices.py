"""The price of each policy on the ladder's rounds: `python -m benchmarks.prices [--only ...]`.

For every case, the base round and the round without each policy are solved one
after the other (each with the whole `--time-limit`), and the LP-dual estimate is
computed; the proven interval, the estimate and the time each took go to
`--output` (default `benchmarks/results/`) as `prices.json` and `prices.md`.
"""

from __future__ import annotations

import argparse
import json
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.cases import LADDER, Case
from scheduler.generator import generate_instance
from scheduler.params import SolveParams
from scheduler.solve import solve
from scheduler.whatif.lp_estimate import lp_price_estimates
from scheduler.whatif.price import price_interval, without_policy

RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_CASES = "S-hard,S-soft,S-mixed,S-tight-hard,S-fragmented-hard,M-hard,M-soft,M-mixed"


@dataclass(frozen=True)
class PriceRow:
    """One policy of one case: its proven interval, its estimate and what they cost."""

    case: str
    policy: str
    kind: str
    mode: str
    low: float | None
    high: float | None
    estimate: float | None
    status: str
    base_status: str
    relaxed_status: str
    base_seconds: float
    relaxed_seconds: float
    estimate_seconds: float


def price_case(case: Case, time_limit: float, workers: int) -> list[PriceRow]:
    """Price every policy of one case."""
    instance = generate_instance(case.config())
    params = SolveParams(time_limit=time_limit, workers=workers)
    started = time.perf_counter()
    base = solve(instance, params)
    base_seconds = time.perf_counter() - started
    started = time.perf_counter()
    estimates = lp_price_estimates(instance)
    estimate_seconds = time.perf_counter() - started
    rows = []
    for policy in instance.policies:
        relaxed_instance = without_policy(instance, policy.id)
        started = time.perf_counter()
        relaxed = solve(relaxed_instance, params)
        relaxed_seconds = time.perf_counter() - started
        price = price_interval(
            policy.id, (instance, base), (relaxed_instance, relaxed), estimates[policy.id]
        )
        rows.append(
            PriceRow(
                case=case.name,
                policy=policy.id,
                kind=policy.type,
                mode=policy.mode,
                low=price.low,
                high=price.high,
                estimate=price.estimate,
                status=price.status,
                base_status=base.status,
                relaxed_status=relaxed.status,
                base_seconds=round(base_seconds, 1),
                relaxed_seconds=round(relaxed_seconds, 1),
                estimate_seconds=round(estimate_seconds, 2),
            )
        )
        print(
            f"{case.name} {policy.id}: [{price.low}, {price.high}] ({price.status}), "
            f"estimate {price.estimate}, {relaxed_seconds:.1f} s",
            flush=True,
        )
    return rows


def markdown(rows: list[PriceRow]) -> str:
    """The results as a Markdown table."""

    def figure(value: float | None) -> str:
        return "-" if value is None else f"{value:,.1f}"

    lines = [
        "| case | policy | type, mode | price [low, high] | status | LP estimate "
        "| base solve s | solve without s | estimate s |",
        "| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        interval = (
            figure(row.low) if row.status == "exact" else f"[{figure(row.low)}, {figure(row.high)}]"
        )
        lines.append(
            f"| {row.case} | {row.policy} | {row.kind}, {row.mode} | {interval} | {row.status} "
            f"| {figure(row.estimate)} | {row.base_seconds:g} | {row.relaxed_seconds:g} "
            f"| {row.estimate_seconds:g} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Price the chosen cases and write the results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default=DEFAULT_CASES, help="comma-separated case names")
    parser.add_argument("--time-limit", type=float, default=20.0, help="seconds per solve")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    wanted = [name for name in args.only.split(",") if name]
    by_name = {case.name: case for case in LADDER}
    unknown = [name for name in wanted if name not in by_name]
    if unknown:
        parser.error(f"unknown cases: {', '.join(unknown)}")
    rows = [
        row for name in wanted for row in price_case(by_name[name], args.time_limit, args.workers)
    ]
    args.output.mkdir(parents=True, exist_ok=True)
    document = {
        "measured": datetime.now(UTC).isoformat(timespec="seconds"),
        "time_limit": args.time_limit,
        "workers": args.workers,
        "rows": [asdict(row) for row in rows],
    }
    (args.output / "prices.json").write_text(json.dumps(document, indent=1) + "\n")
    (args.output / "prices.md").write_text(markdown(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
