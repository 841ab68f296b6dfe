"""An agreement's ledger as charts, round by round.

* Time per round: one bar per round and side (a reciprocity's two sides, a consortium's
  members), its segments the ledger's categories (delivered, lost, scheduled, declined,
  cancelled) in shifts.
* A value over the rounds, one point per round joined by a line: a reciprocity's
  balance against its tolerance band `[-tolerance, +tolerance]`, or each member's return
  coefficient (cumulative, solid; the round alone, dashed) over the bands consortia grade
  it by (`scheduler.returns.BANDS`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from api.agreements.ledger import CATEGORIES
from api.ui.charts.palette import country_slots
from api.ui.charts.scales import nice_ticks
from scheduler import returns

WIDTH = 760
LABEL_WIDTH = 150
VALUE_WIDTH = 70
BAR_ROW = 26
AXIS_ROOM = 24
SERIES_HEIGHT = 260
SERIES_LEFT = 56
SERIES_RIGHT = 24
SERIES_TOP = 16
SERIES_BOTTOM = 40


@dataclass(frozen=True)
class Segment:
    """One category of a bar: from `x` for `width` pixels, `shifts` long."""

    category: str
    x: float
    width: float
    shifts: float


@dataclass(frozen=True)
class TimeBar:
    """One side's time in one round."""

    round: str
    side: str
    y: float
    segments: list[Segment]
    total: float


@dataclass(frozen=True)
class TimeChart:
    """Every round's and side's time, stacked by category."""

    width: float
    height: float
    plot_left: float
    plot_width: float
    bars: list[TimeBar]
    ticks: list[tuple[float, str]]


def time_chart(rows: Sequence[tuple[str, str, Mapping[str, float]]]) -> TimeChart:
    """Bars for `(round, side, shifts by category)` rows, on one scale of shifts."""
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    top = max([1.0, *(sum(by.values()) for _, _, by in rows)])
    ticks = nice_ticks(0.0, top, 4)
    scale = ticks[-1]

    def x(shifts: float) -> float:
        return LABEL_WIDTH + shifts / scale * plot_width

    bars = []
    for i, (round_code, side, by_category) in enumerate(rows):
        segments, at = [], 0.0
        for category in CATEGORIES:
            shifts = by_category.get(category, 0.0)
            if shifts > 0:
                segments.append(Segment(category, x(at), x(at + shifts) - x(at), shifts))
                at += shifts
        bars.append(TimeBar(round_code, side, AXIS_ROOM + i * BAR_ROW, segments, at))
    return TimeChart(
        width=WIDTH,
        height=AXIS_ROOM + len(rows) * BAR_ROW + 6,
        plot_left=LABEL_WIDTH,
        plot_width=plot_width,
        bars=bars,
        ticks=[(x(value), f"{value:g}") for value in ticks],
    )


@dataclass(frozen=True)
class Point:
    """A round's value drawn at `(x, y)`."""

    x: float
    y: float
    value: float
    round: str


@dataclass(frozen=True)
class Line:
    """One series: its points, and the polyline through them (`"x,y x,y"`)."""

    key: str
    slot: int
    dashed: bool
    points: list[Point]

    @property
    def path(self) -> str:
        """The polyline's points."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)


@dataclass(frozen=True)
class Strip:
    """A horizontal band behind the lines, from `y` for `height` pixels."""

    key: str
    label: str
    y: float
    height: float


@dataclass(frozen=True)
class RoundsChart:
    """Values over the rounds (x: the rounds in order; y: the value)."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    rounds: list[tuple[float, str]]
    value_ticks: list[tuple[float, str]]
    strips: list[Strip]
    lines: list[Line]
    reference: float


def _round_x(count: int) -> list[float]:
    inner = WIDTH - SERIES_LEFT - SERIES_RIGHT
    if count == 1:
        return [SERIES_LEFT + inner / 2]
    return [SERIES_LEFT + 20 + i * (inner - 40) / (count - 1) for i in range(count)]


def _frame(
    rounds: Sequence[str], low: float, high: float
) -> tuple[list[float], list[float], float, float]:
    ticks = nice_ticks(low, high, 5)
    return _round_x(len(rounds)), ticks, ticks[0], ticks[-1]


def _y(value: float, low: float, high: float) -> float:
    bottom = SERIES_HEIGHT - SERIES_BOTTOM
    return bottom - (value - low) / (high - low or 1.0) * (bottom - SERIES_TOP)


def balance_over_rounds(
    rounds: Sequence[str], balances: Sequence[float], tolerance: float
) -> RoundsChart:
    """A reciprocity's balance after each round over its tolerance band."""
    reach = max([tolerance, 1.0, *(abs(b) for b in balances)]) * 1.15
    xs, ticks, low, high = _frame(rounds, -reach, reach)
    points = [
        Point(x, _y(b, low, high), b, r) for x, b, r in zip(xs, balances, rounds, strict=True)
    ]
    band_top, band_bottom = _y(tolerance, low, high), _y(-tolerance, low, high)
    return RoundsChart(
        width=WIDTH,
        height=SERIES_HEIGHT,
        left=SERIES_LEFT,
        right=WIDTH - SERIES_RIGHT,
        top=SERIES_TOP,
        bottom=SERIES_HEIGHT - SERIES_BOTTOM,
        rounds=list(zip(xs, rounds, strict=True)),
        value_ticks=[(_y(t, low, high), f"{t:+g}" if t else "0") for t in ticks],
        strips=[Strip("tolerance", f"tolerance ±{tolerance:g}", band_top, band_bottom - band_top)],
        lines=[Line("balance", 0, False, points)],
        reference=_y(0.0, low, high),
    )


def coefficients_over_rounds(
    rounds: Sequence[str],
    cumulative: Mapping[str, Sequence[float | None]],
    round_alone: Mapping[str, Sequence[float | None]],
) -> RoundsChart:
    """Each member's return coefficient after each round (cumulative solid, the round
    alone dashed) over the bands; an undefined coefficient leaves its point out."""
    values = [v for series in (*cumulative.values(), *round_alone.values()) for v in series]
    high_value = max([1.5, *(v * 1.1 for v in values if v is not None)])
    xs, ticks, low, high = _frame(rounds, 0.0, high_value)
    slots = country_slots(set(cumulative))

    def line(country: str, series: Sequence[float | None], dashed: bool) -> Line:
        points = [
            Point(x, _y(v, low, high), v, r)
            for x, v, r in zip(xs, series, rounds, strict=True)
            if v is not None
        ]
        return Line(country, slots[country], dashed, points)

    strips = []
    for band in returns.BANDS:
        top, bottom = _y(min(band.high, high), low, high), _y(band.low, low, high)
        strips.append(Strip(band.key, band.label, top, bottom - top))
    return RoundsChart(
        width=WIDTH,
        height=SERIES_HEIGHT,
        left=SERIES_LEFT,
        right=WIDTH - SERIES_RIGHT,
        top=SERIES_TOP,
        bottom=SERIES_HEIGHT - SERIES_BOTTOM,
        rounds=list(zip(xs, rounds, strict=True)),
        value_ticks=[(_y(t, low, high), f"{t:g}") for t in ticks],
        strips=strips,
        lines=[line(c, s, False) for c, s in cumulative.items()]
        + [line(c, s, True) for c, s in round_alone.items()],
        reference=_y(1.0, low, high),
    )
