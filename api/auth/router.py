"""`/me` and `/auth/tokens`."""

from __future__ import annotations

from fastapi import APIRouter, status

from api.auth.access import require_admin
from api.auth.repository import TokenRepository
from api.auth.schemas import MeRead, TokenCreate, TokenCreated, TokenRead
from api.auth.service import issue_token, revoke_token
from api.deps import CurrentPrincipal, SessionDep
from api.pagination import Page, PageDep
from api.problems import problem_responses
from api.routing import TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["auth"])


@router.get("/me", response_model=MeRead, summary="Who am I")
def read_me(principal: CurrentPrincipal) -> MeRead:
    """The caller's role and scope."""
    return MeRead(
        token_id=principal.token_id,
        name=principal.name,
        role=principal.role,
        facilities=sorted(principal.facilities),
        rounds=sorted(principal.rounds),
        group=principal.group,
    )


@router.get(
    "/auth/tokens",
    response_model=Page[TokenRead],
    summary="List tokens",
    responses=problem_responses(403),
)
def list_tokens(session: SessionDep, principal: CurrentPrincipal, page: PageDep) -> Page[TokenRead]:
    """Every token ever issued, without secret values (admins only)."""
    require_admin(principal)
    rows, total = TokenRepository(session).page(page.limit, page.offset)
    return Page.of([TokenRead.model_validate(row) for row in rows], total, page)


@router.post(
    "/auth/tokens",
    response_model=TokenCreated,
    status_code=status.HTTP_201_CREATED,
    summary="Issue a token",
    responses=problem_responses(403),
)
def create_token(
    body: TokenCreate, session: SessionDep, principal: CurrentPrincipal
) -> TokenCreated:
    """Issue a token; its value is in this response only (admins only)."""
    require_admin(principal)
    token, value = issue_token(session, body, issued_by=principal)
    return TokenCreated(**TokenRead.model_validate(token).model_dump(), token=value)


@router.delete(
    "/auth/tokens/{token_id}",
    response_model=TokenRead,
    summary="Revoke a token",
    responses=problem_responses(403, 404),
)
def delete_token(token_id: str, session: SessionDep, principal: CurrentPrincipal) -> TokenRead:
    """Revoke a token; it stops working at once (admins only)."""
    require_admin(principal)
    return TokenRead.model_validate(revoke_token(session, token_id, revoked_by=principal))
