"""`GET /audit`: the audit log, for admins; a round's part of it for its coordinators."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.audit.access import require_audit_reader
from api.audit.repository import AuditRepository
from api.audit.schemas import AuditEntryRead
from api.deps import CurrentPrincipal, SessionDep
from api.pagination import Page, PageDep
from api.problems import problem_responses
from api.routing import TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["audit"])


@router.get(
    "/audit",
    response_model=Page[AuditEntryRead],
    summary="Read the audit log",
    responses=problem_responses(403, 404),
)
def list_audit_entries(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    action: Annotated[str | None, Query(max_length=64, examples=["proposal.create"])] = None,
    round: Annotated[str | None, Query(max_length=200)] = None,
    proposal: Annotated[
        str | None,
        Query(max_length=200, description="A proposal's history: itself, reviews, bookings."),
    ] = None,
) -> Page[AuditEntryRead]:
    """Every state-changing call, newest first: everything for admins; for a round's
    coordinators, that round's entries (`round` required), e.g. a proposal's history."""
    require_audit_reader(session, principal, round)
    rows, total = AuditRepository(session).page(
        page.limit, page.offset, action=action, round_code=round, proposal_code=proposal
    )
    return Page.of([AuditEntryRead.model_validate(row) for row in rows], total, page)
