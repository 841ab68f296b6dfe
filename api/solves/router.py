"""`POST /rounds/{round}/solve`, `/rounds/{round}/solves` and `/solves/{job}`."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from api.deps import CurrentPrincipal, JobsDep, SessionDep, SettingsDep
from api.pagination import Page, PageDep
from api.problems import problem_responses
from api.routing import TransactionalRoute
from api.solves.schemas import ProgressRead, SolveCreate, SolveJobRead
from api.solves.service import SolveService

router = APIRouter(route_class=TransactionalRoute, tags=["solves"])


@router.post(
    "/rounds/{round_code}/solve",
    response_model=SolveJobRead,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Start a solve",
    responses=problem_responses(403, 404, 409, 422),
)
def start_solve(
    *,
    round_code: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    jobs: JobsDep,
    response: Response,
    body: SolveCreate | None = None,
) -> SolveJobRead:
    """Queue a solve of the round as it is now and return the job at once; a worker
    process runs it. Follow it at `Location`."""
    service = SolveService(session, principal, settings, jobs)
    job = service.start(round_code, body or SolveCreate())
    response.headers["Location"] = f"/solves/{job.id}"
    return service.view(job)


@router.get(
    "/rounds/{round_code}/solves",
    response_model=Page[SolveJobRead],
    summary="List a round's solves",
    responses=problem_responses(403, 404),
)
def list_solves(
    *,
    round_code: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    jobs: JobsDep,
    page: PageDep,
) -> Page[SolveJobRead]:
    """The round's solve jobs, newest first."""
    service = SolveService(session, principal, settings, jobs)
    rows, total = service.list_visible(round_code, page.limit, page.offset)
    return Page.of(service.views(rows), total, page)


@router.get(
    "/solves/{job_id}",
    response_model=SolveJobRead,
    summary="Read a solve job",
    responses=problem_responses(404),
)
def read_solve(
    job_id: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    jobs: JobsDep,
) -> SolveJobRead:
    """The job's status, latest progress (objective, bound, gap, elapsed) and result."""
    service = SolveService(session, principal, settings, jobs)
    return service.view(service.get(job_id))


@router.get(
    "/solves/{job_id}/progress",
    response_model=Page[ProgressRead],
    summary="A solve's progress",
    responses=problem_responses(404),
)
def read_solve_progress(
    *,
    job_id: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    jobs: JobsDep,
    page: PageDep,
) -> Page[ProgressRead]:
    """Every improving solution found so far, in order."""
    rows, total = SolveService(session, principal, settings, jobs).progress(
        job_id, page.limit, page.offset
    )
    return Page.of([ProgressRead.model_validate(row) for row in rows], total, page)


@router.post(
    "/solves/{job_id}/cancel",
    response_model=SolveJobRead,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Cancel a solve",
    responses=problem_responses(404, 409),
)
def cancel_solve(
    job_id: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    jobs: JobsDep,
) -> SolveJobRead:
    """Cancel a queued job at once, or ask a running one to stop (stopped by force after a
    grace period); a cancelled job makes no allocation."""
    service = SolveService(session, principal, settings, jobs)
    return service.view(service.cancel(job_id))


@router.get(
    "/solves/{job_id}/solution.json",
    summary="A solve's solution document",
    response_class=Response,
    responses={
        200: {
            "content": {"application/json": {"schema": {"type": "object"}}},
            "description": "A `beamtime-solution/1` document.",
        },
        **problem_responses(404),
    },
)
def read_solve_solution(
    job_id: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    jobs: JobsDep,
) -> Response:
    """The job's `beamtime-solution/1` document, once it has one."""
    text = SolveService(session, principal, settings, jobs).solution(job_id)
    return Response(text, media_type="application/json")
