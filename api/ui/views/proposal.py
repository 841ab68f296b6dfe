"""A proposal's page: its requests in the round's dates and times, and what the visitor
may do or read about it.

* its group (while the call is open) edits or withdraws it;
* a reviewer of the round reads it and scores it (its own review only);
* the round's coordinators read every review, book its requests by hand once the
  round is published, and read its whole history (the audit log of the round,
  filtered by the proposal: submission, edits, reviews, bookings).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from annotated_types import Gt, Le
from sqlalchemy.orm import Session

from api.audit.access import require_audit_reader
from api.audit.repository import AuditRepository
from api.audit.schemas import AuditEntryRead
from api.auth.principal import Principal, Role
from api.proposals.schemas import ProposalRead, RequestRead
from api.proposals.service import ProposalService
from api.reviews.schemas import ReviewCreate, ReviewRead
from api.reviews.service import ReviewService, review_read
from api.rounds.access import can_run
from api.rounds.calendar import shift_start
from api.rounds.states import RoundAction, allows
from api.ui.views.rounds import RoundHeader, round_header
from models.orm import Round

HISTORY_LIMIT = 200


@dataclass(frozen=True)
class ScoreScale:
    """The scores a review may give: above `above`, at most `most`, `decimals` places."""

    above: float
    most: float
    decimals: int = 4

    @property
    def step(self) -> str:
        """The finest step of a score, for the number input."""
        return f"{10**-self.decimals:.{self.decimals}f}"


def score_scale() -> ScoreScale:
    """The review API's own bounds of a score (one home: `ReviewCreate.score`)."""
    metadata = ReviewCreate.model_fields["score"].metadata
    above = next(float(cast(float, m.gt)) for m in metadata if isinstance(m, Gt))
    most = next(float(cast(float, m.le)) for m in metadata if isinstance(m, Le))
    return ScoreScale(above, most)


@dataclass(frozen=True)
class RequestTimes:
    """A request with its window and unavailability as times (UTC)."""

    request: RequestRead
    release_at: datetime
    deadline_at: datetime
    unavailable_at: list[tuple[datetime, datetime]]


@dataclass(frozen=True)
class ReviewForm:
    """The reviewer's form: values as typed and problems beside them."""

    score: str = ""
    comment: str = ""
    problems: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ProposalPage:
    """What a proposal's page shows."""

    header: RoundHeader
    proposal: ProposalRead
    requests: list[RequestTimes]
    can_change: bool
    reviews: list[ReviewRead] | None
    own_review: ReviewRead | None
    may_score: bool
    scale: ScoreScale
    review_form: ReviewForm
    history: list[AuditEntryRead] | None
    history_total: int
    can_book: bool


def request_times(round_: Round, request: RequestRead) -> RequestTimes:
    """The request's shifts as the times they start and end."""
    return RequestTimes(
        request=request,
        release_at=shift_start(round_, request.release),
        deadline_at=shift_start(round_, request.deadline),
        unavailable_at=[
            (shift_start(round_, start), shift_start(round_, end))
            for start, end in request.unavailable
        ],
    )


def proposal_page(
    session: Session,
    principal: Principal,
    round_code: str,
    code: str,
    review_form: ReviewForm | None = None,
) -> ProposalPage:
    """The page of proposal `code` in round `round_code`.

    Raises:
        NotFoundError: the round or the proposal is missing or not visible.
    """
    service = ProposalService(session, principal)
    round_, proposal = service.get(round_code, code)
    view = service.view(round_, proposal)
    runs = can_run(principal, round_)
    reviews: list[ReviewRead] | None = None
    if runs or principal.reviews(round_.code):
        _, rows = ReviewService(session, principal).list_visible(round_code, code)
        reviews = [review_read(review, proposal) for review in rows]
    # A reviewer's list holds its own review only.
    own = reviews[0] if reviews and principal.role is Role.REVIEWER else None
    history, history_total = _history(session, principal, round_, code) if runs else (None, 0)
    form = review_form or ReviewForm(
        score=f"{own.score:g}" if own else "", comment=own.comment if own else ""
    )
    return ProposalPage(
        header=round_header(principal, round_),
        proposal=view,
        requests=[request_times(round_, request) for request in view.requests],
        can_change=service.may_change(round_, view.group),
        reviews=reviews,
        own_review=own,
        may_score=ReviewService(session, principal).may_score(round_),
        scale=score_scale(),
        review_form=form,
        history=history,
        history_total=history_total,
        can_book=runs and allows(round_.state, RoundAction.CHANGE_BOOKINGS),
    )


def _history(
    session: Session, principal: Principal, round_: Round, code: str
) -> tuple[list[AuditEntryRead], int]:
    """The proposal's audit entries, newest first, as the audit API gives them."""
    require_audit_reader(session, principal, round_.code)
    rows, total = AuditRepository(session).page(
        HISTORY_LIMIT, 0, action=None, round_code=round_.code, proposal_code=code
    )
    return [AuditEntryRead.model_validate(row) for row in rows], total
