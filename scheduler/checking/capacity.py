"""Rule 4 of "What a valid award is": at every shift, no instrument hosts more than its capacity."""

from __future__ import annotations

from collections.abc import Iterator

from scheduler.checking.breaches import Breach, path
from scheduler.checking.context import CheckContext
from scheduler.checking.wording import shift_ranges


def check_capacity(context: CheckContext) -> Iterator[Breach]:
    """One breach per run of consecutive over-full shifts with the same requests on an instrument.

    Requests are counted once per shift (two overlapping blocks of one request are
    an `overlap`, not a capacity breach). The breach points at the block, of the
    request assigned last in the document, that covers the run's first shift.
    """
    placements = context.placements
    for instrument_id, by_shift in placements.occupants.items():
        capacity = context.index.instruments[instrument_id].capacity
        over = sorted(shift for shift, requests in by_shift.items() if len(requests) > capacity)
        for first, last, requests in _runs(over, by_shift):
            latest = max((placements.by_request[r] for r in requests), key=lambda p: p.position)
            number = next(
                (
                    n
                    for n, (start, length) in enumerate(latest.assignment.blocks)
                    if start <= first < start + length
                ),
                0,
            )
            yield Breach(
                "capacity",
                path("assignments", latest.position, "blocks", number),
                f"{instrument_id} hosts {len(requests)} requests at shifts "
                f"{shift_ranges(range(first, last + 1))} ({', '.join(sorted(requests))}), "
                f"more than its capacity {capacity}",
            )


def _runs(
    shifts: list[int], by_shift: dict[int, set[str]]
) -> Iterator[tuple[int, int, frozenset[str]]]:
    """Maximal runs `(first, last, requests)` of consecutive shifts hosting the same requests."""
    run: tuple[int, int, frozenset[str]] | None = None
    for shift in shifts:
        requests = frozenset(by_shift[shift])
        if run is not None and shift == run[1] + 1 and requests == run[2]:
            run = (run[0], shift, requests)
            continue
        if run is not None:
            yield run
        run = (shift, shift, requests)
    if run is not None:
        yield run
