"""A round's overview: its lifecycle, the actions open to the visitor, its allocation."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from api.allocations.service import AllocationService
from api.auth.principal import Principal
from api.errors import ForbiddenError, NotFoundError
from api.proposals.service import ProposalService
from api.ui.views.rounds import RoundHeader, visible_round


@dataclass(frozen=True)
class AllocationFacts:
    """The accepted allocation, as far as the visitor may see it."""

    id: str
    solution_status: str
    objective: float | None
    bound: float | None
    accepted_at: str
    accepted_by: str | None
    awards: int
    blocks: int
    shifts: int


@dataclass(frozen=True)
class OverviewPage:
    """What a round's overview shows."""

    header: RoundHeader
    proposals: int
    allocation: AllocationFacts | None
    allocation_note: str


def overview_page(session: Session, principal: Principal, code: str) -> OverviewPage:
    """The overview of round `code`.

    Raises:
        NotFoundError: the round is missing or not visible.
    """
    _, header = visible_round(session, principal, code)
    _, _, proposals = ProposalService(session, principal).list_visible(code, 1, 0, None)
    try:
        current = AllocationService(session, principal).current(code)
    except (NotFoundError, ForbiddenError) as error:
        return OverviewPage(header, proposals, None, error.detail)
    facts = AllocationFacts(
        id=current.id,
        solution_status=current.solution_status,
        objective=current.objective,
        bound=current.bound,
        accepted_at=f"{current.accepted_at:%d %b %Y %H:%M}" if current.accepted_at else "-",
        accepted_by=current.accepted_by,
        awards=len(current.awards),
        blocks=sum(len(award.blocks) for award in current.awards),
        shifts=sum(award.shifts for award in current.awards),
    )
    return OverviewPage(header, proposals, facts, "")
