"""Neighbourhoods for large-neighbourhood search: which requests to set free around the incumbent.

* `instruments`: a few instruments that share requests; everything that could
  run on them is free to move, come in or go;
* `time_window`: a stretch of weeks on a few instruments;
* `countries`: the requests of proposals from a policy's countries, where
  policy balance is won or lost;
* `where_the_bound_differs` (built from the selection's targets): instruments
  drawn in proportion to how much more value the calendar-free selection puts
  on them than the incumbent has there, where the gap to the bound lives;
* `around_the_loss` (a re-plan's requests whose baseline blocks the lost time made
  impossible): some of them free on every alternative, with what is placed or waits
  on those instruments during their windows, where their compensation is found.
Fixed placements enter the model as constants.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from scheduler.allocation import Allocation, Placement
from scheduler.calendar import Window
from scheduler.model.scope import FreeRequest, Scope
from scheduler.prepare import PreparedInstance, RequestPlan
from scheduler.search.occupancy import Occupancy

Neighbourhood = Callable[[PreparedInstance, Allocation, random.Random, int], Scope]


def everything(prepared: PreparedInstance, allocation: Allocation) -> Scope:
    """Every placeable request free on every usable alternative: the monolithic model."""
    free = {
        request_id: FreeRequest(tuple(w.instrument for w in plan.windows))
        for request_id, plan in prepared.plans.items()
        if plan.placeable
    }
    return Scope(free, Allocation())


def around_instruments(
    prepared: PreparedInstance, allocation: Allocation, rng: random.Random, size: int
) -> Scope:
    """Instruments grown from a random seed along shared alternatives, until ~`size` requests."""
    seed = rng.choice([i.id for i in prepared.instance.instruments])
    return _grown_from(prepared, allocation, rng, size, seed)


def _grown_from(
    prepared: PreparedInstance, allocation: Allocation, rng: random.Random, size: int, seed: str
) -> Scope:
    """Instruments grown from `seed` along shared alternatives, until ~`size` requests."""
    instruments = [i.id for i in prepared.instance.instruments]
    chosen = [seed]
    candidates = set(_linked(prepared, chosen[0]))
    while _count_free(prepared, allocation, set(chosen)) < size:
        pool = sorted(candidates - set(chosen)) or sorted(set(instruments) - set(chosen))
        if not pool:
            break
        chosen.append(rng.choice(pool))
        candidates |= set(_linked(prepared, chosen[-1]))
    return _scope_on(prepared, allocation, set(chosen), None, rng, size)


def time_window(
    prepared: PreparedInstance, allocation: Allocation, rng: random.Random, size: int
) -> Scope:
    """A stretch of the horizon on a few linked instruments."""
    seed = rng.choice([i.id for i in prepared.instance.instruments])
    chosen = {seed, *_linked(prepared, seed)}
    horizon = prepared.n_shifts
    per_shift = max(1, _count_free(prepared, allocation, chosen)) / horizon
    length = min(horizon, max(8, int(size / per_shift)))
    start = rng.randrange(0, max(1, horizon - length + 1))
    return _scope_on(prepared, allocation, chosen, (start, start + length), rng, size)


def countries(
    prepared: PreparedInstance, allocation: Allocation, rng: random.Random, size: int
) -> Scope:
    """Requests of proposals from one policy's countries, on all their alternatives."""
    policies = list(prepared.instance.policies)
    if not policies:
        return around_instruments(prepared, allocation, rng, size)
    policy = rng.choice(policies)
    names = set(getattr(policy, "shares", {})) | set(getattr(policy, "countries", ()))
    candidates = sorted(
        request_id
        for request_id, plan in prepared.plans.items()
        if plan.placeable and names & set(plan.proposal.countries)
    )
    rng.shuffle(candidates)
    picked = set(candidates[: max(1, size // 2)])
    instruments = {w.instrument for r in picked for w in prepared.plans[r].windows}
    for request_id, placement in allocation.placements.items():
        if placement.instrument in instruments and len(picked) < size and rng.random() < 0.5:
            picked.add(request_id)
    return _scope_of_requests(prepared, allocation, picked, instruments)


NEIGHBOURHOODS: tuple[Neighbourhood, ...] = (around_instruments, time_window, countries)


def where_the_bound_differs(targets: dict[str, tuple[str, int]]) -> Neighbourhood:
    """A neighbourhood around instruments where the selection's targets (instrument, shifts)
    are worth most above the incumbent's awards; `around_instruments` when they agree."""

    def neighbourhood(
        prepared: PreparedInstance, allocation: Allocation, rng: random.Random, size: int
    ) -> Scope:
        shortfall: dict[str, float] = {}
        for request_id, (instrument, shifts) in targets.items():
            score = prepared.plans[request_id].proposal.score
            shortfall[instrument] = shortfall.get(instrument, 0.0) + score * shifts
        for request_id, placement in allocation.placements.items():
            score = prepared.plans[request_id].proposal.score
            instrument = placement.instrument
            shortfall[instrument] = shortfall.get(instrument, 0.0) - score * placement.shifts
        weighted = sorted((i, w) for i, w in shortfall.items() if w > 0)
        if not weighted:
            return around_instruments(prepared, allocation, rng, size)
        (seed,) = rng.choices([i for i, _ in weighted], weights=[w for _, w in weighted])
        return _grown_from(prepared, allocation, rng, size, seed)

    return neighbourhood


def around_the_loss(hit: Sequence[str]) -> Neighbourhood:
    """A neighbourhood around some of the `hit` requests (a re-plan's requests that lost
    baseline blocks): they are free on every alternative, and so is what is placed or waits
    on those instruments during their windows; `around_instruments` when none is left."""

    def neighbourhood(
        prepared: PreparedInstance, allocation: Allocation, rng: random.Random, size: int
    ) -> Scope:
        candidates = sorted(r for r in hit if r in prepared.plans and prepared.plans[r].placeable)
        if not candidates:
            return around_instruments(prepared, allocation, rng, size)
        picked = rng.sample(candidates, min(len(candidates), max(1, size // 4)))
        plans = [prepared.plans[r] for r in picked]
        instruments = {w.instrument for plan in plans for w in plan.windows}
        window = (
            min(plan.request.release for plan in plans),
            max(plan.request.deadline for plan in plans),
        )
        around = _scope_on(prepared, allocation, instruments, window, rng, size - len(picked))
        free = dict(around.free)
        for plan in plans:
            free[plan.id] = FreeRequest(tuple(w.instrument for w in plan.windows))
        fixed = Allocation({r: p for r, p in allocation.placements.items() if r not in free})
        return Scope(free, fixed)

    return neighbourhood


def around_free_room(
    prepared: PreparedInstance, allocation: Allocation, rng: random.Random, size: int
) -> Scope:
    """A neighbourhood around open shifts the allocation leaves unused (a re-plan after a
    decline: the declined groups' room): an instrument drawn in proportion to its unused
    open shifts that a waiting request could use, and a stretch around one of those runs
    on it, with what is placed there and what waits for it free to move, come in or go;
    `around_instruments` when no such room is left."""
    occupancy = Occupancy(prepared, allocation)
    room: list[tuple[str, int, int]] = []
    for instrument in sorted(prepared.requests_on):
        waiting = [plan for plan in prepared.requests_on[instrument] if _short(plan, allocation)]
        if not waiting:
            continue
        for start, end in occupancy.free_runs(
            Window(instrument, tuple(prepared.open_runs[instrument]))
        ):
            if any(p.request.release < end and p.request.deadline > start for p in waiting):
                room.append((instrument, start, end))
    if not room:
        return around_instruments(prepared, allocation, rng, size)
    (instrument, start, end) = rng.choices(room, weights=[e - s for _, s, e in room])[0]
    plans = prepared.requests_on[instrument]
    per_shift = max(1, len(plans)) / prepared.n_shifts
    margin = max(end - start, int(size / per_shift) // 2)
    window = (max(0, start - margin), min(prepared.n_shifts, end + margin))
    return _scope_on(prepared, allocation, {instrument}, window, rng, size)


def _short(plan: RequestPlan, allocation: Allocation) -> bool:
    """Whether the request could take more time (it has less than its `shifts`)."""
    return plan.placeable and allocation.awarded_shifts(plan.id) < plan.request.shifts


def _linked(prepared: PreparedInstance, instrument: str) -> list[str]:
    linked: set[str] = set()
    for plan in prepared.requests_on[instrument]:
        linked.update(w.instrument for w in plan.windows)
    linked.discard(instrument)
    return sorted(linked)


def _count_free(prepared: PreparedInstance, allocation: Allocation, chosen: set[str]) -> int:
    count = 0
    for instrument in chosen:
        for plan in prepared.requests_on[instrument]:
            placement = allocation.placements.get(plan.id)
            if placement is None or placement.instrument == instrument:
                count += 1
    return count


def _scope_on(
    prepared: PreparedInstance,
    allocation: Allocation,
    chosen: set[str],
    window: tuple[int, int] | None,
    rng: random.Random,
    size: int,
) -> Scope:
    """Requests that could run on `chosen` and are not placed elsewhere (and, with a window,
    touch it), sampled down to `size` with placed ones first."""
    placed: list[str] = []
    waiting: list[str] = []
    seen: set[str] = set()
    for instrument in sorted(chosen):
        for plan in prepared.requests_on[instrument]:
            if plan.id in seen:
                continue
            seen.add(plan.id)
            placement = allocation.placements.get(plan.id)
            if placement is not None and placement.instrument not in chosen:
                continue
            if window is not None and not _touches(plan, placement, window):
                continue
            (placed if placement is not None else waiting).append(plan.id)
    rng.shuffle(waiting)
    picked = set(placed[:size]) | set(waiting[: max(0, size - len(placed))])
    return _scope_of_requests(prepared, allocation, picked, chosen)


def _touches(plan: RequestPlan, placement: Placement | None, window: tuple[int, int]) -> bool:
    start, end = window
    if placement is not None:
        return any(s < end and s + length > start for s, length in placement.blocks)
    return plan.request.release < end and plan.request.deadline > start


def _scope_of_requests(
    prepared: PreparedInstance, allocation: Allocation, picked: set[str], instruments: set[str]
) -> Scope:
    free: dict[str, FreeRequest] = {}
    for request_id in sorted(picked):
        plan = prepared.plans[request_id]
        allowed = [w.instrument for w in plan.windows if w.instrument in instruments]
        placement = allocation.placements.get(request_id)
        if placement is not None and placement.instrument not in allowed:
            allowed.append(placement.instrument)
        if allowed:
            free[request_id] = FreeRequest(tuple(allowed))
    fixed = Allocation({r: p for r, p in allocation.placements.items() if r not in free})
    return Scope(free, fixed)
