"""Room, as the format's "Reasons" define it: usable shifts left by every *other* award."""

from __future__ import annotations

from scheduler.allocation import Allocation
from scheduler.calendar import shifts_in_runs, usable_runs
from scheduler.prepare import PreparedInstance, RequestPlan
from scheduler.search.occupancy import Occupancy


class RoomFinder:
    """Room of requests on their alternatives, given an allocation."""

    def __init__(self, prepared: PreparedInstance, allocation: Allocation) -> None:
        self.prepared = prepared
        self.allocation = allocation
        self.occupancy = Occupancy(prepared, allocation)

    def room(self, plan: RequestPlan, instrument: str) -> int:
        """Shifts in runs of at least `min_block` the request could still use on `instrument`."""
        window = plan.runs_on(instrument)
        if not window.runs:
            return 0
        own = self.allocation.placements.get(plan.id)
        if own is not None and own.instrument == instrument:
            self.occupancy.remove(own)
        try:
            runs = self.occupancy.free_runs(window)
        finally:
            if own is not None and own.instrument == instrument:
                self.occupancy.add(own)
        return shifts_in_runs(usable_runs(runs, plan.request.min_block))
