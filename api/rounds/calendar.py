"""Converting between times and the shifts of a round.

Shift `s` of a round covers `[start + s * shift_hours, start + (s + 1) * shift_hours)`.
An instrument's closed period closes every shift it overlaps, even partly.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from models.orm import Round


def shift_start(round_: Round, shift: int) -> datetime:
    """When shift `shift` of the round starts (UTC)."""
    return round_.start + timedelta(hours=round_.shift_hours * shift)


def closed_shift_intervals(
    periods: Iterable[tuple[datetime, datetime]], round_: Round
) -> list[tuple[int, int]]:
    """The round's shifts touched by closed periods, as merged half-open intervals."""
    hours = timedelta(hours=round_.shift_hours)
    intervals: list[tuple[int, int]] = []
    for starts_at, ends_at in periods:
        first = max(0, (starts_at - round_.start) // hours)
        last = min(round_.n_shifts, -((round_.start - ends_at) // hours))  # ceiling
        if first < last:
            intervals.append((int(first), int(last)))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def shifts_to_period(round_: Round, start: int, end: int) -> tuple[datetime, datetime]:
    """The times of shifts `[start, end)` of the round."""
    return shift_start(round_, start), shift_start(round_, end)
