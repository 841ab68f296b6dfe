"""Room for a request on an instrument, as the spec's "Reasons" define it.

"Room" means shifts that are open on the instrument, inside the request's
window, not unavailable to the team, and under the instrument's capacity given
every other award of the solution; the request's own award does not count
against it. A request can use room only in blocks of at least `min_block`, so
room is counted over maximal runs of consecutive free shifts at least that long.
Runs are computed on intervals, so the cost does not grow with the window.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from models.exchange import Request
from scheduler.checking.context import CheckContext
from scheduler.index import InstanceIndex

Interval = tuple[int, int]
"""A half-open interval `[start, end)` of shift numbers."""


def shifts_needed(request: Request, awarded: int) -> int:
    """Shifts a reason is about: `min_shifts`, or for a partial award one more than it got."""
    return awarded + 1 if awarded > 0 else request.min_shifts


def free_runs(window: Interval, blocked: Iterable[Interval]) -> list[Interval]:
    """The maximal runs `[start, end)` inside `window` that touch no blocked interval."""
    start, end = window
    runs: list[Interval] = []
    cursor = start
    for blocked_start, blocked_end in sorted(blocked):
        if blocked_end <= cursor:
            continue
        if blocked_start >= end:
            break
        if blocked_start > cursor:
            runs.append((cursor, blocked_start))
        cursor = blocked_end
    if cursor < end:
        runs.append((cursor, end))
    return runs


def in_runs(runs: Iterable[Interval], min_block: int) -> int:
    """Shifts usable in blocks of at least `min_block`: the length of the runs that long."""
    return sum(end - start for start, end in runs if end - start >= min_block)


def open_room(index: InstanceIndex, request: Request, instrument_id: str) -> int:
    """Open, available shifts in the window, in runs of at least `min_block`, all else empty."""
    blocked = [*index.instruments[instrument_id].closed, *request.unavailable]
    return in_runs(free_runs((request.release, request.deadline), blocked), request.min_block)


def room(context: CheckContext, request: Request, instrument_id: str) -> int:
    """Room in runs of at least `min_block`, given every other award of the solution (shifts)."""
    blocked = [
        *context.index.instruments[instrument_id].closed,
        *request.unavailable,
        *_full_for_others(context, request, instrument_id),
    ]
    return in_runs(free_runs((request.release, request.deadline), blocked), request.min_block)


def _full_for_others(context: CheckContext, request: Request, instrument_id: str) -> list[Interval]:
    """Intervals at capacity without the request's own award."""
    full = context.placements.full_runs.get(instrument_id, [])
    own = context.placements.by_request.get(request.id)
    if own is None or own.instrument.id != instrument_id:
        return full
    capacity = own.instrument.capacity
    occupants = context.placements.occupants[instrument_id]
    n_shifts = context.index.instance.round.n_shifts
    freed = sorted(
        shift for shift in own.covered_shifts(n_shifts) if len(occupants[shift]) <= capacity
    )
    return _without(full, freed)


def _without(intervals: list[Interval], shifts: list[int]) -> list[Interval]:
    """`intervals` with the (sorted) `shifts` taken out."""
    result: list[Interval] = []
    for start, end in intervals:
        cursor = start
        for shift in shifts[bisect_left(shifts, start) : bisect_left(shifts, end)]:
            if shift > cursor:
                result.append((cursor, shift))
            cursor = shift + 1
        if cursor < end:
            result.append((cursor, end))
    return result
