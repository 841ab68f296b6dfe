"""SQL for the list of a round's re-plan jobs."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from models.orm import JobPurpose, SolveJob


class ReplanJobRepository:
    """Reads the re-plan jobs of a round."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def latest_of_round(self, round_id: int, limit: int) -> Sequence[SolveJob]:
        """The round's newest re-plan jobs, at most `limit`, with their round."""
        return self.session.scalars(
            select(SolveJob)
            .options(selectinload(SolveJob.round))
            .where(SolveJob.round_id == round_id, SolveJob.purpose == JobPurpose.REPLAN.value)
            .order_by(SolveJob.created_at.desc(), SolveJob.id)
            .limit(limit)
        ).all()
