"""`/rounds/{round}/replans` and `/replans/{id}`."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from api.deps import CurrentPrincipal, JobsDep, SessionDep, SettingsDep
from api.problems import problem_responses
from api.replans.schemas import ReplanAcceptRead, ReplanCreate, ReplanRead
from api.replans.service import ReplanService
from api.routing import TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["replans"])


@router.post(
    "/rounds/{round_code}/replans",
    response_model=ReplanRead,
    status_code=status.HTTP_202_ACCEPTED,
    summary="Start a re-plan of a published round",
    responses=problem_responses(403, 404, 409, 422),
)
def start_replan(
    round_code: str,
    body: ReplanCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    jobs: JobsDep,
    response: Response,
) -> ReplanRead:
    """Build the re-plan instance from the bookings (delivered time before `now`, the
    bookings from `now` on as the baseline, the outages closed) and queue its solve."""
    service = ReplanService(session, principal, settings, jobs)
    job = service.start(round_code, body)
    response.headers["Location"] = f"/replans/{job.id}"
    return service.read(job)


@router.get(
    "/replans/{job_id}",
    response_model=ReplanRead,
    summary="A re-plan and its candidate's difference",
    responses=problem_responses(403, 404),
)
def read_replan(
    job_id: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    jobs: JobsDep,
) -> ReplanRead:
    """The job, and once it succeeded what its candidate keeps, moves, shortens, drops
    and adds against the bookings, and the lost time it gives back."""
    service = ReplanService(session, principal, settings, jobs)
    return service.read(service.get(job_id))


@router.post(
    "/replans/{job_id}/accept",
    response_model=ReplanAcceptRead,
    summary="Apply a re-plan's candidate to the bookings",
    responses=problem_responses(403, 404, 409),
)
def accept_replan(
    job_id: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    jobs: JobsDep,
) -> ReplanAcceptRead:
    """In one transaction: moved and shortened bookings keep their ids with a new version
    (confirmed ones that moved ask for confirmation again), dropped ones are cancelled, new
    blocks become bookings, each change audited. Refused (409) when the round's bookings
    changed since the re-plan started (`stale-replan`) or when it was accepted already."""
    return ReplanService(session, principal, settings, jobs).accept(job_id)
