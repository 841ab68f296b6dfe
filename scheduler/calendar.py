"""Free time on an instrument's calendar, in shifts: runs of open shifts and what fits in them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

Run = tuple[int, int]
"""A half-open run `[start, end)` of consecutive usable shifts."""


def blocked_mask(n_shifts: int, intervals: Iterable[tuple[int, int]]) -> bytearray:
    """A mask of the horizon with 1 at every shift inside one of `intervals`."""
    mask = bytearray(n_shifts)
    for start, end in intervals:
        mask[start:end] = b"\x01" * (end - start)
    return mask


def merged_intervals(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, disjoint intervals covering the same shifts (overlapping or touching merged).

    The format does not ask intervals to be disjoint; models that turn closed time into
    fixed intervals need them so (two overlapping closed intervals would exceed capacity).
    """
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def runs_of_free_shifts(mask: bytearray | bytes, start: int, end: int) -> list[Run]:
    """Maximal runs of zeros of `mask` inside `[start, end)`."""
    runs: list[Run] = []
    position = start
    while position < end:
        while position < end and mask[position]:
            position += 1
        run_start = position
        while position < end and not mask[position]:
            position += 1
        if position > run_start:
            runs.append((run_start, position))
    return runs


def subtract_intervals(runs: Iterable[Run], removed: Iterable[tuple[int, int]]) -> list[Run]:
    """`runs` (sorted, disjoint) minus the union of `removed`, clipped into runs again."""
    cuts = sorted(removed)
    result: list[Run] = []
    for run_start, run_end in runs:
        position = run_start
        for cut_start, cut_end in cuts:
            if cut_end <= position or cut_start >= run_end:
                continue
            if cut_start > position:
                result.append((position, cut_start))
            position = max(position, cut_end)
            if position >= run_end:
                break
        if position < run_end:
            result.append((position, run_end))
    return result


def clip_runs(runs: Iterable[Run], start: int, end: int) -> list[Run]:
    """The parts of `runs` inside `[start, end)`."""
    return [(max(a, start), min(b, end)) for a, b in runs if min(b, end) > max(a, start)]


def usable_runs(runs: Iterable[Run], min_block: int) -> list[Run]:
    """The runs long enough to hold a block of `min_block` shifts."""
    return [(start, end) for start, end in runs if end - start >= min_block]


def shifts_in_runs(runs: Iterable[Run]) -> int:
    """Total length of `runs`, in shifts."""
    return sum(end - start for start, end in runs)


@dataclass(frozen=True)
class Window:
    """Where a request may be placed on one instrument: usable runs within its window."""

    instrument: str
    runs: tuple[Run, ...]

    @property
    def capacity(self) -> int:
        """Most shifts the request could get here with nothing else awarded."""
        return shifts_in_runs(self.runs)


def earliest_completion(runs: tuple[Run, ...], shifts: int, min_block: int) -> int:
    """Earliest shift boundary by which `shifts` shifts can be done in blocks of `min_block`+."""
    remaining = shifts
    for start, end in runs:
        take = max(min(end - start, remaining), min_block)
        remaining -= take
        if remaining <= 0:
            return start + take
    return runs[-1][1] if runs else 0


def latest_start(runs: tuple[Run, ...], shifts: int, min_block: int) -> int:
    """Latest shift at which `shifts` shifts in blocks of `min_block`+ can begin."""
    remaining = shifts
    for start, end in reversed(runs):
        take = max(min(end - start, remaining), min_block)
        remaining -= take
        if remaining <= 0:
            return end - take
    return runs[0][0] if runs else 0


def reachable_totals(runs: tuple[Run, ...], min_block: int, most: int) -> list[tuple[int, int]]:
    """Totals (up to `most`) that blocks of at least `min_block` in `runs` can add up to,
    as sorted disjoint closed intervals. One run holds any total in `{0} ∪ [min_block, len]`.
    """
    limit = (1 << (most + 1)) - 1
    reachable = 1  # bit t set: total t reachable
    for start, end in runs:
        length = min(end - start, most)
        if length < min_block:
            continue
        grown = reachable
        for used in range(min_block, length + 1):
            grown |= reachable << used
        reachable = grown & limit
    intervals: list[tuple[int, int]] = []
    total = 0
    while reachable:
        if reachable & 1:
            if intervals and intervals[-1][1] == total - 1:
                intervals[-1] = (intervals[-1][0], total)
            else:
                intervals.append((total, total))
        reachable >>= 1
        total += 1
    return intervals
