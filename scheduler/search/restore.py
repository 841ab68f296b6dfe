"""Re-plans: put back the baseline blocks a revision moved for nothing.

The searches place a request's time wherever it fits (first fit starts from an empty
calendar, a neighbourhood's model is cut by its budget), so a revision often moves a
booking that could have stayed where it was. Each such move costs `change_weight` and
tells a group its booking changed for no reason. A request that keeps its instrument and
its number of shifts (a mover) can go back to its baseline blocks when their room is
free: its award, and with it the value and every policy row, stays the same, and each
block put back is one change less. Room is freed by lifting an instrument's movers
together, with its awards that have no baseline (those can go anywhere at no cost).
Passes repeat while they put something back, since a request that goes back frees the
room another one's baseline needs.
"""

from __future__ import annotations

from collections.abc import Mapping

from scheduler.allocation import Allocation, Placement
from scheduler.prepare import KeepTerm, PreparedInstance
from scheduler.search.greedy import best_first_fit, precedence_window
from scheduler.search.occupancy import Occupancy

MAX_PASSES = 4
MAX_TOGETHER_TRIES = 4
"""Tries per instrument of putting its movers back together, each leaving the movers that
could not be placed where they are."""


def restored_allocation(prepared: PreparedInstance, allocation: Allocation) -> Allocation | None:
    """`allocation` with the requests that can go back to their baseline blocks put back
    (same instrument, same shifts, room free, precedences kept); None if none can.

    Per instrument, every such request is first lifted at once, with the awards there that
    have no baseline (they can go anywhere at no cost), and put back together; those whose
    baseline room is still taken, and the awards without one, are re-placed where they were
    or by first fit with the same shifts. First fit from an empty calendar shifts a whole
    instrument's bookings by a little, and then each request's baseline is taken by
    another one's new block, so that none can go back alone. When that fails, requests go
    back one by one."""
    if not prepared.keep:
        return None
    baselines = {r: _baseline_placement(terms) for r, terms in prepared.keep_by_request.items()}
    placements = dict(allocation.placements)
    movers = _movers(prepared, baselines, placements)
    if not movers:  # the usual case, on every incumbent: no occupancy to build
        return None
    occupancy = Occupancy(prepared, allocation)
    restored = False
    for _ in range(MAX_PASSES):
        floating = _floating(prepared, placements, set(movers))
        moved = False
        for instrument, on_one in movers.items():
            together = _back_together(
                prepared, occupancy, placements, on_one, floating.get(instrument, [])
            )
            moved |= together or _back_one_by_one(prepared, occupancy, placements, on_one)
        restored |= moved
        if not moved:
            break
        movers = _movers(prepared, baselines, placements)
    return Allocation(placements) if restored else None


def _movers(
    prepared: PreparedInstance,
    baselines: Mapping[str, Placement | None],
    placements: Mapping[str, Placement],
) -> dict[str, dict[str, Placement]]:
    """By instrument, the baseline placement of every request that could go back to it:
    placed on the baseline's instrument with the baseline's shifts, but not on its blocks."""
    movers: dict[str, dict[str, Placement]] = {}
    for request_id, terms in prepared.keep_by_request.items():
        current = placements.get(request_id)
        baseline = baselines[request_id]
        if current is None or baseline is None or _keeps_every(terms, current):
            continue
        if current.instrument != baseline.instrument or current.shifts != baseline.shifts:
            continue  # another award: its value and the policy rows would change
        movers.setdefault(baseline.instrument, {})[request_id] = baseline
    return movers


def _floating(
    prepared: PreparedInstance, placements: Mapping[str, Placement], instruments: set[str]
) -> dict[str, list[str]]:
    """By instrument (of those given), the awards of requests without baseline blocks."""
    floating: dict[str, list[str]] = {}
    for request_id, placement in placements.items():
        if placement.instrument in instruments and request_id not in prepared.keep_by_request:
            floating.setdefault(placement.instrument, []).append(request_id)
    return floating


def _back_one_by_one(
    prepared: PreparedInstance,
    occupancy: Occupancy,
    placements: dict[str, Placement],
    movers: dict[str, Placement],
) -> bool:
    """Put back each mover whose baseline room is free with its own blocks lifted."""
    moved = False
    for request_id, baseline in movers.items():
        current = placements[request_id]
        occupancy.remove(current)
        if _room_for(prepared, occupancy, request_id, baseline) and _timed_right(
            prepared, request_id, baseline, placements
        ):
            occupancy.add(baseline)
            placements[request_id] = baseline
            moved = True
        else:
            occupancy.add(current)
    return moved


