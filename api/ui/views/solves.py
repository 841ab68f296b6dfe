"""The solves pages: a round's jobs and candidate allocations, and one job's live progress."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from api.allocations.schemas import AllocationSummary
from api.allocations.service import AllocationService, summary
from api.auth.principal import Principal
from api.jobs.backend import JobBackend
from api.rounds.lifecycle import ACCEPTING_STATES, SOLVABLE_STATES
from api.settings import Settings
from api.solves.schemas import ProgressRead, SolveJobRead
from api.solves.service import SolveService
from api.ui.charts.progress import ProgressChart, ProgressPoint, progress_chart
from api.ui.views.paging import every
from api.ui.views.rounds import RoundHeader, visible_round
from models.orm import FINISHED_JOB_STATUSES, AllocationState, JobStatus, RoundState

DEFAULT_TIME_LIMIT = 30.0


@dataclass(frozen=True)
class SolvesPage:
    """A round's solve jobs, its allocations, and whether a solve may start now."""

    header: RoundHeader
    jobs: list[SolveJobRead]
    allocations: list[AllocationSummary]
    can_start: bool
    can_accept: bool
    max_seconds: float
    default_seconds: float


def solves_page(
    session: Session, principal: Principal, settings: Settings, jobs: JobBackend, code: str
) -> SolvesPage:
    """The solves of round `code` (its coordinators and admins).

    Raises:
        NotFoundError, ForbiddenError.
    """
    round_, header = visible_round(session, principal, code)
    service = SolveService(session, principal, settings, jobs)
    rows = every(lambda limit, offset: service.list_visible(code, limit, offset))
    allocations = AllocationService(session, principal)
    listed = every(lambda limit, offset: allocations.list_visible(code, limit, offset)[1:])
    return SolvesPage(
        header=header,
        jobs=service.views(rows),
        allocations=[summary(row, round_) for row in listed],
        can_start=RoundState(round_.state) in SOLVABLE_STATES,
        can_accept=RoundState(round_.state) in ACCEPTING_STATES,
        max_seconds=settings.max_solve_seconds,
        default_seconds=min(DEFAULT_TIME_LIMIT, settings.max_solve_seconds),
    )


@dataclass(frozen=True)
class SolvePage:
    """One solve job, its progress so far and its chart."""

    header: RoundHeader
    job: SolveJobRead
    progress: list[ProgressRead]
    chart: ProgressChart
    finished: bool
    can_accept: bool


def solve_page(
    session: Session, principal: Principal, settings: Settings, jobs: JobBackend, job_id: str
) -> SolvePage:
    """Job `job_id` with its progress (its round's coordinators and admins).

    Raises:
        NotFoundError: missing, or the visitor does not run its round.
    """
    service = SolveService(session, principal, settings, jobs)
    job = service.view(service.get(job_id))
    round_, header = visible_round(session, principal, job.round)
    rows = every(lambda limit, offset: service.progress(job_id, limit, offset))
    progress = [ProgressRead.model_validate(row) for row in rows]
    chart = progress_chart(
        [ProgressPoint(p.seconds, p.objective, p.bound, p.gap) for p in progress], job.elapsed
    )
    can_accept = job.allocation is not None and RoundState(round_.state) in ACCEPTING_STATES
    return SolvePage(
        header=header,
        job=job,
        progress=progress,
        chart=chart,
        finished=JobStatus(job.status) in FINISHED_JOB_STATUSES,
        can_accept=can_accept,
    )


def is_candidate(allocation: AllocationSummary) -> bool:
    """Whether an allocation may still be accepted."""
    return allocation.state is AllocationState.CANDIDATE
