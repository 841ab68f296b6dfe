"""The job's row, as workers and supervisors change it.

Every change is a conditional UPDATE on the job's status, so that a worker and a
supervisor can never both decide a job's outcome: whichever commits first wins
and the other's update matches no row.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Update, select, update
from sqlalchemy.orm import Session

from api.db import Database
from models.exchange import Solution, dump_document
from models.orm import (
    Allocation,
    AllocationState,
    Award,
    Instrument,
    JobPurpose,
    JobStatus,
    Request,
    SolveJob,
    SolveProgress,
    utc_now,
)
from scheduler.params import Progress


@dataclass(frozen=True)
class ClaimedJob:
    """What a worker needs to run a job it has claimed."""

    id: str
    round_id: int
    params: dict[str, Any]
    instance_json: str | None
    """The snapshot, if an earlier attempt took it; else the worker takes it now."""


@dataclass(frozen=True)
class RunningJob:
    """A running job as the supervisor sees it."""

    id: str
    pid: int | None
    cancel_requested_at: datetime | None


class JobStore:
    """Conditional updates of `solve_jobs` rows, each in its own short transaction."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def claim(self, job_id: str, host: str, pid: int) -> ClaimedJob | None:
        """Mark a queued job running on this worker; None if it is not queued any more
        (cancelled, or already taken by an earlier delivery of the same message)."""
        now = utc_now()
        with self.database.transaction() as session:
            claimed = _changed(
                session,
                update(SolveJob)
                .where(
                    SolveJob.id == job_id,
                    SolveJob.status == JobStatus.QUEUED.value,
                    SolveJob.cancel_requested.is_(False),
                )
                .values(
                    status=JobStatus.RUNNING.value,
                    started_at=now,
                    heartbeat_at=now,
                    worker_host=host,
                    worker_pid=pid,
                ),
            )
            if claimed != 1:
                return None
            job = session.get_one(SolveJob, job_id)
            return ClaimedJob(job.id, job.round_id, dict(job.params), job.instance_json)

    def take_snapshot(self, job_id: str, round_id: int) -> str:
        """Export the round as it is now and keep it as the job's instance.

        The export reads in a transaction of its own (never waiting for writers); the
        snapshot is stored only while the job is still running.

        Raises:
            RoundInconsistentError: the round cannot be exported (unscored proposals, ...).
        """
        from api.rounds.instance import export_instance
        from api.rounds.repository import RoundRepository

        with self.database.read_transaction() as session:
            round_ = RoundRepository(session).by_id(round_id)
            if round_ is None:
                raise LookupError(f"round {round_id} of job {job_id} is gone")
            snapshot = dump_document(export_instance(session, round_))
        with self.database.transaction() as session:
            _changed(
                session,
                update(SolveJob)
                .where(SolveJob.id == job_id, SolveJob.status == JobStatus.RUNNING.value)
                .values(instance_json=snapshot, heartbeat_at=utc_now()),
            )
        return snapshot

    def beat(self, job_id: str, latest: Progress | None, new: list[Progress]) -> bool:
        """Record a heartbeat and progress; returns whether the job should stop
        (cancel requested, or no longer running)."""
        with self.database.transaction() as session:
            values: dict[str, Any] = {"heartbeat_at": utc_now()}
            if latest is not None:
                values.update(
                    objective=latest.objective,
                    bound=latest.bound,
                    gap=latest.gap,
                    elapsed=latest.seconds,
                )
            updated = _changed(
                session,
                update(SolveJob)
                .where(SolveJob.id == job_id, SolveJob.status == JobStatus.RUNNING.value)
                .values(**values),
            )
            for progress in new:
                session.add(
                    SolveProgress(
                        job_id=job_id,
                        seconds=progress.seconds,
                        objective=progress.objective,
                        bound=progress.bound,
                        gap=progress.gap,
                    )
                )
            cancel = session.scalar(select(SolveJob.cancel_requested).where(SolveJob.id == job_id))
            return updated != 1 or bool(cancel)

    def fail(self, job_id: str, error: str, *, solution: Solution | None = None) -> bool:
        """Mark a running or queued job failed; returns whether this call decided it."""
        with self.database.transaction() as session:
            return (
                _changed(
                    session,
                    update(SolveJob)
                    .where(
                        SolveJob.id == job_id,
                        SolveJob.status.in_([JobStatus.QUEUED.value, JobStatus.RUNNING.value]),
                    )
                    .values(
                        status=JobStatus.FAILED.value,
                        finished_at=utc_now(),
                        error=error[:4000],
                        solution_json=dump_document(solution) if solution else None,
                        solution_status=solution.status if solution else None,
                    ),
                )
                == 1
            )

    def finish(self, job_id: str, solution: Solution, *, allocate: bool) -> bool:
        """Store the result in one transaction: the solution, and (if `allocate`) a
        candidate allocation with its awards; a cancelled job keeps only the solution.

        Returns whether the job was still running (and so the result was stored).
        """
        with self.database.transaction() as session:
            job = session.scalars(
                select(SolveJob).where(SolveJob.id == job_id).with_for_update()
            ).first()
            if job is None or job.status != JobStatus.RUNNING.value:
                return False
            cancelled = job.cancel_requested
            job.status = (JobStatus.CANCELLED if cancelled else JobStatus.SUCCEEDED).value
            job.finished_at = utc_now()
            job.solution_json = dump_document(solution)
            job.solution_status = solution.status
            job.objective = solution.objective
            job.bound = solution.bound
            job.gap = solution.gap
            job.elapsed = solution.stats.seconds
            # A what-if solves a variant of the round: it informs, it never allocates.
            if allocate and not cancelled and job.purpose == JobPurpose.SOLVE.value:
                allocation = _allocation(session, job, solution)
                if allocation is None:
                    job.error = (
                        "the round's requests changed during the solve; "
                        "no allocation was made from it, solve again"
                    )
                else:
                    session.add(allocation)
            return True

    def cancel_queued(self, job_id: str) -> bool:
        """Cancel a job that no worker has claimed yet."""
        with self.database.transaction() as session:
            return (
                _changed(
                    session,
                    update(SolveJob)
                    .where(SolveJob.id == job_id, SolveJob.status == JobStatus.QUEUED.value)
                    .values(
                        status=JobStatus.CANCELLED.value,
                        finished_at=utc_now(),
                        cancel_requested=True,
                    ),
                )
                == 1
            )

    def cancel_running(self, job_id: str, reason: str) -> bool:
        """Mark a running job cancelled after its worker was stopped by force."""
        with self.database.transaction() as session:
            return (
                _changed(
                    session,
                    update(SolveJob)
                    .where(SolveJob.id == job_id, SolveJob.status == JobStatus.RUNNING.value)
                    .values(status=JobStatus.CANCELLED.value, finished_at=utc_now(), error=reason),
                )
                == 1
            )

    def fail_unstarted(self, backend: str, older_than: timedelta) -> list[str]:
        """Fail jobs of `backend` still queued after `older_than` (their hand-over was lost,
        e.g. the API process died between committing and starting the worker)."""
        cutoff = utc_now() - older_than
        with self.database.transaction() as session:
            ids = list(
                session.scalars(
                    select(SolveJob.id).where(
                        SolveJob.status == JobStatus.QUEUED.value,
                        SolveJob.backend == backend,
                        SolveJob.created_at < cutoff,
                    )
                ).all()
            )
        return [
            job_id
            for job_id in ids
            if self.fail(job_id, "no worker started the job; start another solve")
        ]

    def stale_jobs(self, stale_after: timedelta) -> list[tuple[str, str | None, int | None]]:
        """Running jobs whose heartbeat is older than `stale_after`: (id, host, pid)."""
        cutoff = utc_now() - stale_after
        with self.database.transaction() as session:
            rows = session.execute(
                select(SolveJob.id, SolveJob.worker_host, SolveJob.worker_pid).where(
                    SolveJob.status == JobStatus.RUNNING.value, SolveJob.heartbeat_at < cutoff
                )
            ).all()
            return [(row[0], row[1], row[2]) for row in rows]

    def running_on(self, host: str) -> list[RunningJob]:
        """Running jobs of workers on `host`."""
        with self.database.transaction() as session:
            rows = session.execute(
                select(SolveJob.id, SolveJob.worker_pid, SolveJob.cancel_requested_at).where(
                    SolveJob.status == JobStatus.RUNNING.value, SolveJob.worker_host == host
                )
            ).all()
            return [RunningJob(row[0], row[1], row[2]) for row in rows]

    def status(self, job_id: str) -> str | None:
        """The job's status, or None if there is no such job."""
        with self.database.transaction() as session:
            return session.scalar(select(SolveJob.status).where(SolveJob.id == job_id))


