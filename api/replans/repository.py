"""SQL for re-plans: the bookings they start from, and their jobs."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.orm import Booking, JobPurpose, Proposal, Request, ResearchGroup, SolveJob


class ReplanRepository:
    """Reads re-plan jobs and the bookings of their rounds."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def bookings_of_round(self, round_id: int) -> Sequence[Booking]:
        """Every booking of the round with its request, proposal, group and instrument."""
        return self.session.scalars(
            select(Booking)
            .options(
                selectinload(Booking.request).selectinload(Request.proposal),
                selectinload(Booking.instrument),
                selectinload(Booking.group),
            )
            .where(Booking.round_id == round_id)
            .order_by(Booking.start, Booking.id)
        ).all()

    def job(self, job_id: str) -> SolveJob | None:
        """A re-plan job with its round."""
        return self.session.scalars(
            select(SolveJob)
            .options(selectinload(SolveJob.round))
            .where(SolveJob.id == job_id, SolveJob.purpose == JobPurpose.REPLAN.value)
        ).first()

    def groups_of_requests(self, round_id: int) -> dict[str, str]:
        """Request code -> research group code, for the round's requests."""
        rows = self.session.execute(
            select(Request.code, ResearchGroup.code)
            .join(Proposal, Proposal.id == Request.proposal_id)
            .join(ResearchGroup, ResearchGroup.id == Proposal.group_id)
            .where(Request.round_id == round_id)
        ).all()
        return {row[0]: row[1] for row in rows}
