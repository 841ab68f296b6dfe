"""`/rounds/{round}/agreements`."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from api.agreements.schemas import AgreementCreate, AgreementRead, AgreementUpdate
from api.agreements.service import AgreementService, agreement_read
from api.concurrency import IfMatchDep, set_etag
from api.deps import CurrentPrincipal, SessionDep
from api.pagination import Page, PageDep, slice_of
from api.problems import problem_responses
from api.routing import TransactionalRoute

router = APIRouter(
    route_class=TransactionalRoute, prefix="/rounds/{round_code}/agreements", tags=["agreements"]
)


@router.get(
    "",
    response_model=Page[AgreementRead],
    summary="List a round's agreements",
    responses=problem_responses(403, 404),
)
def list_agreements(
    round_code: str, session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[AgreementRead]:
    """The round's contribution-share and reciprocity policies (its coordinators, admins)."""
    rows = AgreementService(session, principal).list_visible(round_code)
    items, total = slice_of([agreement_read(row) for row in rows], page)
    return Page.of(items, total, page)


@router.post(
    "",
    response_model=AgreementRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add an agreement",
    responses=problem_responses(403, 404, 409, 422),
)
def create_agreement(
    round_code: str,
    body: AgreementCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
) -> AgreementRead:
    """Add a policy to the round (checked as the format's policy object)."""
    agreement = AgreementService(session, principal).create(round_code, body)
    set_etag(response, agreement.version)
    return agreement_read(agreement)


@router.get(
    "/{code}",
    response_model=AgreementRead,
    summary="Read an agreement",
    responses=problem_responses(403, 404),
)
def read_agreement(
    round_code: str,
    code: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
) -> AgreementRead:
    """One agreement, with its ETag."""
    agreement = AgreementService(session, principal).get(round_code, code)
    set_etag(response, agreement.version)
    return agreement_read(agreement)


@router.patch(
    "/{code}",
    response_model=AgreementRead,
    summary="Change an agreement",
    responses=problem_responses(403, 404, 409, 412, 422, 428),
)
def update_agreement(
    *,
    round_code: str,
    code: str,
    body: AgreementUpdate,
    version: IfMatchDep,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
) -> AgreementRead:
    """Change an agreement, e.g. its reciprocity credits (If-Match required)."""
    agreement = AgreementService(session, principal).update(round_code, code, body, version)
    set_etag(response, agreement.version)
    return agreement_read(agreement)


@router.delete(
    "/{code}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove an agreement",
    responses=problem_responses(403, 404, 409, 412, 428),
)
def delete_agreement(
    round_code: str,
    code: str,
    version: IfMatchDep,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> Response:
    """Remove an agreement (If-Match required)."""
    AgreementService(session, principal).delete(round_code, code, version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
