"""Rules 1-3 of "What a valid award is": each award's blocks, total, calendar and overlaps."""

from __future__ import annotations

from collections.abc import Iterator

from scheduler.checking.breaches import Breach, path
from scheduler.checking.context import CheckContext
from scheduler.checking.placements import Placement
from scheduler.checking.wording import block, count, shift_ranges


def check_awards(context: CheckContext) -> Iterator[Breach]:
    """Every award's blocks (rules 1 and 3) and total length (rule 2)."""
    n_shifts = context.index.instance.round.n_shifts
    for placement in context.placements:
        yield from _block_rules(context, placement, n_shifts)
        yield from _total_shifts(placement, context.placements.delivered.get(placement.request.id))
        yield from _overlaps(placement)


def _block_rules(context: CheckContext, placement: Placement, n_shifts: int) -> Iterator[Breach]:
    """Length >= min_block, inside the round and the window, clear of closed and unavailable."""
    request = placement.request
    replan = context.index.instance.replan
    # A started request's block at `now` continues the block in progress: it may be short.
    short_allowed_at = (
        replan.now if replan is not None and request.id in context.placements.delivered else None
    )
    closed = context.index.closed_shifts(placement.instrument.id)
    unavailable = {s for start, end in request.unavailable for s in range(start, end)}
    for number, (start, length) in enumerate(placement.assignment.blocks):
        where = path("assignments", placement.position, "blocks", number)
        written = block(start, length)
        end = start + length
        if length < request.min_block and start != short_allowed_at:
            yield Breach(
                "block-length",
                where,
                f"block {written} of {request.id} is {count(length, 'shift')} long, "
                f"shorter than its min_block {request.min_block}",
            )
        if end > n_shifts:
            yield Breach(
                "horizon",
                where,
                f"block {written} of {request.id} ends at shift {end}, "
                f"after the end of the round (n_shifts {n_shifts})",
            )
        elif start < request.release or end > request.deadline:
            yield Breach(
                "window",
                where,
                f"block {written} of {request.id} is not inside its window "
                f"[{request.release}, {request.deadline})",
            )
        shifts = range(start, min(end, n_shifts))
        if touched := [s for s in shifts if s in closed]:
            yield Breach(
                "closed",
                where,
                f"block {written} of {request.id} uses shifts {shift_ranges(touched)}, "
                f"closed on {placement.instrument.id}",
            )
        if touched := [s for s in shifts if s in unavailable]:
            yield Breach(
                "unavailable",
                where,
                f"block {written} of {request.id} uses shifts {shift_ranges(touched)}, "
                "when its team is unavailable",
            )


def _total_shifts(placement: Placement, delivered: int | None) -> Iterator[Breach]:
    """The total length is between min_shifts and shifts; a started request's delivered
    time plus its blocks is at most shifts (min_shifts does not apply to it)."""
    request = placement.request
    total = placement.awarded_shifts
    if delivered is not None:
        if delivered + total > request.shifts:
            yield Breach(
                "total-shifts",
                path("assignments", placement.position, "blocks"),
                f"{request.id} already received {count(delivered, 'shift')} and is awarded "
                f"{count(total, 'more shift')}; together more than its shifts {request.shifts}",
            )
        return
    if not request.min_shifts <= total <= request.shifts:
        yield Breach(
            "total-shifts",
            path("assignments", placement.position, "blocks"),
            f"{request.id} is awarded {count(total, 'shift')}; an award must be between its "
            f"min_shifts {request.min_shifts} and shifts {request.shifts}",
        )


def _overlaps(placement: Placement) -> Iterator[Breach]:
    """Blocks of one request do not overlap (each overlap is reported at the later block)."""
    ordered = sorted(
        (start, start + length, number)
        for number, (start, length) in enumerate(placement.assignment.blocks)
        if length > 0
    )
    reach_end, reach_number = -1, -1
    for start, end, number in ordered:
        if start < reach_end:
            yield Breach(
                "overlap",
                path("assignments", placement.position, "blocks", number),
                f"blocks {reach_number} and {number} of {placement.request.id} overlap at "
                f"shifts {shift_ranges(range(start, min(end, reach_end)))}",
            )
        if end > reach_end:
            reach_end, reach_number = end, number
