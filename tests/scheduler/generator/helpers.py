"""Small measurements of generated rounds that the generator's tests compare."""

from __future__ import annotations

from collections.abc import Iterable
from statistics import mean

from models.exchange import Instance


def free_runs(blocked: Iterable[tuple[int, int]], n_shifts: int) -> list[int]:
    """Lengths (shifts) of the maximal runs of `[0, n_shifts)` outside the `blocked` intervals."""
    runs: list[int] = []
    position = 0
    for start, end in sorted(blocked):
        if start > position:
            runs.append(start - position)
        position = max(position, end)
    if n_shifts > position:
        runs.append(n_shifts - position)
    return runs


def closed_fraction(instance: Instance) -> float:
    """Mean fraction of the round closed on an instrument."""
    n_shifts = instance.round.n_shifts
    return mean(
        sum(end - start for start, end in instrument.closed) / n_shifts
        for instrument in instance.instruments
    )


def mean_free_run(instance: Instance) -> float:
    """Mean length (shifts) of an open run on an instrument, less the first request's absences."""
    closed = {instrument.id: instrument.closed for instrument in instance.instruments}
    n_shifts = instance.round.n_shifts
    runs = [
        run
        for proposal in instance.proposals
        for request in proposal.requests
        for run in free_runs([*closed[request.instruments[0]], *request.unavailable], n_shifts)
    ]
    return mean(runs)
