"""`/agreements`: standing agreements in force across rounds."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from api.agreements.ledger import ledger_entries
from api.agreements.ledger_schemas import LedgerRead
from api.agreements.ledger_view import ledger_read
from api.agreements.standing_schemas import (
    StandingAgreementCreate,
    StandingAgreementRead,
    StandingAgreementUpdate,
)
from api.agreements.standing_service import StandingAgreementService, standing_read
from api.concurrency import IfMatchDep, set_etag
from api.deps import CurrentPrincipal, SessionDep
from api.pagination import Page, PageDep, slice_of
from api.problems import problem_responses
from api.routing import TransactionalRoute
from models.orm import utc_now

router = APIRouter(route_class=TransactionalRoute, prefix="/agreements", tags=["agreements"])


@router.get(
    "",
    response_model=Page[StandingAgreementRead],
    summary="List standing agreements",
    responses=problem_responses(403),
)
def list_standing_agreements(
    session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[StandingAgreementRead]:
    """The agreements about the caller's facilities (all of them, for admins)."""
    rows = StandingAgreementService(session, principal).list_visible()
    items, total = slice_of([standing_read(row) for row in rows], page)
    return Page.of(items, total, page)


@router.post(
    "",
    response_model=StandingAgreementRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a standing agreement",
    responses=problem_responses(403, 409, 422),
)
def create_standing_agreement(
    body: StandingAgreementCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
) -> StandingAgreementRead:
    """Add a contribution-share or reciprocity agreement in force over a period; every
    round starting in that period takes it for the facilities it concerns."""
    agreement = StandingAgreementService(session, principal).create(body)
    set_etag(response, agreement.version)
    return standing_read(agreement)


@router.get(
    "/{code}",
    response_model=StandingAgreementRead,
    summary="Read a standing agreement",
    responses=problem_responses(403, 404),
)
def read_standing_agreement(
    code: str, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> StandingAgreementRead:
    """One agreement, with its ETag."""
    agreement = StandingAgreementService(session, principal).get(code)
    set_etag(response, agreement.version)
    return standing_read(agreement)


@router.patch(
    "/{code}",
    response_model=StandingAgreementRead,
    summary="Change a standing agreement",
    responses=problem_responses(403, 404, 412, 422, 428),
)
def update_standing_agreement(
    *,
    code: str,
    body: StandingAgreementUpdate,
    version: IfMatchDep,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
) -> StandingAgreementRead:
    """Change an agreement's terms or period (If-Match required)."""
    agreement = StandingAgreementService(session, principal).update(code, body, version)
    set_etag(response, agreement.version)
    return standing_read(agreement)


@router.get(
    "/{code}/ledger",
    response_model=LedgerRead,
    summary="An agreement's ledger over the rounds it covered",
    responses=problem_responses(403, 404),
)
def read_ledger(code: str, session: SessionDep, principal: CurrentPrincipal) -> LedgerRead:
    """Each side's delivered, lost, scheduled, declined and cancelled time, round by
    round, computed from the bookings now."""
    agreement = StandingAgreementService(session, principal).get(code)
    now = utc_now()
    return ledger_read(agreement, ledger_entries(session, agreement, now), now)
