"""The awards a solution makes, as the checker's rules read them.

An assignment counts as an award ("placement") when it names a request and an
instrument of the instance and is the first assignment of its request; the
others are reported by `scheduler.checking.references` and otherwise ignored,
so that one mistake is reported once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from models.exchange import Assignment, Instrument, Request, Solution
from scheduler.evaluation import Award
from scheduler.index import InstanceIndex


@dataclass(frozen=True)
class Placement:
    """An award: assignment number `position` of the solution, with its request and instrument."""

    position: int
    assignment: Assignment
    request: Request
    instrument: Instrument

    @property
    def awarded_shifts(self) -> int:
        """Total length of the blocks, in shifts."""
        return self.assignment.awarded_shifts

    def covered_shifts(self, n_shifts: int) -> set[int]:
        """Shift numbers the blocks cover, clipped to the round `[0, n_shifts)`."""
        return {
            shift
            for start, length in self.assignment.blocks
            for shift in range(start, min(start + length, n_shifts))
        }


@dataclass(frozen=True)
class Placements:
    """The solution's awards, by request id, in document order."""

    index: InstanceIndex
    by_request: dict[str, Placement]

    @classmethod
    def of(cls, index: InstanceIndex, solution: Solution) -> Placements:
        """The awards of `solution`: first assignment per known request, on a known instrument."""
        by_request: dict[str, Placement] = {}
        seen: set[str] = set()
        for position, assignment in enumerate(solution.assignments):
            request = index.requests.get(assignment.request)
            if request is None or assignment.request in seen:
                continue
            seen.add(assignment.request)
            instrument = index.instruments.get(assignment.instrument)
            if instrument is not None:
                by_request[request.id] = Placement(position, assignment, request, instrument)
        return cls(index, by_request)

    def __iter__(self) -> Iterator[Placement]:
        return iter(self.by_request.values())

    def awarded(self, request_id: str) -> int:
        """awarded(r): delivered time (with `replan`) plus the length of the blocks."""
        placement = self.by_request.get(request_id)
        return self.delivered.get(request_id, 0) + (placement.awarded_shifts if placement else 0)

    @cached_property
    def delivered(self) -> dict[str, int]:
        """Shifts delivered before `replan.now`, by request id (empty without `replan`)."""
        replan = self.index.instance.replan
        return {item.request: item.shifts for item in replan.delivered} if replan else {}

    @cached_property
    def awards(self) -> list[Award]:
        """The awards in the form `scheduler.evaluation` evaluates, delivered time included
        (at the facility of its instrument)."""
        replan = self.index.instance.replan
        delivered = [
            Award(item.request, item.instrument, item.shifts)
            for item in (replan.delivered if replan else ())
        ]
        return delivered + [
            Award(placement.request.id, placement.instrument.id, placement.awarded_shifts)
            for placement in self
        ]

    @cached_property
    def revision(self) -> dict[str, tuple[str, tuple[tuple[int, int], ...]]]:
        """Instrument and blocks of every award, by request id (for the kept rule)."""
        return {
            placement.request.id: (placement.instrument.id, tuple(placement.assignment.blocks))
            for placement in self
        }

    @cached_property
    def occupants(self) -> dict[str, dict[int, set[str]]]:
        """For each instrument id and shift number, the ids of the requests placed there."""
        n_shifts = self.index.instance.round.n_shifts
        occupants: dict[str, dict[int, set[str]]] = {}
        for placement in self:
            by_shift = occupants.setdefault(placement.instrument.id, {})
            for shift in placement.covered_shifts(n_shifts):
                by_shift.setdefault(shift, set()).add(placement.request.id)
        return occupants

    @cached_property
    def full_runs(self) -> dict[str, list[tuple[int, int]]]:
        """For each instrument id, the maximal intervals `[start, end)` of shifts at capacity."""
        runs: dict[str, list[tuple[int, int]]] = {}
        for instrument_id, by_shift in self.occupants.items():
            capacity = self.index.instruments[instrument_id].capacity
            full = sorted(shift for shift, present in by_shift.items() if len(present) >= capacity)
            intervals: list[tuple[int, int]] = []
            for shift in full:
                if intervals and intervals[-1][1] == shift:
                    intervals[-1] = (intervals[-1][0], shift + 1)
                else:
                    intervals.append((shift, shift + 1))
            runs[instrument_id] = intervals
        return runs
