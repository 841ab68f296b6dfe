"""`/rounds/{round}/proposals` and `/rounds/{round}/precedences`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status
from fastapi.responses import JSONResponse

from api.concurrency import IfMatchDep, etag, set_etag
from api.deps import CurrentPrincipal, SessionDep
from api.exports.cache import RememberDep
from api.exports.decision_views import OUTCOMES
from api.headers import location
from api.idempotency import IdempotencyKeyHeader
from api.pagination import Page, PageDep
from api.problems import problem_responses
from api.proposals.filters import ProposalFilter, ProposalSort, ProposalStatus, SortOrder
from api.proposals.outcomes import outcome_choice
from api.proposals.precedences import PrecedenceService
from api.proposals.schemas import (
    PrecedenceCreate,
    PrecedenceRead,
    ProposalCreate,
    ProposalRead,
    ProposalUpdate,
)
from api.proposals.service import ProposalService
from api.routing import TransactionalRoute

router = APIRouter(
    route_class=TransactionalRoute, prefix="/rounds/{round_code}", tags=["proposals"]
)


@router.get(
    "/proposals",
    response_model=Page[ProposalRead],
    summary="List proposals",
    responses=problem_responses(403, 404, 422),
)
def list_proposals(
    round_code: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    remember: RememberDep,
    group: Annotated[str | None, Query(max_length=200, description="Only this group's.")] = None,
    status: Annotated[
        ProposalStatus | None,
        Query(
            description="Only those at this stage of review: `unreviewed` (no review, no "
            "explicit score), `reviewed` (reviews, no explicit score), `panel_scored` (an "
            "explicit score). The round's coordinators and admins only (403 otherwise)."
        ),
    ] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Only those whose id or title contains this text (ignoring case, "
            "a plain substring: `%` and `_` are literal).",
        ),
    ] = None,
    outcome: Annotated[
        str | None,
        Query(
            description=f"Only those with this outcome in the accepted allocation: one of "
            f"{', '.join(f'`{name}`' for name in OUTCOMES)}. 422 before an allocation is "
            "accepted (for a proposer, before the round is published); 403 for reviewers.",
        ),
    ] = None,
    sort: Annotated[
        ProposalSort,
        Query(
            description="The order: `proposal` (id), `title`, `group`, `score` (highest "
            "first, unscored last; the round's coordinators and admins only, 403 otherwise), "
            "`submitted` (first first), `changed` (last first). Ties go by proposal id."
        ),
    ] = ProposalSort.PROPOSAL,
    order: Annotated[
        SortOrder | None,
        Query(
            description="`asc` or `desc` against the sort's own direction (unscored "
            "proposals stay last either way)."
        ),
    ] = None,
) -> Page[ProposalRead]:
    """The round's proposals the caller may see (a proposer: only its group's) that pass the
    filters, in the order asked for (by id unless told otherwise)."""
    service = ProposalService(session, principal)
    outcomes = outcome_choice(session, principal, round_code, outcome, remember=remember)
    chosen = ProposalFilter(
        group=group,
        status=status,
        search=(q or "").strip() or None,
        sort=sort,
        order=order,
        among=outcomes.among,
    )
    round_, rows, total = service.list_visible(round_code, page.limit, page.offset, chosen)
    return Page.of([service.view(round_, row) for row in rows], total, page)


@router.post(
    "/proposals",
    response_model=ProposalRead,
    status_code=status.HTTP_201_CREATED,
    summary="Submit a proposal",
    responses={
        **problem_responses(403, 404, 409, 422),
        201: {
            "description": "Submitted (or, for a repeated Idempotency-Key, replayed)",
            "headers": {
                "Idempotent-Replayed": {
                    "schema": {"type": "string"},
                    "description": "`true` on a replay",
                }
            },
        },
    },
)
def submit_proposal(
    round_code: str,
    body: ProposalCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    """Submit a proposal while the round is open. Send an `Idempotency-Key` so that a
    retried request returns the first response instead of creating a duplicate."""
    view, replayed = ProposalService(session, principal).submit(round_code, body, idempotency_key)
    headers = {
        "ETag": etag(view.version),
        "Location": location("rounds", round_code, "proposals", view.id),
    }
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return JSONResponse(view.model_dump(mode="json"), status_code=201, headers=headers)


@router.get(
    "/proposals/{code}",
    response_model=ProposalRead,
    summary="Read a proposal",
    responses=problem_responses(404),
)
def read_proposal(
    round_code: str,
    code: str,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
) -> ProposalRead:
    """One proposal, with its ETag (a foreign group's answers 404, like a missing one)."""
    service = ProposalService(session, principal)
    round_, proposal = service.get(round_code, code)
    set_etag(response, proposal.version)
    return service.view(round_, proposal)


@router.patch(
    "/proposals/{code}",
    response_model=ProposalRead,
    summary="Edit a proposal",
    responses=problem_responses(403, 404, 409, 412, 422, 428),
)
def update_proposal(
    *,
    round_code: str,
    code: str,
    body: ProposalUpdate,
    version: IfMatchDep,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
) -> ProposalRead:
    """Edit a proposal (If-Match required): its group while the round is open, the round's
    coordinators until review ends."""
    service = ProposalService(session, principal)
    round_, proposal = service.update(round_code, code, body, version)
    set_etag(response, proposal.version)
    return service.view(round_, proposal)


@router.delete(
    "/proposals/{code}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Withdraw a proposal",
    responses=problem_responses(403, 404, 409, 412, 428),
)
def withdraw_proposal(
    round_code: str,
    code: str,
    version: IfMatchDep,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> Response:
    """Withdraw a proposal (If-Match required), under the same rules as editing."""
    ProposalService(session, principal).withdraw(round_code, code, version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/precedences",
    response_model=Page[PrecedenceRead],
    summary="List precedences",
    responses=problem_responses(403, 404),
)
def list_precedences(
    round_code: str, session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[PrecedenceRead]:
    """Precedences between the round's requests (its coordinators and admins)."""
    rows, total = PrecedenceService(session, principal).list_visible(
        round_code, page.limit, page.offset
    )
    return Page.of(rows, total, page)


@router.post(
    "/precedences",
    response_model=PrecedenceRead,
    status_code=status.HTTP_201_CREATED,
    summary="Add a precedence",
    responses=problem_responses(403, 404, 409, 422),
)
def create_precedence(
    round_code: str, body: PrecedenceCreate, session: SessionDep, principal: CurrentPrincipal
) -> PrecedenceRead:
    """Require one request to come after another (no cycles)."""
    return PrecedenceService(session, principal).create(round_code, body)


@router.delete(
    "/precedences/{precedence_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Remove a precedence",
    responses=problem_responses(403, 404, 409),
)
def delete_precedence(
    round_code: str,
    precedence_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    session: SessionDep,
    principal: CurrentPrincipal,
) -> Response:
    """Remove a precedence."""
    PrecedenceService(session, principal).delete(round_code, precedence_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
