"""The proposals page: a round's proposals as the visitor may see them, in pages.

The same list serves every role, through `ProposalService.list_visible`: a proposer
sees its group's proposals (and may submit, edit and withdraw while the call is open),
a reviewer the proposals of its rounds with its own score (what it has still to
review), a coordinator every proposal of its rounds in any state of the round, with
its score and number of reviews. Filters (group, review status, outcome once an
allocation is accepted, a search of id and title), the order and the paging all
happen in SQL: a round may hold 10,000 proposals.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from api.auth.principal import Principal, Role
from api.errors import FieldProblem, InvalidInputError
from api.exports.cache import Remember, forget
from api.exports.decision_views import OUTCOMES
from api.proposals.filters import ProposalFilter, ProposalSort, ProposalStatus
from api.proposals.outcomes import outcome_choice
from api.proposals.schemas import ProposalRead
from api.proposals.service import ProposalService
from api.reviews.service import ReviewService
from api.rounds.access import can_run
from api.ui.views.rounds import RoundHeader, visible_round
from models.orm import Proposal

PAGE_SIZE = 100
SCORED = {"": None, "unscored": False, "scored": True}
STATUS_LABELS = {
    ProposalStatus.UNREVIEWED.value: "not reviewed yet",
    ProposalStatus.REVIEWED.value: "reviewed (score from the reviews)",
    ProposalStatus.PANEL_SCORED.value: "with a panel score",
}
SORT_LABELS = {
    "proposal": "proposal id",
    "title": "title",
    "submitted": "time submitted",
    "group": "group",
    "score": "score, highest first",
}


@dataclass(frozen=True)
class ProposalsChoice:
    """What the visitor asked the list for, as typed into the query (empty: any)."""

    scored: str = ""
    group: str = ""
    status: str = ""
    outcome: str = ""
    search: str = ""
    sort: str = "proposal"
    page: int = 1

    def query(self, **changes: str | int) -> str:
        """The choice as a query string, with `changes` (e.g. another page)."""
        values: dict[str, str | int] = {
            "scored": self.scored,
            "group": self.group,
            "status": self.status,
            "outcome": self.outcome,
            "search": self.search,
            "sort": self.sort if self.sort != "proposal" else "",
        }
        values.update(changes)
        kept = {name: value for name, value in values.items() if value != ""}
        return "?" + urlencode(kept) if kept else ""

    def narrows(self) -> bool:
        """Whether any filter is chosen (an empty list then means "nothing matches")."""
        return any((self.scored, self.group, self.status, self.outcome, self.search))


@dataclass(frozen=True)
class ProposalRow:
    """One proposal in the list, with what the visitor may do with it."""

    proposal: ProposalRead
    requested: int
    my_score: float | None
    can_change: bool


@dataclass(frozen=True)
class ProposalsPage:
    """What the proposals page shows, and the filters it offers the visitor."""

    header: RoundHeader
    rows: list[ProposalRow]
    total: int
    page: int
    pages: int
    chosen: ProposalsChoice
    scored_choices: list[tuple[str, str]]
    groups: list[str]
    statuses: list[tuple[str, str]]
    outcomes: list[str]
    sorts: list[tuple[str, str]]
    role: str
    can_submit: bool
    may_score: bool

    def link(self, page: int) -> str:
        """The address of another page of the same list (with the same filters)."""
        return f"/ui/rounds/{self.header.code}/proposals{self.chosen.query(page=page)}"


def scored_choices(principal: Principal) -> list[tuple[str, str]]:
    """The filter's choices, in the visitor's words."""
    if principal.role is Role.REVIEWER:
        return [("", "all"), ("unscored", "still to review"), ("scored", "reviewed by you")]
    return [("", "all"), ("unscored", "without a score yet"), ("scored", "with a score")]


def _check(
    chosen: ProposalsChoice,
    groups: list[str],
    statuses: list[tuple[str, str]],
    sorts: list[tuple[str, str]],
) -> None:
    """Refuse a filter or order the page does not offer the visitor, naming the field."""
    problems = []
    if chosen.scored not in SCORED:
        problems.append(FieldProblem("scored", f"no choice {chosen.scored!r}"))
    if chosen.group and chosen.group not in groups:
        problems.append(FieldProblem("group", f"no proposal of group {chosen.group!r} to show"))
    if chosen.status and chosen.status not in dict(statuses):
        offered = ", ".join(dict(statuses)) or "none for you"
        problems.append(FieldProblem("status", f"no status {chosen.status!r}; {offered}"))
    if chosen.sort not in dict(sorts):
        problems.append(
            FieldProblem("sort", f"no order {chosen.sort!r}; one of {', '.join(dict(sorts))}")
        )
    if problems:
        raise InvalidInputError("unknown filter", errors=problems)


def proposals_page(
    session: Session,
    principal: Principal,
    code: str,
    chosen: ProposalsChoice,
    *,
    remember: Remember = forget,
) -> ProposalsPage:
    """Page `chosen.page` of round `code`'s proposals the visitor may see that pass
    `chosen`; decision rows computed for the outcome filter go to `remember`.

    Raises:
        NotFoundError: the round is missing or not visible.
        InvalidInputError: a filter or order not offered to the visitor, or a page past
            the end (each problem names its field).
        ForbiddenError: a reviewer asking for an outcome.
    """
    round_, header = visible_round(session, principal, code)
    service = ProposalService(session, principal)
    runs = can_run(principal, round_)
    proposer = principal.role is Role.PROPOSER
    groups = service.group_codes(round_)
    statuses = list(STATUS_LABELS.items()) if runs else []
    sorts = [
        (name, label)
        for name, label in SORT_LABELS.items()
        if (name != "group" or not proposer) and (name != "score" or runs)
    ]
    _check(chosen, [principal.group or ""] if proposer else groups, statuses, sorts)
    outcomes = outcome_choice(session, principal, code, chosen.outcome or None, remember=remember)
    filter_ = ProposalFilter(
        group=chosen.group or None,
        status=ProposalStatus(chosen.status) if chosen.status else None,
        search=chosen.search or None,
        scored=SCORED[chosen.scored],
        sort=ProposalSort(chosen.sort),
        among=outcomes.among,
    )
    _, found, total = service.list_visible(code, PAGE_SIZE, (chosen.page - 1) * PAGE_SIZE, filter_)
    pages = max(1, -(-total // PAGE_SIZE))
    if chosen.page > pages:
        raise InvalidInputError(
            "no such page", errors=[FieldProblem("page", f"the list has {pages} pages")]
        )
    return ProposalsPage(
        header=header,
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
        page=chosen.page,
        pages=pages,
        chosen=chosen,
        scored_choices=scored_choices(principal),
        groups=[] if proposer else groups,
        statuses=statuses,
        outcomes=list(OUTCOMES) if outcomes.available else [],
        sorts=sorts,
        role=principal.role.value,
        can_submit=service.may_change(round_, None),
        may_score=ReviewService(session, principal).may_score(round_),
    )


def _own_score(principal: Principal, proposal: Proposal) -> float | None:
    """A reviewer's own score of the proposal (its reviews are loaded with it)."""
    if principal.role is not Role.REVIEWER:
        return None
    mine = [r.score for r in proposal.reviews if r.reviewer_token_id == principal.token_id]
    return mine[0] if mine else None
