"""`/rounds/{round}/allocation` and `/rounds/{round}/allocations`."""

from __future__ import annotations

from fastapi import APIRouter

from api.allocations.schemas import AllocationRead, AllocationSummary
from api.allocations.service import AllocationService, award_read, summary
from api.bodies import RawBody, document_body
from api.deps import CurrentPrincipal, SessionDep
from api.pagination import Page, PageDep
from api.problems import problem_responses
from api.routing import TransactionalRoute

router = APIRouter(
    route_class=TransactionalRoute, prefix="/rounds/{round_code}", tags=["allocations"]
)

SOLUTION_EXAMPLE = {
    "format": "beamtime-solution/1",
    "round": "2027-I",
    "status": "feasible",
    "objective": 50.4,
    "bound": None,
    "assignments": [{"request": "P-0001/a", "instrument": "NICA-SOCHI", "blocks": [[24, 12]]}],
    "policies": [],
    "decisions": [{"proposal": "P-0001", "outcome": "awarded", "reasons": []}],
}


def _full(service: AllocationService, round_code: str, allocation_id: str) -> AllocationRead:
    round_, allocation = service.get(round_code, allocation_id)
    return AllocationRead(
        **summary(allocation, round_).model_dump(),
        awards=[award_read(award) for award in allocation.awards],
    )


@router.get(
    "/allocation",
    response_model=AllocationRead,
    summary="The round's allocation",
    responses=problem_responses(403, 404),
)
def read_current_allocation(
    round_code: str, session: SessionDep, principal: CurrentPrincipal
) -> AllocationRead:
    """The accepted allocation: all awards for the round's coordinators, a group's own
    awards for its proposers once the round is published."""
    return AllocationService(session, principal).current(round_code)


@router.put(
    "/allocation",
    response_model=AllocationRead,
    summary="Import a solution as the round's allocation",
    responses=problem_responses(403, 404, 409, 413, 422),
    openapi_extra=document_body(
        "A `beamtime-solution/1` document for this round; it is checked by the solver-free "
        "checker against the round as it is now, and accepted only if valid.",
        SOLUTION_EXAMPLE,
    ),
)
def import_allocation(
    round_code: str, raw: RawBody, session: SessionDep, principal: CurrentPrincipal
) -> AllocationRead:
    """Check a solution and make it the round's accepted allocation (`allocated`)."""
    service = AllocationService(session, principal)
    _, allocation = service.import_solution(round_code, raw)
    return _full(service, round_code, allocation.id)


@router.get(
    "/allocations",
    response_model=Page[AllocationSummary],
    summary="List the round's allocations",
    responses=problem_responses(403, 404),
)
def list_allocations(
    round_code: str, session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[AllocationSummary]:
    """Candidate, accepted and superseded allocations, newest first."""
    round_, rows, total = AllocationService(session, principal).list_visible(
        round_code, page.limit, page.offset
    )
    return Page.of([summary(row, round_) for row in rows], total, page)


@router.get(
    "/allocations/{allocation_id}",
    response_model=AllocationRead,
    summary="Read an allocation",
    responses=problem_responses(403, 404),
)
def read_allocation(
    round_code: str, allocation_id: str, session: SessionDep, principal: CurrentPrincipal
) -> AllocationRead:
    """One allocation with all its awards (the round's coordinators)."""
    return _full(AllocationService(session, principal), round_code, allocation_id)


@router.post(
    "/allocations/{allocation_id}/accept",
    response_model=AllocationSummary,
    summary="Accept an allocation",
    responses=problem_responses(403, 404, 409),
)
def accept_allocation(
    round_code: str, allocation_id: str, session: SessionDep, principal: CurrentPrincipal
) -> AllocationSummary:
    """Make a candidate the round's allocation; refused if the round changed since.

    Answers with the allocation's summary; its awards (thousands in a large round) are
    at `GET /rounds/{round}/allocations/{id}`."""
    round_, allocation = AllocationService(session, principal).accept(round_code, allocation_id)
    return summary(allocation, round_)
