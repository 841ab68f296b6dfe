"""Everything the engine derives from an instance before it builds a model.

For each request: the alternatives on which it fits at all (its usable runs of
at least `min_block` open, available shifts inside its window, totalling at least
`min_shifts`), so that models never carry an alternative that cannot be used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property

from models.exchange import Instance, Precedence, Proposal, Request
from scheduler.allocation import Placement
from scheduler.calendar import (
    Run,
    Window,
    blocked_mask,
    clip_runs,
    runs_of_free_shifts,
    subtract_intervals,
    usable_runs,
)
from scheduler.index import InstanceIndex


@dataclass(frozen=True)
class RequestPlan:
    """A request with the alternatives it can use and how much each could hold alone."""

    request: Request
    proposal: Proposal
    all_windows: tuple[Window, ...]
    """Usable runs on every alternative, whether or not they can hold `min_shifts`."""

    @cached_property
    def windows(self) -> tuple[Window, ...]:
        """The alternatives that can hold `min_shifts` with nothing else awarded."""
        return tuple(w for w in self.all_windows if w.capacity >= self.request.min_shifts)

    @property
    def id(self) -> str:
        """The request id."""
        return self.request.id

    @property
    def placeable(self) -> bool:
        """Whether some alternative can hold `min_shifts` with nothing else awarded."""
        return bool(self.windows)

    def window_on(self, instrument: str) -> Window | None:
        """The usable window on `instrument`, or None if it cannot hold `min_shifts` there."""
        for window in self.windows:
            if window.instrument == instrument:
                return window
        return None

    def runs_on(self, instrument: str) -> Window:
        """The usable runs on an alternative, even if they hold less than `min_shifts`."""
        return next(w for w in self.all_windows if w.instrument == instrument)


@dataclass(frozen=True)
class KeepTerm:
    """A block `[start, length]` of `request` on `instrument` whose loss costs `weight` in the
    objective (a re-plan's baseline block and its `change_weight`)."""

    request: str
    instrument: str
    start: int
    length: int
    weight: Fraction

    def kept_by(self, placement: Placement | None) -> bool:
        """Whether `placement` (the request's, or None) has exactly this block here."""
        return (
            placement is not None
            and placement.instrument == self.instrument
            and (self.start, self.length) in placement.blocks
        )


@dataclass(frozen=True)
class PreparedInstance:
    """An instance with per-request plans and per-instrument calendars.

    `keep` lists the blocks the schedule models reward keeping, and `timing_only` the
    precedences whose timing binds when both requests are placed but whose award rule does
    not (a re-plan's started `before`: its new blocks must still end in time);
    `started_min_block` and `now` let first fit hold a started request's `min_block` away
    from `now`. All are empty (0) except in re-plans.
    """

    instance: Instance
    index: InstanceIndex
    plans: dict[str, RequestPlan]
    closed_masks: dict[str, bytearray]
    keep: tuple[KeepTerm, ...] = ()
    timing_only: tuple[Precedence, ...] = ()
    started_min_block: dict[str, int] = field(default_factory=dict)
    """A re-plan's started requests and their original `min_block`: the remaining round
    relaxes it to 1 (a block at `now` may be short), heuristics keep it for other blocks."""
    now: int = 0
    """A re-plan's `now` (0 otherwise)."""

    @property
    def n_shifts(self) -> int:
        """Length of the horizon, in shifts."""
        return self.instance.round.n_shifts

    @cached_property
    def requests_on(self) -> dict[str, list[RequestPlan]]:
        """Placeable request plans by instrument they could use."""
        by_instrument: dict[str, list[RequestPlan]] = {i.id: [] for i in self.instance.instruments}
        for plan in self.plans.values():
            for window in plan.windows:
                by_instrument[window.instrument].append(plan)
        return by_instrument

    @cached_property
    def keep_by_request(self) -> dict[str, list[KeepTerm]]:
        """The `keep` terms by request id."""
        by_request: dict[str, list[KeepTerm]] = {}
        for term in self.keep:
            by_request.setdefault(term.request, []).append(term)
        return by_request

    @cached_property
    def open_runs(self) -> dict[str, list[tuple[int, int]]]:
        """Runs of open shifts of each instrument over the whole horizon."""
        return {
            instrument: runs_of_free_shifts(mask, 0, self.n_shifts)
            for instrument, mask in self.closed_masks.items()
        }

    def precedences_of(self, request_id: str) -> list[Precedence]:
        """Precedences whose `after` is `request_id`."""
        return self.index.precedences_after.get(request_id, [])


def prepare(instance: Instance) -> PreparedInstance:
    """Derive request plans and calendars; linear in the size of the instance and horizon."""
    index = InstanceIndex(instance)
    n_shifts = instance.round.n_shifts
    closed = {i.id: blocked_mask(n_shifts, i.closed) for i in instance.instruments}
    open_runs = {i: runs_of_free_shifts(mask, 0, n_shifts) for i, mask in closed.items()}
    plans: dict[str, RequestPlan] = {}
    for proposal in instance.proposals:
        for request in proposal.requests:
            plans[request.id] = RequestPlan(request, proposal, _windows(request, open_runs))
    return PreparedInstance(instance, index, plans, closed)


def _windows(request: Request, open_runs: dict[str, list[Run]]) -> tuple[Window, ...]:
    """Runs of at least `min_block` open, available shifts in the window, per alternative."""
    windows = []
    for instrument in request.instruments:
        runs = clip_runs(open_runs[instrument], request.release, request.deadline)
        if request.unavailable:
            runs = subtract_intervals(runs, request.unavailable)
        windows.append(Window(instrument, tuple(usable_runs(runs, request.min_block))))
    return tuple(windows)
