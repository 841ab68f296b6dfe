"""Figures that describe a round before it is solved: supply, demand, policies."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from models.exchange import ContributionSharePolicy, Instance
from scheduler.index import InstanceIndex


@dataclass(frozen=True)
class FacilityDemand:
    """Open instrument-shifts (capacity counted) against shifts requested at a facility."""

    facility: str
    instruments: int
    open_shifts: int
    requested_shifts: int

    @property
    def oversubscription(self) -> float | None:
        """Requested / open, or None when nothing is open."""
        return self.requested_shifts / self.open_shifts if self.open_shifts else None


@dataclass(frozen=True)
class RoundSummary:
    """A round at a glance."""

    n_shifts: int
    n_requests: int
    facilities: list[FacilityDemand]
    policies: Sequence[tuple[str, str, str, str]]

    @property
    def open_shifts(self) -> int:
        """Open instrument-shifts over all facilities (capacity counted)."""
        return sum(row.open_shifts for row in self.facilities)

    @property
    def requested_shifts(self) -> int:
        """Shifts requested over all facilities."""
        return sum(row.requested_shifts for row in self.facilities)

    @property
    def oversubscription(self) -> float | None:
        """Requested / open over the whole round."""
        return self.requested_shifts / self.open_shifts if self.open_shifts else None


def summarise_round(instance: Instance) -> RoundSummary:
    """Supply and demand per facility, and one line per policy.

    A request with alternatives at several facilities counts at the first one listed.
    """
    index = InstanceIndex(instance)
    n_shifts = instance.round.n_shifts
    open_by_facility: dict[str, int] = {f.id: 0 for f in instance.facilities}
    count_by_facility: dict[str, int] = {f.id: 0 for f in instance.facilities}
    for instrument in instance.instruments:
        closed = len(index.closed_shifts(instrument.id))
        open_by_facility[instrument.facility] += instrument.capacity * (n_shifts - closed)
        count_by_facility[instrument.facility] += 1
    requested: dict[str, int] = {f.id: 0 for f in instance.facilities}
    n_requests = 0
    for proposal in instance.proposals:
        for request in proposal.requests:
            n_requests += 1
            requested[index.facility_of[request.instruments[0]]] += request.shifts
    facilities = [
        FacilityDemand(f.id, count_by_facility[f.id], open_by_facility[f.id], requested[f.id])
        for f in instance.facilities
    ]
    policies = [
        (
            policy.id,
            policy.type,
            policy.mode if policy.mode == "hard" else f"soft (weight {policy.weight:g})",
            ", ".join(policy.facilities)
            if isinstance(policy, ContributionSharePolicy)
            else " <-> ".join(policy.countries),
        )
        for policy in instance.policies
    ]
    return RoundSummary(n_shifts, n_requests, facilities, policies)
