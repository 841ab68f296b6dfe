"""The whole round at a glance: how full each instrument is in each week, as a heat map.

A round of 100 instruments over a year is 100 rows by 53 weeks; a Gantt chart of it
is megabytes of blocks nobody can read. Each cell here is one number: the share of
the instrument's open places in that week that the schedule uses (blocks x places
per shift over capacity x shifts not closed), shaded in one of `LEVELS` steps.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from api.ui.charts.timeline import Window

LEVELS = 5
"""Shades of a cell: 0 (nothing used) to LEVELS (full); `closed` cells have none."""


@dataclass(frozen=True)
class InstrumentLine:
    """An instrument as the map needs it: places per shift and the shifts closed to users."""

    instrument: str
    facility: str
    capacity: int
    closed: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Cell:
    """One instrument in one week: shift-places used of those open (None: all closed)."""

    week: int
    used: int
    open: int

    @property
    def share(self) -> float | None:
        """Used over open, between 0 and 1 (None when nothing is open)."""
        return None if self.open == 0 else min(1.0, self.used / self.open)

    @property
    def level(self) -> int | None:
        """The shade, 0 to `LEVELS` (None when nothing is open)."""
        share = self.share
        if share is None:
            return None
        return 0 if share == 0 else max(1, min(LEVELS, round(share * LEVELS)))

    @property
    def percent(self) -> int | None:
        """The share in whole percent (None when nothing is open)."""
        share = self.share
        return None if share is None else round(share * 100)


@dataclass(frozen=True)
class MapRow:
    """An instrument's weeks, and its use over the whole round."""

    line: InstrumentLine
    cells: tuple[Cell, ...]

    @property
    def total(self) -> Cell:
        """The whole round as one cell (week 0)."""
        return Cell(0, sum(c.used for c in self.cells), sum(c.open for c in self.cells))


@dataclass(frozen=True)
class UtilisationMap:
    """Rows of instruments by weeks."""

    weeks: tuple[Window, ...]
    rows: tuple[MapRow, ...]


def utilisation_map(
    lines: Sequence[InstrumentLine],
    blocks: Iterable[tuple[str, int, int]],
    weeks: Sequence[Window],
) -> UtilisationMap:
    """The map of `lines` over `weeks`, from `blocks` (instrument, start, length) that each
    take one place per shift; blocks on instruments not among `lines` are left out."""
    index = {line.instrument: i for i, line in enumerate(lines)}
    used = [[0] * len(weeks) for _ in lines]
    for instrument, start, length in blocks:
        row = index.get(instrument)
        if row is None:
            continue
        for column, week in enumerate(weeks):
            overlap = min(start + length, week.end) - max(start, week.first)
            if overlap > 0:
                used[row][column] += overlap
    rows = []
    for i, line in enumerate(lines):
        cells = tuple(
            Cell(week.week or column + 1, used[i][column], line.capacity * _open(line, week))
            for column, week in enumerate(weeks)
        )
        rows.append(MapRow(line, cells))
    return UtilisationMap(tuple(weeks), tuple(rows))


def _open(line: InstrumentLine, week: Window) -> int:
    closed = sum(max(0, min(end, week.end) - max(start, week.first)) for start, end in line.closed)
    return week.shifts - closed
