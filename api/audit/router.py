"""`GET /audit`: the audit log, for admins."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.audit.repository import AuditRepository
from api.audit.schemas import AuditEntryRead
from api.auth.access import require_admin
from api.deps import CurrentPrincipal, SessionDep
from api.pagination import Page, PageDep
from api.problems import problem_responses
from api.routing import TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["audit"])


@router.get(
    "/audit",
    response_model=Page[AuditEntryRead],
    summary="Read the audit log",
    responses=problem_responses(403),
)
def list_audit_entries(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    action: Annotated[str | None, Query(max_length=64, examples=["proposal.create"])] = None,
    round: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[AuditEntryRead]:
    """Every state-changing call, newest first (admins only)."""
    require_admin(principal)
    rows, total = AuditRepository(session).page(
        page.limit, page.offset, action=action, round_code=round
    )
    return Page.of([AuditEntryRead.model_validate(row) for row in rows], total, page)
