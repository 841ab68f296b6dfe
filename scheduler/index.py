"""Look-up tables over an instance, built once and shared by the engine, checker and reports."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from models.exchange import (
    ContributionSharePolicy,
    Instance,
    Instrument,
    Precedence,
    Proposal,
    ReciprocityPolicy,
    Request,
)


@dataclass(frozen=True)
class InstanceIndex:
    """An instance with its objects findable by id."""

    instance: Instance

    @cached_property
    def proposals(self) -> dict[str, Proposal]:
        """Proposals by id."""
        return {proposal.id: proposal for proposal in self.instance.proposals}

    @cached_property
    def requests(self) -> dict[str, Request]:
        """Requests by id."""
        return {
            request.id: request
            for proposal in self.instance.proposals
            for request in proposal.requests
        }

    @cached_property
    def proposal_of(self) -> dict[str, Proposal]:
        """The proposal of each request id."""
        return {
            request.id: proposal
            for proposal in self.instance.proposals
            for request in proposal.requests
        }

    @cached_property
    def instruments(self) -> dict[str, Instrument]:
        """Instruments by id."""
        return {instrument.id: instrument for instrument in self.instance.instruments}

    @cached_property
    def facility_of(self) -> dict[str, str]:
        """The facility id of each instrument id."""
        return {instrument.id: instrument.facility for instrument in self.instance.instruments}

    @cached_property
    def host_of(self) -> dict[str, str]:
        """The host country of each facility id."""
        return {facility.id: facility.host_country for facility in self.instance.facilities}

    def facilities_hosted_by(self, country: str) -> frozenset[str]:
        """Ids of the facilities that `country` hosts."""
        return frozenset(facility for facility, host in self.host_of.items() if host == country)

    @cached_property
    def precedences_after(self) -> dict[str, list[Precedence]]:
        """Precedences by their `after` request id."""
        by_after: dict[str, list[Precedence]] = {}
        for precedence in self.instance.precedences:
            by_after.setdefault(precedence.after, []).append(precedence)
        return by_after

    @cached_property
    def precedences_before(self) -> dict[str, list[Precedence]]:
        """Precedences by their `before` request id."""
        by_before: dict[str, list[Precedence]] = {}
        for precedence in self.instance.precedences:
            by_before.setdefault(precedence.before, []).append(precedence)
        return by_before

    @cached_property
    def contribution_policies(self) -> list[ContributionSharePolicy]:
        """The `contribution_share` policies, in document order."""
        return [p for p in self.instance.policies if isinstance(p, ContributionSharePolicy)]

    @cached_property
    def reciprocity_policies(self) -> list[ReciprocityPolicy]:
        """The `reciprocity` policies, in document order."""
        return [p for p in self.instance.policies if isinstance(p, ReciprocityPolicy)]

    def closed_shifts(self, instrument_id: str) -> frozenset[int]:
        """Shift numbers closed on an instrument."""
        return _shifts_of(self.instruments[instrument_id].closed)

    def open_shifts(self, request: Request, instrument_id: str) -> list[int]:
        """Shifts inside the request's window, open on the instrument and available to the team."""
        blocked = self.closed_shifts(instrument_id) | _shifts_of(request.unavailable)
        return [s for s in range(request.release, request.deadline) if s not in blocked]


def _shifts_of(intervals: tuple[tuple[int, int], ...]) -> frozenset[int]:
    return frozenset(s for start, end in intervals for s in range(start, end))
