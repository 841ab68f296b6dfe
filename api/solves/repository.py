"""SQL for solve jobs."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from models.orm import Allocation, JobPurpose, Round, SolveJob, SolveProgress


class SolveJobRepository:
    """Reads and writes `solve_jobs` rows from the API side."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def by_id(self, job_id: str, *, lock: bool = False) -> SolveJob | None:
        """One job, its round (with facilities) loaded."""
        query = (
            select(SolveJob)
            .options(selectinload(SolveJob.round).selectinload(Round.facilities))
            .where(SolveJob.id == job_id)
        )
        if lock:
            query = query.with_for_update(of=SolveJob)
        return self.session.scalars(query).first()

    def add(self, job: SolveJob) -> SolveJob:
        """Store a new job."""
        self.session.add(job)
        self.session.flush()
        return job

    def page(self, round_id: int, limit: int, offset: int) -> tuple[Sequence[SolveJob], int]:
        """A round's solves (what-if jobs left out), newest first, and how many there are."""
        query = select(SolveJob).where(
            SolveJob.round_id == round_id, SolveJob.purpose == JobPurpose.SOLVE.value
        )
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.options(selectinload(SolveJob.round))
            .order_by(SolveJob.created_at.desc(), SolveJob.id)
            .limit(limit)
            .offset(offset)
        ).all()
        return rows, total

    def progress(self, job_id: str, limit: int, offset: int) -> tuple[Sequence[SolveProgress], int]:
        """A job's progress points in order, and how many there are."""
        query = select(SolveProgress).where(SolveProgress.job_id == job_id)
        total = self.session.scalar(select(func.count()).select_from(query.subquery())) or 0
        rows = self.session.scalars(
            query.order_by(SolveProgress.id).limit(limit).offset(offset)
        ).all()
        return rows, total

    def allocation_ids(self, job_ids: Sequence[str]) -> dict[str, str]:
        """The allocation made from each job, by job id."""
        if not job_ids:
            return {}
        rows = self.session.execute(
            select(Allocation.job_id, Allocation.id).where(Allocation.job_id.in_(job_ids))
        ).all()
        return {row[0]: row[1] for row in rows if row[0] is not None}
