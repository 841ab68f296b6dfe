"""SQL for allocations and awards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from models.orm import Allocation, AllocationState, Award, Instrument, Proposal, Request


@dataclass(frozen=True)
class AwardRow:
    """An award as publishing needs it."""

    request_id: int
    instrument_id: int
    blocks: list[list[int]]
    group_id: int
    capacity: int


class AllocationRepository:
    """Reads and writes `allocations` and `awards` rows."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _loaded(self) -> tuple[object, ...]:
        return (
            selectinload(Allocation.awards)
            .selectinload(Award.request)
            .selectinload(Request.proposal)
            .selectinload(Proposal.group),
            selectinload(Allocation.awards)
            .selectinload(Award.instrument)
            .selectinload(Instrument.facility),
        )

    def by_id(self, round_id: int, allocation_id: str) -> Allocation | None:
        """One allocation of a round, with its awards."""
        return self.session.scalars(
            select(Allocation)
            .options(*self._loaded())  # type: ignore[arg-type]
            .where(Allocation.round_id == round_id, Allocation.id == allocation_id)
        ).first()

    def header(self, round_id: int, allocation_id: str) -> Allocation | None:
        """One allocation of a round without its awards (its documents and state only)."""
        return self.session.scalars(
            select(Allocation).where(
                Allocation.round_id == round_id, Allocation.id == allocation_id
            )
        ).first()

    def accepted(self, round_id: int) -> Allocation | None:
        """The round's accepted allocation, with its awards."""
        return self.session.scalars(
            select(Allocation)
            .options(*self._loaded())  # type: ignore[arg-type]
            .where(
                Allocation.round_id == round_id, Allocation.state == AllocationState.ACCEPTED.value
            )
        ).first()

    def accepted_document(self, round_id: int) -> Allocation | None:
        """The round's accepted allocation without its awards (its documents only)."""
        return self.session.scalars(
            select(Allocation).where(
                Allocation.round_id == round_id, Allocation.state == AllocationState.ACCEPTED.value
            )
        ).first()

    def awarded_shifts(self, allocation_id: str) -> dict[tuple[str, str], int]:
        """Shifts awarded per (request code, instrument code) of an allocation."""
        rows = self.session.execute(
            select(Request.code, Instrument.code, Award.blocks)
            .join(Request, Request.id == Award.request_id)
            .join(Instrument, Instrument.id == Award.instrument_id)
            .where(Award.allocation_id == allocation_id)
        )
        return {
            (request, instrument): sum(n for _, n in blocks) for request, instrument, blocks in rows
        }

    def accepted_id(self, round_id: int) -> str | None:
        """The id of the round's accepted allocation, if any (nothing else loaded)."""
        return self.session.scalar(
            select(Allocation.id).where(
                Allocation.round_id == round_id, Allocation.state == AllocationState.ACCEPTED.value
            )
        )

    def award_rows(self, allocation_id: str) -> list[AwardRow]:
        """The allocation's awards as plain rows, with each request's group and the
        instrument's capacity."""
        rows = self.session.execute(
            select(
                Award.request_id,
                Award.instrument_id,
                Award.blocks,
                Proposal.group_id,
                Instrument.capacity,
            )
            .join(Request, Request.id == Award.request_id)
            .join(Proposal, Proposal.id == Request.proposal_id)
            .join(Instrument, Instrument.id == Award.instrument_id)
            .where(Award.allocation_id == allocation_id)
            .order_by(Award.id)
        )
        return [AwardRow(*row) for row in rows]

    def page(self, round_id: int, limit: int, offset: int) -> tuple[Sequence[Allocation], int]:
        """A round's allocations, newest first, and how many there are."""
        query = select(Allocation).where(Allocation.round_id == round_id)
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.order_by(Allocation.created_at.desc(), Allocation.id).limit(limit).offset(offset)
        ).all()
        return rows, total

    def add(self, allocation: Allocation) -> Allocation:
        """Store a new allocation with its awards."""
        self.session.add(allocation)
        self.session.flush()
        return allocation

    def supersede_accepted(self, round_id: int) -> None:
        """Mark the round's accepted allocation (if any) superseded."""
        self.session.execute(
            update(Allocation)
            .where(
                Allocation.round_id == round_id, Allocation.state == AllocationState.ACCEPTED.value
            )
            .values(state=AllocationState.SUPERSEDED.value)
            .execution_options(synchronize_session="fetch")
        )
