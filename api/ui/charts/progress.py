"""A solve's progress: objective and bound over time, and the gap between them.

Both are drawn as steps (a value holds until the solver improves it), the objective
from below and the proven bound from above, on one time axis; the gap in percent in a
second panel beneath.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from api.ui.charts.balances import Mark
from api.ui.charts.scales import nice_ticks

WIDTH = 720
LEFT = 78
RIGHT = 16
TOP_PANEL = (24.0, 190.0)
GAP_PANEL = (226.0, 300.0)
HEIGHT = 326


@dataclass(frozen=True)
class ProgressPoint:
    """An improving solution: seconds since the start, objective, bound and gap."""

    seconds: float
    objective: float
    bound: float | None
    gap: float | None


@dataclass(frozen=True)
class Dot:
    """A marked point of a line, with what it says."""

    x: float
    y: float
    label: str


@dataclass(frozen=True)
class ProgressChart:
    """Everything the progress template draws."""

    width: float
    height: float
    left: float
    right: float
    top_panel: tuple[float, float]
    gap_panel: tuple[float, float]
    objective_line: str
    bound_line: str
    gap_line: str
    objective_dots: list[Dot]
    time_ticks: list[Mark]
    value_ticks: list[tuple[float, str]]
    gap_ticks: list[tuple[float, str]]
    points: int


def _steps(pairs: Sequence[tuple[float, float]], end_x: float) -> str:
    """SVG polyline points for a step line through `(x, y)` pairs, held until `end_x`."""
    coordinates: list[str] = []
    for index, (x, y) in enumerate(pairs):
        if index:
            coordinates.append(f"{x:.1f},{pairs[index - 1][1]:.1f}")
        coordinates.append(f"{x:.1f},{y:.1f}")
    if pairs:
        coordinates.append(f"{end_x:.1f},{pairs[-1][1]:.1f}")
    return " ".join(coordinates)


def progress_chart(points: Sequence[ProgressPoint], elapsed: float | None) -> ProgressChart:
    """The chart of `points` over `[0, max(elapsed, last point))` seconds."""
    time_ticks = nice_ticks(0.0, max([1.0, elapsed or 0.0, *(p.seconds for p in points)]), 5)
    horizon = time_ticks[-1]
    right_edge = WIDTH - RIGHT

    def x(seconds: float) -> float:
        return LEFT + seconds / horizon * (right_edge - LEFT)

    values = [p.objective for p in points] + [p.bound for p in points if p.bound is not None]
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * 0.05 or max(1.0, abs(high) * 0.02)
    value_ticks = nice_ticks(low - pad, high + pad, 4)
    low, high = value_ticks[0], value_ticks[-1]

    def y(value: float) -> float:
        top, bottom = TOP_PANEL
        return bottom - (value - low) / (high - low) * (bottom - top)

    gaps = [p.gap for p in points if p.gap is not None]
    gap_marks = nice_ticks(0.0, max([0.01, *gaps]), 2)
    gap_top = gap_marks[-1]

    def gap_y(gap: float) -> float:
        top, bottom = GAP_PANEL
        return bottom - gap / gap_top * (bottom - top)

    end = x(elapsed) if elapsed else x(points[-1].seconds) if points else LEFT
    return ProgressChart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        right=right_edge,
        top_panel=TOP_PANEL,
        gap_panel=GAP_PANEL,
        objective_line=_steps([(x(p.seconds), y(p.objective)) for p in points], end),
        bound_line=_steps([(x(p.seconds), y(p.bound)) for p in points if p.bound is not None], end),
        gap_line=_steps([(x(p.seconds), gap_y(p.gap)) for p in points if p.gap is not None], end),
        objective_dots=[
            Dot(x(p.seconds), y(p.objective), f"{p.seconds:.1f} s: objective {p.objective:g}")
            for p in points
        ],
        time_ticks=[Mark(x(s), f"{s:g} s") for s in time_ticks],
        value_ticks=[(y(v), f"{v:g}") for v in value_ticks],
        gap_ticks=[(gap_y(g), f"{g * 100:g} %") for g in gap_marks],
        points=len(points),
    )
