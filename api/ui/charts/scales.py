"""Round numbers for axes: ticks at 1, 2 or 5 times a power of ten."""

from __future__ import annotations

import math


def nice_step(span: float, count: int) -> float:
    """A step of 1, 2 or 5 x 10^k that cuts `span` into about `count` parts."""
    if span <= 0:
        return 1.0
    raw = span / max(1, count)
    power = 10.0 ** math.floor(math.log10(raw))
    return next(float(m * power) for m in (1, 2, 5, 10) if m * power >= raw)


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Tick values at a nice step covering `[low, high]` (both ends included or passed)."""
    step = nice_step(high - low, count)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks
