"""`/rounds/{round}/standing-agreements`: the standing agreements a round takes."""

from __future__ import annotations

from fastapi import APIRouter

from api.agreements.adjustments import AdjustmentService, round_agreement_read
from api.agreements.standing_schemas import AdjustmentWrite, RoundAgreementRead
from api.deps import CurrentPrincipal, SessionDep
from api.problems import problem_responses
from api.routing import TransactionalRoute

router = APIRouter(
    route_class=TransactionalRoute,
    prefix="/rounds/{round_code}/standing-agreements",
    tags=["agreements"],
)


@router.get(
    "",
    response_model=list[RoundAgreementRead],
    summary="The standing agreements a round takes",
    responses=problem_responses(403, 404),
)
def list_round_standing_agreements(
    round_code: str, session: SessionDep, principal: CurrentPrincipal
) -> list[RoundAgreementRead]:
    """Every standing agreement in force at the round's start about its facilities: its
    own terms, the round's adjusted thresholds and the policy the instance carries."""
    taken = AdjustmentService(session, principal).list_taken(round_code)
    return [round_agreement_read(item) for item in taken]


@router.put(
    "/{code}/adjustment",
    response_model=RoundAgreementRead,
    summary="Adjust an agreement's thresholds for this round",
    responses=problem_responses(403, 404, 409, 422),
)
def adjust_standing_agreement(
    round_code: str,
    code: str,
    body: AdjustmentWrite,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> RoundAgreementRead:
    """Set this round's thresholds of the agreement, with the reason (audited)."""
    taken = AdjustmentService(session, principal).adjust(round_code, code, body)
    return round_agreement_read(taken)
