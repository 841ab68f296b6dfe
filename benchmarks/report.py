"""Turning ladder results into a Markdown table and an SVG plot of objective and bound over time."""

from __future__ import annotations

from collections.abc import Sequence

from benchmarks.run_case import CaseResult


def value_at(result: CaseResult, seconds: float) -> tuple[float | None, float | None]:
    """Best objective and best bound reported by `seconds` (None before the first)."""
    objective = bound = None
    for elapsed, found, proven in result.trace:
        if elapsed > seconds + 1e-9:
            break
        objective = found if objective is None else max(objective, found)
        if proven is not None:
            bound = proven if bound is None else min(bound, proven)
    if result.status == "optimal" and result.seconds <= seconds:
        objective, bound = result.objective, result.bound
    return objective, bound


def gap(objective: float | None, bound: float | None) -> float | None:
    """(bound - objective) / max(1, |bound|)."""
    if objective is None or bound is None:
        return None
    return max(0.0, bound - objective) / max(1.0, abs(bound))


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.2%}"


def markdown_table(results: Sequence[CaseResult], checkpoints: Sequence[float]) -> str:
    """One row per case: sizes, first solution, gap at each checkpoint, memory, baseline."""
    head = ["case", "proposals / instruments / shifts", "first valid (non-empty)"]
    head += [f"objective @{c:g}s" for c in checkpoints] + [f"gap @{c:g}s" for c in checkpoints]
    head += ["status", "peak MiB", "greedy objective", "greedy valid", "greedy violations"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for result in results:
        at = [value_at(result, c) for c in checkpoints]
        violations = ", ".join(f"{k} {v:.1f}" for k, v in result.greedy_violations.items())
        first = "-" if result.first_valid_seconds is None else f"{result.first_valid_seconds:.2f} s"
        if result.first_nonempty_seconds is not None:
            first += f" ({result.first_nonempty_seconds:.2f} s)"
        row = [
            result.case,
            f"{result.proposals} / {result.instruments} / {result.shifts}",
            first,
            *("-" if o is None else f"{o:,.1f}" for o, _ in at),
            *(_percent(gap(o, b)) for o, b in at),
            result.status + ("" if result.checker_valid else " (CHECKER FAILED)"),
            f"{result.peak_memory_mib:,.0f}",
            "-" if result.greedy_objective is None else f"{result.greedy_objective:,.1f}",
            "yes" if result.greedy_valid else "no",
            violations or "-",
        ]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def svg_plot(result: CaseResult, width: int = 640, height: int = 320) -> str:
    """Objective (solid) and bound (dashed) against time, on a log-like time axis."""
    points = [(t, o, b) for t, o, b in result.trace if o is not None]
    if not points:
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}"/>'
    values = [o for _, o, _ in points] + [b for _, _, b in points if b is not None]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    last = max(result.seconds, points[-1][0], 1.0)
    margin = 50

    def x(seconds: float) -> float:
        import math

        return margin + (width - 2 * margin) * math.log1p(seconds) / math.log1p(last)

    def y(value: float) -> float:
        return height - margin - (height - 2 * margin) * (value - low) / span

    def path(series: list[tuple[float, float]]) -> str:
        steps = []
        for number, (t, v) in enumerate(series):
            if number:
                steps.append(f"L{x(t):.1f},{y(series[number - 1][1]):.1f}")
            steps.append(f"{'M' if not number else 'L'}{x(t):.1f},{y(v):.1f}")
        steps.append(f"L{x(last):.1f},{y(series[-1][1]):.1f}")
        return " ".join(steps)

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
        f'font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{margin}" y="20">{result.case}: objective (solid) and bound (dashed)</text>',
        f'<text x="{margin}" y="{height - 10}">time, log scale (0 to {last:.0f} s)</text>',
        f'<text x="4" y="{margin}">{high:,.0f}</text>',
        f'<text x="4" y="{height - margin}">{low:,.0f}</text>',
        f'<path d="{path(best)}" fill="none" stroke="#1f77b4" stroke-width="2"/>',
    ]
    if bounds:
        parts.append(
            f'<path d="{path(bounds)}" fill="none" stroke="#d62728" '
            f'stroke-width="2" stroke-dasharray="6 4"/>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
