"""`/rounds/{round}/outages` and `/rounds/{round}/lost-shifts`."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.deps import CurrentPrincipal, SessionDep
from api.outages.schemas import LostShiftsRead, OutageCreate, OutageRead
from api.outages.service import OutageService, hit_read, lost_read
from api.problems import problem_responses
from api.routing import TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, prefix="/rounds/{round_code}", tags=["outages"])


@router.post(
    "/outages",
    response_model=OutageRead,
    status_code=status.HTTP_201_CREATED,
    summary="Record an outage",
    responses=problem_responses(403, 404, 409, 422),
)
def create_outage(
    round_code: str, body: OutageCreate, session: SessionDep, principal: CurrentPrincipal
) -> OutageRead:
    """Record lost beam on a published round: the instruments are closed over the period
    and every booking it hits is marked with its lost shifts (listed in the answer)."""
    outage, hits = OutageService(session, principal).record(round_code, body)
    return OutageRead(
        id=outage.id,
        round=round_code,
        instruments=[instrument.code for instrument in outage.instruments],
        starts_at=outage.starts_at,
        ends_at=outage.ends_at,
        cause=outage.cause,
        recorded_by=outage.recorded_by,
        lost=[hit_read(hit, outage.cause, outage.id) for hit in hits],
    )


@router.get(
    "/outages",
    response_model=list[OutageRead],
    summary="List a round's outages",
    responses=problem_responses(403, 404),
)
def list_outages(
    round_code: str, session: SessionDep, principal: CurrentPrincipal
) -> list[OutageRead]:
    """The round's outages, oldest first, each with the shifts it took (as now recorded)."""
    service = OutageService(session, principal)
    round_, outages = service.list_of_round(round_code)
    _, losses = service.losses_visible(round_code)
    return [
        OutageRead(
            id=outage.id,
            round=round_.code,
            instruments=[instrument.code for instrument in outage.instruments],
            starts_at=outage.starts_at,
            ends_at=outage.ends_at,
            cause=outage.cause,
            recorded_by=outage.recorded_by,
            lost=[lost_read(round_, loss) for loss in losses if loss.outage_id == outage.id],
        )
        for outage in outages
    ]


@router.get(
    "/lost-shifts",
    response_model=list[LostShiftsRead],
    summary="Shifts the round's bookings lost",
    responses=problem_responses(403, 404),
)
def list_lost_shifts(
    round_code: str, session: SessionDep, principal: CurrentPrincipal
) -> list[LostShiftsRead]:
    """Every lost run of shifts of the round's bookings (a proposer: its group's own), to
    outages and to closed periods added after publishing."""
    round_, losses = OutageService(session, principal).losses_visible(round_code)
    return [lost_read(round_, loss) for loss in losses]
