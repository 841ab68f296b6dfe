"""The schedule as a Gantt chart: one row per instrument, a block per booked run of shifts.

Rows are instruments (with their closed shifts shaded); an instrument that runs several
experiments at once gets one lane per experiment that overlaps another. Every block
knows its proposal, group, title, shifts, real times, state and the country with the
largest share of its proposal (its colour when colouring by country).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from api.ui.charts.palette import country_slots
from api.ui.charts.timeline import Axis, Tick, Window

WIDTH = 1120
LABEL_WIDTH = 200
RIGHT_MARGIN = 12
AXIS_HEIGHT = 44
LANE_HEIGHT = 30
ROW_PADDING = 6
CHAR_WIDTH = 7.2
LABEL_PADDING = 8


@dataclass(frozen=True)
class GanttRow:
    """An instrument: its code, name, facility and closed shifts `[start, end)`."""

    instrument: str
    name: str
    facility: str
    closed: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class GanttItem:
    """A block of shifts `[start, start + length)` of one request on one instrument."""

    proposal: str
    title: str
    group: str
    request: str
    instrument: str
    start: int
    length: int
    state: str
    countries: tuple[tuple[str, float], ...] = ()
    change: str = ""
    """How a re-plan changes the block (`moved`, `shortened`, `dropped`, `new`, `lost`);
    empty on the schedule."""
    booking: str = ""
    """The booking the block is, once the round is published (empty before)."""


@dataclass(frozen=True)
class PlacedBlock:
    """A block as drawn: its box, its label (shortened to fit) and what it stands for."""

    item: GanttItem
    x: float
    y: float
    width: float
    height: float
    label: str
    country: str
    country_slot: int
    starts_at: datetime
    ends_at: datetime

    @property
    def shifts(self) -> str:
        """The shift numbers, first to last (`24-35`)."""
        return f"{self.item.start}–{self.item.start + self.item.length - 1}"

    @property
    def countries(self) -> str:
        """The proposal's country shares (`RU 60 %, KZ 40 %`)."""
        return ", ".join(f"{code} {share * 100:.0f} %" for code, share in self.item.countries)


@dataclass(frozen=True)
class PlacedRow:
    """An instrument's row: where it is drawn, its closed boxes `(x, width)`, its blocks."""

    row: GanttRow
    y: float
    height: float
    closed: list[tuple[float, float]]
    blocks: list[PlacedBlock] = field(default_factory=list)


@dataclass(frozen=True)
class GanttChart:
    """Everything the Gantt template draws."""

    width: float
    height: float
    plot_left: float
    plot_width: float
    window: Window
    rows: list[PlacedRow]
    day_ticks: list[Tick]
    shift_ticks: list[Tick]
    countries: dict[str, int]
    states: list[str]

    @property
    def blocks(self) -> list[PlacedBlock]:
        """Every block, row by row."""
        return [block for row in self.rows for block in row.blocks]


def lanes(items: Sequence[GanttItem]) -> list[int]:
    """A lane for each item so that items in one lane never overlap (first fit by start)."""
    ends: list[int] = []
    assigned = [0] * len(items)
    for index in sorted(range(len(items)), key=lambda i: (items[i].start, items[i].request)):
        item = items[index]
        lane = next((n for n, end in enumerate(ends) if end <= item.start), len(ends))
        if lane == len(ends):
            ends.append(0)
        ends[lane] = item.start + item.length
        assigned[index] = lane
    return assigned


def fitted_label(text: str, width: float) -> str:
    """`text` if it fits in `width` pixels, else shortened with an ellipsis (or nothing)."""
    room = int((width - LABEL_PADDING) / CHAR_WIDTH)
    if room >= len(text):
        return text
    if room < 3:
        return ""
    return text[: room - 1] + "…"


def dominant_country(countries: Sequence[tuple[str, float]]) -> str:
    """The country with the largest share (ties: the first by code); `""` for none."""
    if not countries:
        return ""
    return min(countries, key=lambda pair: (-pair[1], pair[0]))[0]


def gantt_chart(
    rows: Sequence[GanttRow],
    items: Sequence[GanttItem],
    *,
    start: datetime,
    shift_hours: int,
    window: Window,
) -> GanttChart:
    """The chart of `items` on `rows` over `window`; items outside the window are left out
    and items crossing its edges are cut at them."""
    axis = Axis(start, shift_hours, window, LABEL_WIDTH, WIDTH - LABEL_WIDTH - RIGHT_MARGIN)
    slots = country_slots({code for item in items for code, _ in item.countries})
    by_instrument: dict[str, list[GanttItem]] = {}
    for item in items:
        by_instrument.setdefault(item.instrument, []).append(item)
    placed_rows = []
    y = float(AXIS_HEIGHT)
    for row in rows:
        shown = [
            item
            for item in by_instrument.get(row.instrument, [])
            if item.start < window.end and item.start + item.length > window.first
        ]
        lane_of = lanes(shown)
        height = max(1, max(lane_of, default=0) + 1) * LANE_HEIGHT + 2 * ROW_PADDING
        closed = [
            (axis.x(first), axis.x(end) - axis.x(first))
            for first, end in row.closed
            if first < window.end and end > window.first
        ]
        blocks = []
        for item, lane in zip(shown, lane_of, strict=True):
            x = axis.x(item.start)
            width = axis.x(item.start + item.length) - x
            country = dominant_country(item.countries)
            blocks.append(
                PlacedBlock(
                    item=item,
                    x=x,
                    y=y + ROW_PADDING + lane * LANE_HEIGHT + 2,
                    width=width,
                    height=LANE_HEIGHT - 4,
                    label=fitted_label(item.proposal, width),
                    country=country,
                    country_slot=slots.get(country, 0),
                    starts_at=axis.at(item.start),
                    ends_at=axis.at(item.start + item.length),
                )
            )
        placed_rows.append(PlacedRow(row, y, height, closed, blocks))
        y += height
    return GanttChart(
        width=WIDTH,
        height=y + 4,
        plot_left=axis.left,
        plot_width=axis.width,
        window=window,
        rows=placed_rows,
        day_ticks=axis.day_ticks(),
        shift_ticks=axis.shift_ticks(),
        countries=slots,
        states=sorted({item.state for item in items}),
    )
