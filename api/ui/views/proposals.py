"""The proposals page: a round's proposals as the visitor may see them, in pages.

The same list serves every role, through `ProposalService.list_visible`: a proposer
sees its group's proposals (and may submit, edit and withdraw while the call is open),
a reviewer the proposals of its rounds with its own score (what it has still to
review), a coordinator every proposal of its rounds in any state of the round, with
its score and number of reviews. The filter and the paging happen in SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from api.auth.principal import Principal, Role
from api.errors import FieldProblem, InvalidInputError
from api.proposals.schemas import ProposalRead
from api.proposals.service import ProposalService
from api.reviews.service import ReviewService
from api.ui.views.rounds import RoundHeader, round_header
from models.orm import Proposal

PAGE_SIZE = 100
SCORED = {"": None, "unscored": False, "scored": True}


@dataclass(frozen=True)
class ProposalRow:
    """One proposal in the list, with what the visitor may do with it."""

    proposal: ProposalRead
    requested: int
    my_score: float | None
    can_change: bool


@dataclass(frozen=True)
class ProposalsPage:
    """What the proposals page shows."""

    header: RoundHeader
    rows: list[ProposalRow]
    total: int
    page: int
    pages: int
    scored: str
    scored_choices: list[tuple[str, str]]
    role: str
    can_submit: bool
    may_score: bool

    def link(self, page: int) -> str:
        """The address of another page of the same list."""
        scored = f"scored={self.scored}&" if self.scored else ""
        return f"/ui/rounds/{self.header.code}/proposals?{scored}page={page}"


def scored_choices(principal: Principal) -> list[tuple[str, str]]:
    """The filter's choices, in the visitor's words."""
    if principal.role is Role.REVIEWER:
        return [("", "all"), ("unscored", "still to review"), ("scored", "reviewed by you")]
    return [("", "all"), ("unscored", "without a score yet"), ("scored", "with a score")]


def proposals_page(
    session: Session, principal: Principal, code: str, scored: str | None, page: int | None
) -> ProposalsPage:
    """A page of round `code`'s proposals the visitor may see.

    Raises:
        NotFoundError: the round is missing or not visible.
        InvalidInputError: an unknown filter, or a page past the end.
    """
    chosen = scored or ""
    if chosen not in SCORED:
        raise InvalidInputError(
            "unknown filter", errors=[FieldProblem("scored", f"no choice {chosen!r}")]
        )
    number = page or 1
    service = ProposalService(session, principal)
    round_, found, total = service.list_visible(
        code, PAGE_SIZE, (number - 1) * PAGE_SIZE, None, scored=SCORED[chosen]
    )
    pages = max(1, -(-total // PAGE_SIZE))
    if number > pages:
        raise InvalidInputError(
            "no such page", errors=[FieldProblem("page", f"the list has {pages} pages")]
        )
    return ProposalsPage(
        header=round_header(principal, round_),
        rows=[
            ProposalRow(
                proposal=service.view(round_, proposal),
                requested=sum(request.shifts for request in proposal.requests),
                my_score=_own_score(principal, proposal),
                can_change=service.may_change(round_, proposal.group.code),
            )
            for proposal in found
        ],
        total=total,
        page=number,
        pages=pages,
        scored=chosen,
        scored_choices=scored_choices(principal),
        role=principal.role.value,
        can_submit=principal.role is Role.PROPOSER and service.may_change(round_, None),
        may_score=ReviewService(session, principal).may_score(round_),
    )


def _own_score(principal: Principal, proposal: Proposal) -> float | None:
    """A reviewer's own score of the proposal (its reviews are loaded with it)."""
    if principal.role is not Role.REVIEWER:
        return None
    mine = [r.score for r in proposal.reviews if r.reviewer_token_id == principal.token_id]
    return mine[0] if mine else None
