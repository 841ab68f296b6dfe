"""SQL for reviews."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.orm import Review


class ReviewRepository:
    """Reads and writes `reviews` rows."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def of_proposal(
        self, proposal_id: int, *, reviewer_token_id: str | None = None
    ) -> Sequence[Review]:
        """A proposal's reviews (only those of one reviewer's token if given), oldest first."""
        query = select(Review).where(Review.proposal_id == proposal_id)
        if reviewer_token_id is not None:
            query = query.where(Review.reviewer_token_id == reviewer_token_id)
        return self.session.scalars(query.order_by(Review.id)).all()

    def by_id(self, proposal_id: int, review_id: int) -> Review | None:
        """One review of a proposal."""
        return self.session.scalars(
            select(Review).where(Review.proposal_id == proposal_id, Review.id == review_id)
        ).first()

    def add(self, review: Review) -> Review:
        """Store a new review."""
        self.session.add(review)
        self.session.flush()
        return review
