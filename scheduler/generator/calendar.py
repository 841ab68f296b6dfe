"""Closed periods of facilities and instruments, and teams' unavailable periods, per profile.

Profiles (fractions are of the round, in shifts):

* `normal`: a start-up period after the winter or summer break (2-4 %), one
  maintenance stop (4-7 %) per facility, and now and then a few days of in-house
  time on an instrument; about 10 % closed.
* `tight`: a long shutdown as well (upgrade or fuel change), so that 25-40 % of
  the round is closed.
* `fragmented`: many short machine-development stops (1-4 shifts every 18-30
  shifts) and frequent short team absences, so free runs are short.

All intervals are half-open `[start, end)`, inside `[0, n_shifts)`, non-empty,
sorted and merged.
"""

from __future__ import annotations

from random import Random

from scheduler.generator.config import CalendarProfile

Interval = tuple[int, int]


def merge_intervals(intervals: list[Interval]) -> list[Interval]:
    """Sorted, non-overlapping, non-adjacent union of non-empty `intervals`."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def spread(rng: Random, n_shifts: int, lengths: list[int], from_start: bool) -> list[Interval]:
    """Place intervals of `lengths` shifts at random, disjoint, in `[0, n_shifts)`.

    Lengths of 0 are dropped; the rest are kept in order and must leave at least one
    shift open (longer tails are dropped). With `from_start`, the first begins at 0.
    """
    kept: list[int] = []
    for length in lengths:
        if length > 0 and sum(kept) + length < n_shifts:
            kept.append(length)
    if not kept:
        return []
    open_shifts = n_shifts - sum(kept)
    cuts = sorted(rng.randint(0, open_shifts) for _ in range(len(kept)))
    if from_start:
        cuts[0] = 0
    placed: list[Interval] = []
    used = 0
    for cut, length in zip(cuts, kept, strict=True):
        start = cut + used
        placed.append((start, start + length))
        used += length
    return merge_intervals(placed)


def facility_closures(rng: Random, n_shifts: int, profile: CalendarProfile) -> list[Interval]:
    """Closed periods of a whole facility (its source is off), in shifts."""
    start_up = int(n_shifts * rng.uniform(0.02, 0.04))
    maintenance = int(n_shifts * rng.uniform(0.04, 0.07))
    if profile == "normal":
        return spread(rng, n_shifts, [start_up, maintenance], from_start=True)
    if profile == "tight":
        closed_target = rng.uniform(0.25, 0.38)
        shutdown = int(n_shifts * closed_target) - start_up - maintenance
        order = [start_up, shutdown, maintenance]
        if rng.random() < 0.5:
            order = [start_up, maintenance, shutdown]
        return spread(rng, n_shifts, order, from_start=True)
    stops = [rng.randint(1, 4) for _ in range(n_shifts // rng.randint(18, 30))]
    return spread(rng, n_shifts, [start_up, *stops], from_start=True)


def instrument_closures(rng: Random, n_shifts: int, profile: CalendarProfile) -> list[Interval]:
    """Closed periods of one instrument on top of its facility's (in-house time, repairs)."""
    if profile == "fragmented":
        stops = [rng.randint(1, 3) for _ in range(n_shifts // rng.randint(40, 70))]
        return spread(rng, n_shifts, stops, from_start=False)
    chance, low, high = (0.5, 0.01, 0.03) if profile == "normal" else (0.8, 0.02, 0.04)
    if rng.random() >= chance:
        return []
    return spread(rng, n_shifts, [int(n_shifts * rng.uniform(low, high))], from_start=False)


def team_unavailability(rng: Random, n_shifts: int, profile: CalendarProfile) -> list[Interval]:
    """Shifts a request's team cannot come (teaching, other beamtimes, travel)."""
    if profile == "fragmented":
        if rng.random() >= 0.6:
            return []
        lengths = [rng.randint(1, 6) for _ in range(rng.randint(2, 6))]
    else:
        if rng.random() >= 0.2:
            return []
        lengths = [
            max(1, int(n_shifts * rng.uniform(0.02, 0.06))) for _ in range(rng.randint(1, 2))
        ]
    return spread(rng, n_shifts, lengths, from_start=False)


def closed_shift_count(intervals: list[Interval]) -> int:
    """Shifts covered by merged `intervals`."""
    return sum(end - start for start, end in intervals)
