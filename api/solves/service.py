"""Rules for solve jobs.

The round's coordinators and admins start, follow and cancel solves. Starting a
solve checks that the round can be solved (its state, every proposal scored),
stores a `queued` job and hands it to the job backend once the transaction has
committed; the worker then exports the round (the job keeps that snapshot). The
request neither exports nor solves anything, so it answers at once at any size.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from api.audit.log import record
from api.auth.principal import Principal
from api.db import after_commit
from api.errors import FieldProblem, LifecycleConflictError, NotFoundError, RoundInconsistentError
from api.jobs.backend import JobBackend
from api.proposals.repository import ProposalRepository
from api.rounds.access import can_run
from api.rounds.lifecycle import SOLVABLE_STATES, require_state
from api.rounds.service import get_run_round
from api.settings import Settings
from api.solves.repository import SolveJobRepository
from api.solves.schemas import SolveCreate, SolveJobRead
from models.orm import FINISHED_JOB_STATUSES, JobStatus, Round, SolveJob, SolveProgress, utc_now


def job_read(job: SolveJob, allocation_id: str | None) -> SolveJobRead:
    """A job's view (its round loaded)."""
    return SolveJobRead(
        id=job.id,
        round=job.round.code,
        status=JobStatus(job.status),
        backend=job.backend,
        params=dict(job.params),
        created_by=job.created_by,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        heartbeat_at=job.heartbeat_at,
        cancel_requested=job.cancel_requested,
        objective=job.objective,
        bound=job.bound,
        gap=job.gap,
        elapsed=job.elapsed,
        solution_status=job.solution_status,
        error=job.error,
        allocation=allocation_id,
    )


class SolveService:
    """Solve jobs, as seen and controlled by one caller."""

    def __init__(
        self, session: Session, principal: Principal, settings: Settings, jobs: JobBackend
    ) -> None:
        self.session = session
        self.principal = principal
        self.settings = settings
        self.jobs = jobs
        self.repository = SolveJobRepository(session)

    def view(self, job: SolveJob) -> SolveJobRead:
        """The job's view with the allocation made from it."""
        return job_read(job, self.repository.allocation_ids([job.id]).get(job.id))

    def views(self, jobs: Sequence[SolveJob]) -> list[SolveJobRead]:
        """Views of several jobs."""
        allocations = self.repository.allocation_ids([job.id for job in jobs])
        return [job_read(job, allocations.get(job.id)) for job in jobs]

    def start(self, round_code: str, body: SolveCreate) -> SolveJob:
        """Queue a solve of the round as it is now.

        Raises:
            NotFoundError, ForbiddenError, LifecycleConflictError,
            RoundInconsistentError (unscored proposals
            or other problems), InvalidInputError (time limit above the configured maximum).
        """
        round_ = get_run_round(self.session, self.principal, round_code, lock="share")
        require_state(round_.state, SOLVABLE_STATES, "solving")
        if body.time_limit > self.settings.max_solve_seconds:
            from api.errors import FieldProblem, InvalidInputError

            raise InvalidInputError(
                "the time limit is too long",
                errors=[
                    FieldProblem(
                        "body.time_limit", f"at most {self.settings.max_solve_seconds:g} s here"
                    )
                ],
            )
        _require_scores(self.session, round_)
        job = self.repository.add(
            SolveJob(
                id=str(uuid.uuid4()),
                round_id=round_.id,
                status=JobStatus.QUEUED.value,
                params=body.model_dump(),
                backend=self.jobs.name,
                instance_json=None,
                created_by=self.principal.name,
                round=round_,
                progress=[],
            )
        )
        after_commit(self.session, lambda: self.jobs.submit(job.id))
        record(
            self.session,
            self.principal,
            "solve.start",
            "solve",
            job.id,
            round_code=round_code,
            detail=body.model_dump(),
        )
        return job

    def get(self, job_id: str, *, lock: bool = False) -> SolveJob:
        """One job of a round the caller runs.

        Raises:
            NotFoundError: missing, or the caller does not run its round.
        """
        job = self.repository.by_id(job_id, lock=lock)
        if job is None or not can_run(self.principal, job.round):
            raise NotFoundError(f"no solve job {job_id}")
        return job

    def list_visible(
        self, round_code: str, limit: int, offset: int
    ) -> tuple[Sequence[SolveJob], int]:
        """A page of the round's jobs, newest first.

        Raises:
            NotFoundError, ForbiddenError.
        """
        round_ = get_run_round(self.session, self.principal, round_code)
        return self.repository.page(round_.id, limit, offset)

    def progress(self, job_id: str, limit: int, offset: int) -> tuple[Sequence[SolveProgress], int]:
        """A page of the job's progress points.

        Raises:
            NotFoundError.
        """
        job = self.get(job_id)
        return self.repository.progress(job.id, limit, offset)

    def cancel(self, job_id: str) -> SolveJob:
        """Cancel a job: a queued one at once, a running one by asking its worker to stop
        (it keeps its best solution so far, and is stopped by force after a grace period).

        Raises:
            NotFoundError, LifecycleConflictError (already finished).
        """
        job = self.get(job_id, lock=True)
        if JobStatus(job.status) in FINISHED_JOB_STATUSES:
            raise LifecycleConflictError(f"job {job_id} has already {job.status}")
        job.cancel_requested = True
        job.cancel_requested_at = utc_now()
        if job.status == JobStatus.QUEUED.value:
            job.status = JobStatus.CANCELLED.value
            job.finished_at = utc_now()
        self.session.flush()
        record(
            self.session, self.principal, "solve.cancel", "solve", job.id, round_code=job.round.code
        )
        return job

    def solution(self, job_id: str) -> str:
        """The job's solution document.

        Raises:
            NotFoundError: no such job, or it has no solution (yet).
        """
        job = self.get(job_id)
        if job.solution_json is None:
            raise NotFoundError(f"job {job_id} has no solution ({job.status})")
        return job.solution_json


def _require_scores(session: Session, round_: Round) -> None:
    """Refuse a solve that would fail for want of scores (the worker checks the rest).

    Raises:
        RoundInconsistentError: some proposals have neither a score nor a review.
    """
    unscored = ProposalRepository(session).unscored_codes(round_.id)
    if unscored:
        raise RoundInconsistentError(
            f"proposals of {round_.code} have no score yet",
            errors=[
                FieldProblem(f"proposals[{code}].score", "has no review and no explicit score yet")
                for code in unscored
            ],
        )
