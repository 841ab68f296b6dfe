"""SQL the exports need beyond the other domains' repositories."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from api.exports.published import BookedBlock, RequestFacts
from models.orm import (
    HOLDING_STATUSES,
    Allocation,
    AllocationState,
    Award,
    Booking,
    Country,
    Facility,
    Instrument,
    Proposal,
    ProposalShare,
    Request,
)


class ExportRepository:
    """Look-ups by code for building schedules and cut-down solutions."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def accepted_allocation_id(self, round_id: int) -> str | None:
        """The id of the round's accepted allocation, without loading its documents."""
        return self.session.scalar(
            select(Allocation.id).where(
                Allocation.round_id == round_id, Allocation.state == AllocationState.ACCEPTED.value
            )
        )

    def instrument(self, code: str) -> Instrument | None:
        """The instrument with this code, if any."""
        return self.session.scalars(select(Instrument).where(Instrument.code == code)).first()

    def facilities(self, ids: Iterable[int]) -> dict[int, Facility]:
        """Facilities by id."""
        rows = self.session.scalars(select(Facility).where(Facility.id.in_(list(ids)))).all()
        return {row.id: row for row in rows}

    def proposal_groups(self, round_id: int) -> dict[str, int]:
        """The group id of each proposal code of a round."""
        rows = self.session.execute(
            select(Proposal.code, Proposal.group_id).where(Proposal.round_id == round_id)
        ).all()
        return {row[0]: row[1] for row in rows}

    def request_proposals(self, round_id: int) -> dict[str, str]:
        """The proposal code of each request code of a round."""
        rows = self.session.execute(
            select(Request.code, Proposal.code)
            .join(Proposal, Proposal.id == Request.proposal_id)
            .where(Request.round_id == round_id)
        ).all()
        return {row[0]: row[1] for row in rows}

    def booked_blocks(self, round_id: int) -> list[BookedBlock]:
        """Every booking of a round, in any status, as plain rows."""
        rows = self.session.execute(
            select(
                Request.code,
                Instrument.code,
                Booking.start,
                Booking.length,
                Booking.status,
                Booking.source,
            )
            .join(Request, Request.id == Booking.request_id)
            .join(Instrument, Instrument.id == Booking.instrument_id)
            .where(Booking.round_id == round_id)
        )
        return [BookedBlock(*row) for row in rows]

    def held_blocks(self, round_id: int) -> list[tuple[str, int, int]]:
        """(instrument code, start, length) of each booking of the round that holds time."""
        rows = self.session.execute(
            select(Instrument.code, Booking.start, Booking.length)
            .join(Instrument, Instrument.id == Booking.instrument_id)
            .where(
                Booking.round_id == round_id,
                Booking.status.in_([status.value for status in HOLDING_STATUSES]),
            )
        )
        return [(code, start, length) for code, start, length in rows]

    def awarded_blocks(self, allocation_id: str) -> list[tuple[str, int, int]]:
        """(instrument code, start, length) of each block an allocation awards."""
        rows = self.session.execute(
            select(Instrument.code, Award.blocks)
            .join(Instrument, Instrument.id == Award.instrument_id)
            .where(Award.allocation_id == allocation_id)
        )
        return [(code, start, length) for code, blocks in rows for start, length in blocks]

    def request_facts(self, round_id: int) -> dict[str, RequestFacts]:
        """Each request's proposal code and requested shifts, by request code."""
        rows = self.session.execute(
            select(Request.code, Proposal.code, Request.shifts)
            .join(Proposal, Proposal.id == Request.proposal_id)
            .where(Request.round_id == round_id)
        )
        return {request: RequestFacts(proposal, shifts) for request, proposal, shifts in rows}

    def proposal_countries(
        self, round_id: int, codes: Iterable[str]
    ) -> dict[str, tuple[tuple[str, float], ...]]:
        """The country shares of the round's proposals among `codes`, in their order."""
        wanted = sorted(set(codes))
        shares: dict[str, list[tuple[str, float]]] = {}
        for first in range(0, len(wanted), 500):
            rows = self.session.execute(
                select(Proposal.code, Country.code, ProposalShare.share)
                .join(ProposalShare, ProposalShare.proposal_id == Proposal.id)
                .join(Country, Country.id == ProposalShare.country_id)
                .where(
                    Proposal.round_id == round_id, Proposal.code.in_(wanted[first : first + 500])
                )
                .order_by(Proposal.code, ProposalShare.position)
            )
            for proposal, country, share in rows:
                shares.setdefault(proposal, []).append((country, share))
        return {proposal: tuple(found) for proposal, found in shares.items()}
