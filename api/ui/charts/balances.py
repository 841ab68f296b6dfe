"""Country balances as bar charts.

* A contribution policy: each member's return coefficient (its share of the time over
  its share of the contribution) as a bar, over the bands consortia grade it by: very
  poorly balanced below 0.40, poorly balanced below 1.00, well balanced from 1.00 up
  to the policy's `max_ratio`, and above it over the policy's bound (a country that
  gets more than the policy allows is not "well balanced").
* A reciprocity agreement: the balance `G(B) - ratio * G(A)` as a bar from zero, over
  the tolerance band `[-tolerance, +tolerance]` within which it is not violated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scheduler import returns

CHART_WIDTH = 720
LABEL_WIDTH = 70
VALUE_WIDTH = 70
BAR_ROW = 30
AXIS_ROOM = 26


OVER_BOUND = "over"


def band_of(coefficient: float | None, max_ratio: float | None = None) -> str:
    """The key of a return coefficient's band (`scheduler.returns`): `none` when it is
    undefined, `over` above the policy's `max_ratio`."""
    if coefficient is not None and max_ratio is not None and coefficient > max_ratio + 1e-9:
        return OVER_BOUND
    band = returns.band_of(coefficient)
    return "none" if band is None else band.key


def band_label(key: str, max_ratio: float | None = None) -> str:
    """How a band is named to readers."""
    if key == OVER_BOUND:
        return f"above the policy's bound (> {max_ratio:.2f})" if max_ratio else "above bound"
    return next((band.label for band in returns.BANDS if band.key == key), "no time yet")


@dataclass(frozen=True)
class Mark:
    """A labelled position on a chart's axis."""

    x: float
    label: str


@dataclass(frozen=True)
class BandBox:
    """A band drawn behind the bars, from `x` for `width` pixels."""

    key: str
    label: str
    x: float
    width: float


@dataclass(frozen=True)
class CoefficientBar:
    """One member's return coefficient as a bar."""

    country: str
    coefficient: float | None
    band: str
    y: float
    width: float


@dataclass(frozen=True)
class CoefficientChart:
    """A contribution policy's members against the bands."""

    width: float
    height: float
    plot_left: float
    plot_width: float
    bands: list[BandBox]
    bars: list[CoefficientBar]
    ticks: list[Mark]
    bounds: list[Mark]
    one: float


def _nice_ceiling(value: float) -> float:
    return math.ceil(value * 2) / 2


def coefficient_chart(
    members: Sequence[tuple[str, float | None]],
    bounds: Sequence[float] = (),
    max_ratio: float | None = None,
) -> CoefficientChart:
    """Bars for `(country, return coefficient)` pairs; `bounds` are the policy's ratios,
    `max_ratio` its upper one (bars above it are graded over the bound)."""
    top = max([1.5, *(c * 1.1 for _, c in members if c is not None), *bounds])
    scale_max = _nice_ceiling(top)
    plot_width = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH

    def x(value: float) -> float:
        return LABEL_WIDTH + min(value, scale_max) / scale_max * plot_width

    bands = [
        BandBox(band.key, band.label, x(band.low), x(min(band.high, scale_max)) - x(band.low))
        for band in returns.BANDS
    ]
    bars = [
        CoefficientBar(
            country=country,
            coefficient=coefficient,
            band=band_of(coefficient, max_ratio),
            y=AXIS_ROOM + i * BAR_ROW,
            width=(x(coefficient) - LABEL_WIDTH) if coefficient is not None else 0.0,
        )
        for i, (country, coefficient) in enumerate(members)
    ]
    steps = {0.0, 0.4, 1.0, *(k * 0.5 for k in range(2, int(scale_max * 2) + 1))}
    ticks = [Mark(x(value), f"{value:.2f}".rstrip("0").rstrip(".")) for value in sorted(steps)]
    return CoefficientChart(
        width=CHART_WIDTH,
        height=AXIS_ROOM + len(members) * BAR_ROW + 8,
        plot_left=LABEL_WIDTH,
        plot_width=plot_width,
        bands=bands,
        bars=bars,
        ticks=ticks,
        bounds=[Mark(x(b), f"{b:g}") for b in bounds],
        one=x(1.0),
    )


@dataclass(frozen=True)
class BalanceChart:
    """A reciprocity balance against its tolerance band (all x in pixels; `marker` is the
    balance's own position)."""

    width: float
    height: float
    zero: float
    band_x: float
    band_width: float
    bar_x: float
    bar_width: float
    marker: float
    within: bool
    ticks: list[Mark]


def balance_chart(balance: float, tolerance: float) -> BalanceChart:
    """The balance as a bar from zero, on a symmetric axis that shows the whole band."""
    reach = max(abs(balance), tolerance, 1.0) * 1.25
    left, width = 40.0, CHART_WIDTH - 80.0

    def x(value: float) -> float:
        return left + (value + reach) / (2 * reach) * width

    ticks = sorted({-tolerance, 0.0, tolerance})
    return BalanceChart(
        width=CHART_WIDTH,
        height=64,
        zero=x(0.0),
        band_x=x(-tolerance),
        band_width=x(tolerance) - x(-tolerance),
        bar_x=min(x(0.0), x(balance)),
        bar_width=abs(x(balance) - x(0.0)),
        marker=x(balance),
        within=abs(balance) <= tolerance + 1e-6,
        ticks=[Mark(x(value), f"{value:+g}" if value else "0") for value in ticks],
    )
