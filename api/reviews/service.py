"""Rules for reviews.

Reviewers of a round score its proposals while the round is in `review`, one
review per reviewer and proposal, and see only their own reviews. A reviewer is
the token that wrote the review, never its name: two tokens with one name are two
reviewers. The round's
coordinators and admins read every review. Proposers never see reviews.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from api.audit.log import record
from api.auth.principal import Principal, Role
from api.concurrency import check_version
from api.errors import (
    AlreadyExistsError,
    ForbiddenError,
    NotFoundError,
)
from api.proposals.service import ProposalService
from api.reviews.repository import ReviewRepository
from api.reviews.schemas import ReviewCreate, ReviewRead, ReviewUpdate
from api.rounds.access import can_run
from api.rounds.lifecycle import require_state
from api.rounds.states import RoundAction, allows, states_allowing
from models.orm import Proposal, Review, Round

REVIEW_STATES = states_allowing(RoundAction.REVIEW)


def review_read(review: Review, proposal: Proposal) -> ReviewRead:
    """A review's view."""
    return ReviewRead(
        id=review.id,
        proposal=proposal.code,
        reviewer=review.reviewer,
        score=review.score,
        comment=review.comment,
        version=review.version,
        created_at=review.created_at,
        updated_at=review.updated_at,
    )


class ReviewService:
    """Reviews of proposals, as seen and changed by one caller."""

    def __init__(self, session: Session, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self.reviews = ReviewRepository(session)

    def _proposal(self, round_code: str, code: str) -> tuple[Round, Proposal]:
        round_, proposal = ProposalService(self.session, self.principal).get(round_code, code)
        if not (can_run(self.principal, round_) or self.principal.reviews(round_.code)):
            raise ForbiddenError("only the round's reviewers and coordinators see reviews")
        return round_, proposal

    def may_score(self, round_: Round) -> bool:
        """Whether the caller may score the round's proposals now (for pages' forms)."""
        return (
            self.principal.role is Role.REVIEWER
            and self.principal.reviews(round_.code)
            and allows(round_.state, RoundAction.REVIEW)
        )

    def _wrote(self, review: Review) -> bool:
        return review.reviewer_token_id == self.principal.token_id

    def list_visible(self, round_code: str, code: str) -> tuple[Proposal, Sequence[Review]]:
        """A proposal's reviews: all for its coordinators, a reviewer's own for a reviewer.

        Raises:
            NotFoundError, ForbiddenError.
        """
        round_, proposal = self._proposal(round_code, code)
        only = None if can_run(self.principal, round_) else self.principal.token_id
        return proposal, self.reviews.of_proposal(proposal.id, reviewer_token_id=only)

    def get(self, round_code: str, code: str, review_id: int) -> tuple[Proposal, Review]:
        """One review the caller may see.

        Raises:
            NotFoundError, ForbiddenError.
        """
        round_, proposal = self._proposal(round_code, code)
        review = self.reviews.by_id(proposal.id, review_id)
        if review is None or not (can_run(self.principal, round_) or self._wrote(review)):
            raise NotFoundError(f"no review {review_id} of {code}")
        return proposal, review

    def create(self, round_code: str, code: str, body: ReviewCreate) -> tuple[Proposal, Review]:
        """Score a proposal (the round's reviewers, while the round is in review).

        Raises:
            NotFoundError, ForbiddenError, LifecycleConflictError,
            AlreadyExistsError, InvalidInputError.
        """
        round_, proposal = self._proposal(round_code, code)
        if self.principal.role is not Role.REVIEWER:
            raise ForbiddenError("only reviewers score proposals")
        require_state(round_.state, REVIEW_STATES, "scoring")
        try:
            with self.session.begin_nested():
                review = self.reviews.add(
                    Review(
                        proposal_id=proposal.id,
                        reviewer_token_id=self.principal.token_id,
                        reviewer=self.principal.name,
                        score=body.score,
                        comment=body.comment,
                    )
                )
        except IntegrityError:
            raise AlreadyExistsError(f"you already reviewed {code}; change that review") from None
        record(
            self.session,
            self.principal,
            "review.create",
            "review",
            str(review.id),
            round_code=round_.code,
            proposal_code=code,
            detail={"proposal": code, "score": body.score},
        )
        return proposal, review

    def update(
        self, round_code: str, code: str, review_id: int, body: ReviewUpdate, version: int
    ) -> tuple[Proposal, Review]:
        """Change one's own review under If-Match, while the round is in review.

        Raises:
            NotFoundError, ForbiddenError, LifecycleConflictError,
            PreconditionFailedError, InvalidInputError.
        """
        round_, proposal = self._proposal(round_code, code)
        _, review = self.get(round_code, code, review_id)
        if not self._wrote(review) or self.principal.role is not Role.REVIEWER:
            raise ForbiddenError("only its author changes a review")
        require_state(round_.state, REVIEW_STATES, "scoring")
        check_version(review.version, version)
        if body.score is not None:
            review.score = body.score
        if body.comment is not None:
            review.comment = body.comment
        self.session.flush()
        record(
            self.session,
            self.principal,
            "review.update",
            "review",
            str(review.id),
            round_code=round_.code,
            proposal_code=code,
            detail={"proposal": code, "score": review.score},
        )
        return proposal, review
