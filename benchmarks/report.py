"""Turning ladder results into a Markdown table and an SVG plot of objective and bound over time."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from benchmarks.run_case import CaseResult, RunResult


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.2%}"


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}"


def markdown_table(results: Sequence[CaseResult], checkpoints: Sequence[float]) -> str:
    """One row per case: sizes, first solutions, objective and gap per budget, memory, baseline."""
    head = ["case", "proposals / requests / instruments / shifts", "first valid (non-empty)"]
    head += [f"objective {c:g} s" for c in checkpoints] + [f"gap {c:g} s" for c in checkpoints]
    head += ["monotone", "gap over seeds", "status", "peak MiB", "greedy objective"]
    head += ["greedy valid", "greedy violations"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for result in results:
        by_limit = {run.time_limit: run for run in result.runs}
        proven = next((run for run in result.runs if run.status == "optimal"), None)
        # A budget skipped after a proof of optimality would give the same optimum.
        at = [
            by_limit.get(c) or (proven if proven and proven.time_limit <= c else None)
            for c in checkpoints
        ]
        longest = result.runs[-1]
        first = (
            "-" if longest.first_valid_seconds is None else f"{longest.first_valid_seconds:.2f} s"
        )
        if longest.first_nonempty_seconds is not None:
            first += f" ({longest.first_nonempty_seconds:.2f} s)"
        violations = ", ".join(f"{k} {v:.1f}" for k, v in result.greedy_violations.items())
        status = longest.status
        if not all(run.checker_valid for run in result.runs):
            status += " (CHECKER FAILED)"
        spread = "-"
        if result.seed_runs:
            spread_at = result.seed_runs[0].time_limit
            same = [r for r in result.runs if r.time_limit == spread_at] + result.seed_runs
            gaps = [r.gap for r in same if r.gap is not None]
            if gaps:
                spread = f"{min(gaps):.2%} to {max(gaps):.2%} ({len(same)} seeds, {spread_at:g} s)"
        row = [
            result.case,
            f"{result.proposals} / {result.requests} / {result.instruments} / {result.shifts}",
            first,
            *(_number(run.objective) if run else "-" for run in at),
            *(_percent(run.gap) if run else "-" for run in at),
            "yes" if result.monotone else "NO",
            spread,
            status,
            f"{max(run.peak_memory_mib for run in result.runs):,.0f}",
            _number(result.greedy_objective),
            "yes" if result.greedy_valid else "no",
            violations or "-",
        ]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def svg_plot(name: str, run: RunResult, width: int = 640, height: int = 320) -> str:
    """Objective (solid) and bound (dashed) against time, log time axis."""
    points = [(t, o, b) for t, o, b in run.trace if o > 0]
    empty = f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"/>'
    if not points:
        return empty
    values = [o for _, o, _ in points] + [b for _, _, b in points if b is not None]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    last = max(run.seconds, points[-1][0], 1.0)
    margin = 60

    def x(seconds: float) -> float:
        return margin + (width - 2 * margin) * math.log1p(seconds) / math.log1p(last)

    def y(value: float) -> float:
        return height - margin - (height - 2 * margin) * (value - low) / span

    def steps(series: list[tuple[float, float]]) -> str:
        path = [f"M{x(series[0][0]):.1f},{y(series[0][1]):.1f}"]
        for (_, previous), (t, value) in itertools.pairwise(series):
            path.append(f"L{x(t):.1f},{y(previous):.1f} L{x(t):.1f},{y(value):.1f}")
        path.append(f"L{x(last):.1f},{y(series[-1][1]):.1f}")
        return " ".join(path)

    best: list[tuple[float, float]] = []
    for t, o, _ in points:
        if not best or o > best[-1][1]:
            best.append((t, o))
    bounds: list[tuple[float, float]] = []
    for t, _, b in points:
        if b is not None and (not bounds or b < bounds[-1][1]):
            bounds.append((t, b))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        'font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{margin}" y="20">{name}, {run.time_limit:g} s budget: '
        "objective (solid blue), bound (dashed red)</text>",
        f'<text x="{margin}" y="{height - 15}">seconds, log scale, 0 to {last:.0f}</text>',
        f'<text x="4" y="{margin}">{high:,.0f}</text>',
        f'<text x="4" y="{height - margin}">{low:,.0f}</text>',
        f'<path d="{steps(best)}" fill="none" stroke="#1f77b4" stroke-width="2"/>',
    ]
    if bounds:
        parts.append(
            f'<path d="{steps(bounds)}" fill="none" stroke="#d62728" stroke-width="2" '
            'stroke-dasharray="6 4"/>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