def _allocation(session: Session, job: SolveJob, solution: Solution) -> Allocation | None:
    """A candidate allocation of the solution, or None if a request or instrument it names
    no longer exists (the round changed after the job's snapshot)."""
    codes = {assignment.request for assignment in solution.assignments}
    requests = dict(
        session.execute(
            select(Request.code, Request.id).where(
                Request.round_id == job.round_id, Request.code.in_(codes or {""})
            )
        ).all()
    )
    instrument_codes = {assignment.instrument for assignment in solution.assignments}
    instruments = dict(
        session.execute(
            select(Instrument.code, Instrument.id).where(
                Instrument.code.in_(instrument_codes or {""})
            )
        ).all()
    )
    if not codes <= set(requests) or not instrument_codes <= set(instruments):
        return None
    return Allocation(
        id=str(uuid.uuid4()),
        round_id=job.round_id,
        job_id=job.id,
        source="solve",
        state=AllocationState.CANDIDATE.value,
        solution_status=solution.status,
        objective=solution.objective,
        bound=solution.bound,
        solution_json=dump_document(solution),
        instance_json=job.instance_json,
        created_by=job.created_by,
        awards=[
            Award(
                request_id=requests[a.request],
                instrument_id=instruments[a.instrument],
                blocks=[list(block) for block in a.blocks],
            )
            for a in solution.assignments
        ],
    )


def _changed(session: Session, statement: Update) -> int:
    """Run an UPDATE and return how many rows it changed."""
    result = cast(CursorResult[Any], session.execute(statement))
    return result.rowcount