def _back_together(
    prepared: PreparedInstance,
    occupancy: Occupancy,
    placements: dict[str, Placement],
    movers: dict[str, Placement],
    floating: list[str],
) -> bool:
    """Lift the movers of one instrument and its `floating` awards together and put them
    back (`_try_together`); one that cannot then be re-placed, or whose precedences break,
    stays where it is, and the others try again (at most `MAX_TOGETHER_TRIES` times)."""
    staying: set[str] = set()
    for _ in range(MAX_TOGETHER_TRIES):
        going = {r: baseline for r, baseline in movers.items() if r not in staying}
        free = [r for r in floating if r not in staying]
        if not going or len(going) + len(free) < 2:
            return False
        failed = _try_together(prepared, occupancy, placements, going, free)
        if failed is None:
            return True
        if not failed:
            return False  # every mover placed, and no more blocks kept than before
        staying |= failed
    return False


def _try_together(
    prepared: PreparedInstance,
    occupancy: Occupancy,
    placements: dict[str, Placement],
    movers: dict[str, Placement],
    floating: list[str],
) -> set[str] | None:
    """Lift every mover and floating award, put back the movers whose baseline room is then
    free, and re-place the others with the same shifts (where they were, else by first
    fit). Kept (None returned) if every one is placed, every precedence holds and more
    blocks are kept; otherwise undone, and those that could not be placed or broke a
    precedence are returned."""
    current = {request_id: placements[request_id] for request_id in (*movers, *floating)}
    for lifted in current.values():
        occupancy.remove(lifted)
    trial = dict(placements)
    added: list[Placement] = []
    waiting = []
    for request_id, baseline in sorted(movers.items(), key=lambda item: item[1].blocks):
        if _room_for(prepared, occupancy, request_id, baseline):
            occupancy.add(baseline)
            added.append(baseline)
            trial[request_id] = baseline
        else:
            waiting.append(request_id)
    failed: set[str] = set()
    for request_id in (*waiting, *floating):
        before = current[request_id]
        placement: Placement | None = before
        if not _room_for(prepared, occupancy, request_id, before):
            placement = best_first_fit(
                prepared,
                occupancy,
                prepared.plans[request_id],
                trial,
                only_on=before.instrument,
                shifts=before.shifts,
            )
        if placement is None or placement.shifts != before.shifts:
            failed.add(request_id)
            continue
        occupancy.add(placement)
        added.append(placement)
        trial[request_id] = placement
    if not failed:
        failed = {r for r in current if not _timed_right(prepared, r, trial[r], trial)}
    if not failed:
        kept_before = _kept_count(prepared, {r: current[r] for r in movers})
        kept_after = _kept_count(prepared, {r: trial[r] for r in movers})
        if kept_after > kept_before:
            placements.update((r, trial[r]) for r in current)
            return None
    for placement in added:
        occupancy.remove(placement)
    for lifted in current.values():
        occupancy.add(lifted)
    return failed


def _kept_count(prepared: PreparedInstance, placements: Mapping[str, Placement]) -> int:
    return sum(
        term.kept_by(placement)
        for request_id, placement in placements.items()
        for term in prepared.keep_by_request[request_id]
    )


def _baseline_placement(terms: list[KeepTerm]) -> Placement | None:
    """The request's baseline blocks (those still possible) as one placement; None when they
    are on more than one instrument."""
    instruments = {term.instrument for term in terms}
    if len(instruments) != 1:
        return None
    blocks = tuple(sorted((term.start, term.length) for term in terms))
    return Placement(instruments.pop(), blocks)


def _keeps_every(terms: list[KeepTerm], placement: Placement) -> bool:
    return all(term.kept_by(placement) for term in terms)


def _room_for(
    prepared: PreparedInstance, occupancy: Occupancy, request_id: str, candidate: Placement
) -> bool:
    """Whether the request may run as `candidate` beside what `occupancy` holds: every
    block inside a usable run of its window, long enough, where the instrument has room."""
    plan = prepared.plans[request_id]
    if candidate.instrument not in plan.request.instruments:
        return False
    runs = plan.runs_on(candidate.instrument).runs
    min_block = prepared.started_min_block.get(request_id, plan.request.min_block)
    load = occupancy.load[candidate.instrument]
    capacity = occupancy.capacity[candidate.instrument]
    for start, length in candidate.blocks:
        short_allowed = request_id in prepared.started_min_block and start == prepared.now
        if length < min_block and not short_allowed:  # only a started block at `now`
            return False
        if not any(run_start <= start and start + length <= run_end for run_start, run_end in runs):
            return False
        if (load[start : start + length] >= capacity).any():
            return False
    return True


def _timed_right(
    prepared: PreparedInstance,
    request_id: str,
    candidate: Placement,
    placements: Mapping[str, Placement],
) -> bool:
    """Precedences (award ones and a re-plan's timing-only ones) with the request on either
    side hold when it runs as `candidate`."""
    window = precedence_window(prepared, request_id, placements)
    if window is None:
        return False
    not_before, not_after = window
    return candidate.first_start >= not_before and (
        not_after is None or candidate.last_end <= not_after
    )
