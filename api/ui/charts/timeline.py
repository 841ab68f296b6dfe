"""The horizon of a round on the x axis: shift numbers to pixels, real dates to ticks."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

HOURS_PER_WEEK = 7 * 24


@dataclass(frozen=True)
class Window:
    """Shifts `[first, end)` of a round shown on the axis; `week` is 1-based or None."""

    first: int
    end: int
    week: int | None = None

    @property
    def shifts(self) -> int:
        """How many shifts the window shows."""
        return self.end - self.first


def shifts_per_week(shift_hours: int) -> int:
    """Shifts in seven days (a week of 8-hour shifts has 21)."""
    return max(1, HOURS_PER_WEEK // shift_hours)


def week_count(n_shifts: int, shift_hours: int) -> int:
    """How many weeks (the last one maybe partial) the round spans."""
    return math.ceil(n_shifts / shifts_per_week(shift_hours))


def window(n_shifts: int, shift_hours: int, week: int | None) -> Window:
    """The whole round, or its `week`-th week (1-based; out-of-range weeks are clamped)."""
    if week is None:
        return Window(0, n_shifts)
    per_week = shifts_per_week(shift_hours)
    week = min(max(1, week), week_count(n_shifts, shift_hours))
    first = (week - 1) * per_week
    return Window(first, min(n_shifts, first + per_week), week)


@dataclass(frozen=True)
class Tick:
    """A mark on the time axis at `x`, with its label (`major` marks start a day)."""

    x: float
    label: str
    major: bool


@dataclass(frozen=True)
class Axis:
    """Maps a window of a round's shifts onto `[left, left + width]` pixels."""

    start: datetime
    shift_hours: int
    window: Window
    left: float
    width: float

    @property
    def per_shift(self) -> float:
        """Pixels per shift."""
        return self.width / self.window.shifts

    def x(self, shift: float) -> float:
        """The x of the start of `shift` (clamped to the window)."""
        clamped = min(max(shift, self.window.first), self.window.end)
        return self.left + (clamped - self.window.first) * self.per_shift

    def at(self, shift: int) -> datetime:
        """When `shift` starts (UTC)."""
        return _utc(self.start) + timedelta(hours=self.shift_hours * shift)

    def day_ticks(self) -> list[Tick]:
        """A mark at each midnight (UTC) inside the window, labelled as room allows."""
        first, end = self.at(self.window.first), self.at(self.window.end)
        midnight = first.replace(hour=0, minute=0, second=0, microsecond=0)
        if midnight < first:
            midnight += timedelta(days=1)
        per_day = self.per_shift * 24 / self.shift_hours
        ticks: list[Tick] = []
        while midnight <= end:
            hours = (midnight - first).total_seconds() / 3600
            x = self.left + hours / self.shift_hours * self.per_shift
            if per_day >= 80:
                label = midnight.strftime("%a %d %b")
            elif per_day >= 56 or (not ticks and per_day >= 40):
                label = f"{midnight.day} {midnight:%b}"
            elif per_day >= 18:
                label = str(midnight.day)
            else:
                label = f"{midnight.day} {midnight:%b}" if midnight.weekday() == 0 else ""
            ticks.append(Tick(x, label, True))
            midnight += timedelta(days=1)
        return ticks

    def shift_ticks(self) -> list[Tick]:
        """Marks at shift starts: every shift when there is room, else every few shifts."""
        step = next(s for s in (1, 3, 7, 21, 42, 84, 168, 10_000) if s * self.per_shift >= 38)
        ticks = []
        for shift in range(self.window.first, self.window.end):
            if shift % step:
                continue
            label = f"{shift}"
            if step == 1:
                label = f"{self.at(shift):%H:%M}"
            ticks.append(Tick(self.x(shift), label, False))
        return ticks


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
