"""`/health` and `/problems`: unauthenticated descriptions of the service itself."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.db import ping
from api.deps import SessionDep
from api.errors import ERROR_TYPES
from api.problems import problem_responses
from api.routing import TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["service"])


class Health(BaseModel):
    """The service is up and reaches its database."""

    status: str
    database: str


class ProblemType(BaseModel):
    """A problem type the service reports."""

    type: str
    title: str
    status: int
    description: str


@router.get("/health", response_model=Health, summary="Liveness and database check")
def health(session: SessionDep) -> Health:
    """`ok` when the database answers (no authentication needed)."""
    return Health(status="ok", database=ping(session))


@router.get("/problems", response_model=list[ProblemType], summary="Problem types")
def list_problem_types() -> list[ProblemType]:
    """Every problem `type` the service's errors carry, with its status and meaning."""
    return [_problem_type(error) for error in ERROR_TYPES]


@router.get(
    "/problems/{slug}",
    response_model=ProblemType,
    summary="A problem type",
    responses=problem_responses(404),
)
def read_problem_type(slug: str) -> ProblemType:
    """What one problem type means."""
    from api.errors import NotFoundError

    for error in ERROR_TYPES:
        if error.slug == slug:
            return _problem_type(error)
    raise NotFoundError(f"no problem type {slug}")


def _problem_type(error: type[object]) -> ProblemType:
    from api.errors import BeamtimeError

    assert issubclass(error, BeamtimeError)
    return ProblemType(
        type=f"/problems/{error.slug}",
        title=error.title,
        status=error.status,
        description=(error.__doc__ or "").strip().splitlines()[0],
    )
