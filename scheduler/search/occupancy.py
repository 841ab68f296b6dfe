"""How many blocks each instrument hosts at each shift, for heuristics that place blocks."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import numpy.typing as npt

from scheduler.allocation import Allocation, Block, Placement
from scheduler.calendar import Run, Window
from scheduler.prepare import PreparedInstance


class Occupancy:
    """Per instrument, the number of blocks at every shift, against its capacity."""

    def __init__(self, prepared: PreparedInstance, allocation: Allocation | None = None) -> None:
        self.prepared = prepared
        self.load: dict[str, npt.NDArray[np.int32]] = {
            i.id: np.zeros(prepared.n_shifts, dtype=np.int32) for i in prepared.instance.instruments
        }
        self.capacity = {i.id: i.capacity for i in prepared.instance.instruments}
        self._masks: dict[tuple[Run, ...], npt.NDArray[np.bool_] | None] = {}
        if allocation is not None:
            for _, placement in allocation:
                self.add(placement)

    def add(self, placement: Placement) -> None:
        """Occupy the placement's blocks."""
        load = self.load[placement.instrument]
        for start, length in placement.blocks:
            load[start : start + length] += 1

    def remove(self, placement: Placement) -> None:
        """Free the placement's blocks."""
        load = self.load[placement.instrument]
        for start, length in placement.blocks:
            load[start : start + length] -= 1

    def free_runs(
        self, window: Window, not_before: int = 0, not_after: int | None = None
    ) -> list[Run]:
        """Runs of the window's usable runs where the instrument still has room."""
        mask = self._window_mask(window.runs)
        if mask is None:
            return self._free_runs_one_by_one(window, not_before, not_after)
        # One vectorised pass over the horizon: at 10,000 requests a loop over runs with
        # a numpy call each was the largest cost of the heuristics.
        free = mask & (self.load[window.instrument] < self.capacity[window.instrument])
        if not_before > 0:
            free[:not_before] = False
        if not_after is not None:
            free[max(0, not_after) :] = False
        padded = np.zeros(len(free) + 2, dtype=np.bool_)
        padded[1:-1] = free
        # Changes alternate, a rise first (the padding is False): starts, then ends.
        changes = np.flatnonzero(padded[1:] != padded[:-1]).tolist()
        return list(zip(changes[0::2], changes[1::2], strict=True))

    def _window_mask(self, runs: tuple[Run, ...]) -> npt.NDArray[np.bool_] | None:
        """The window's usable shifts as a mask; None when two runs touch (a mask would
        merge them into one run, and blocks must not cross a run's end)."""
        if runs not in self._masks:
            touching = any(end >= start for (_, end), (start, _) in pairwise(runs))
            mask = None
            if not touching:
                mask = np.zeros(self.prepared.n_shifts, dtype=np.bool_)
                for start, end in runs:
                    mask[start:end] = True
            self._masks[runs] = mask
        return self._masks[runs]

    def _free_runs_one_by_one(
        self, window: Window, not_before: int, not_after: int | None
    ) -> list[Run]:
        load = self.load[window.instrument]
        capacity = self.capacity[window.instrument]
        runs: list[Run] = []
        for run_start, run_end in window.runs:
            start = max(run_start, not_before)
            end = run_end if not_after is None else min(run_end, not_after)
            if end <= start:
                continue
            free = load[start:end] < capacity
            if free.all():
                runs.append((start, end))
                continue
            edges = np.diff(np.concatenate(([0], free.view(np.int8), [0])))
            starts = np.flatnonzero(edges == 1)
            ends = np.flatnonzero(edges == -1)
            runs.extend((start + int(a), start + int(b)) for a, b in zip(starts, ends, strict=True))
        return runs


def first_fit(
    runs: list[Run], shifts: int, min_shifts: int, min_block: int, short_at: int | None = None
) -> tuple[Block, ...]:
    """Earliest blocks of `min_block`+ in `runs`, up to `shifts`; empty if below `min_shifts`.

    A block that starts at `short_at` may be shorter (a re-plan's started request at `now`:
    the format lets the block in progress end early, and only there)."""
    blocks: list[Block] = []
    remaining = shifts
    for start, end in runs:
        floor = 1 if start == short_at else min_block
        if remaining < floor:
            break
        length = min(end - start, remaining)
        leftover = remaining - length
        if 0 < leftover < min_block and length - (min_block - leftover) >= floor:
            length -= min_block - leftover  # leave enough for one more block
        if length >= floor:
            blocks.append((start, length))
            remaining -= length
    total = shifts - remaining
    return tuple(blocks) if total >= min_shifts else ()
