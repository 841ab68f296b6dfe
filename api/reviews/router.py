"""`/rounds/{round}/proposals/{proposal}/reviews`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from api.concurrency import IfMatchDep, set_etag
from api.deps import CurrentPrincipal, SessionDep
from api.pagination import Page, PageDep, slice_of
from api.problems import problem_responses
from api.reviews.schemas import ReviewCreate, ReviewRead, ReviewUpdate
from api.reviews.service import ReviewService, review_read
from api.routing import TransactionalRoute

router = APIRouter(
    route_class=TransactionalRoute,
    prefix="/rounds/{round_code}/proposals/{code}/reviews",
    tags=["reviews"],
)
ReviewId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get(
    "",
    response_model=Page[ReviewRead],
    summary="List a proposal's reviews",
    responses=problem_responses(403, 404),
)
def list_reviews(
    round_code: str, code: str, session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[ReviewRead]:
    """All reviews for the round's coordinators; a reviewer's own for a reviewer."""
    proposal, rows = ReviewService(session, principal).list_visible(round_code, code)
    items, total = slice_of([review_read(row, proposal) for row in rows], page)
    return Page.of(items, total, page)


@router.post(
    "",
    response_model=ReviewRead,
    status_code=status.HTTP_201_CREATED,
    summary="Score a proposal",
    responses=problem_responses(403, 404, 409, 422),
)
def create_review(
    *,
    round_code: str,
    code: str,
    body: ReviewCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
) -> ReviewRead:
    """Score a proposal (the round's reviewers, while it is in review)."""
    proposal, review = ReviewService(session, principal).create(round_code, code, body)
    set_etag(response, review.version)
    return review_read(review, proposal)


@router.get(
    "/{review_id}",
    response_model=ReviewRead,
    summary="Read a review",
    responses=problem_responses(403, 404),
)
def read_review(
    *,
    round_code: str,
    code: str,
    review_id: ReviewId,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
) -> ReviewRead:
    """One review, with its ETag."""
    proposal, review = ReviewService(session, principal).get(round_code, code, review_id)
    set_etag(response, review.version)
    return review_read(review, proposal)


@router.patch(
    "/{review_id}",
    response_model=ReviewRead,
    summary="Change a review",
    responses=problem_responses(403, 404, 409, 412, 422, 428),
)
def update_review(
    *,
    round_code: str,
    code: str,
    review_id: ReviewId,
    body: ReviewUpdate,
    version: IfMatchDep,
    session: SessionDep,
    principal: CurrentPrincipal,
    response: Response,
) -> ReviewRead:
    """Change one's own review (If-Match required)."""
    proposal, review = ReviewService(session, principal).update(
        round_code, code, review_id, body, version
    )
    set_etag(response, review.version)
    return review_read(review, proposal)
