"""The decisions page's rows: computed from the solution document and the proposals, and
as stored in `cached_decision_rows` (`api.exports.decision_rows`), both ways."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import BaseModel
from sqlalchemy.orm import Session

from api.auth.principal import Principal, Role
from api.exports.decision_rows import OUTCOME_RANKS, spaced
from api.exports.service import ExportService, Scope
from api.rounds.export_rows import ProposalRow, proposal_rows
from models.exchange import Decision, parse_solution
from models.orm import CachedDecisionRow

if TYPE_CHECKING:
    from api.ui.views.decisions import DecisionFilter

OUTCOMES = ("awarded", "partial", "rejected")


@dataclass(frozen=True)
class ReasonRow:
    """Why a request got less than it asked."""

    code: str
    request: str
    message: str


@dataclass(frozen=True)
class DecisionRow:
    """A proposal's outcome, with what it asked, what it got and why."""

    proposal: str
    title: str
    group: str
    countries: tuple[tuple[str, float], ...]
    outcome: str
    requested: int
    awarded: int
    instruments: tuple[str, ...]
    awarded_on: tuple[str, ...]
    reasons: tuple[ReasonRow, ...]

    def matches(self, chosen: DecisionFilter) -> bool:
        """Whether the row passes the filter."""
        return (
            (chosen.outcome is None or self.outcome == chosen.outcome)
            and (chosen.instrument is None or chosen.instrument in self.instruments)
            and (chosen.country is None or chosen.country in dict(self.countries))
        )


class Summary(BaseModel):
    """What the page shows of all rows: their number, counts and filter choices."""

    total: int
    counts: dict[str, int]
    instruments: list[str]
    countries: list[str]


def summary_of(rows: list[DecisionRow]) -> Summary:
    """What the page shows of all rows."""
    return Summary(
        total=len(rows),
        counts={outcome: sum(1 for row in rows if row.outcome == outcome) for outcome in OUTCOMES},
        instruments=sorted({i for row in rows for i in row.instruments}),
        countries=sorted({c for row in rows for c, _ in row.countries}),
    )


def computed_rows(
    session: Session, principal: Principal, exports: ExportService, round_id: int, code: str
) -> list[DecisionRow]:
    """Every decision row the visitor may see, from the solution and the proposals."""
    solution = parse_solution(exports.solution(code, Scope()))
    group = principal.group if principal.role is Role.PROPOSER else None
    if principal.role is Role.PROPOSER and group is None:
        proposals: dict[str, ProposalRow] = {}
    else:
        proposals = {p.code: p for p in proposal_rows(session, round_id, group_code=group)}
    awarded: dict[str, int] = {}
    awarded_on: dict[str, set[str]] = {}
    request_proposal = {
        request["id"]: proposal.code
        for proposal in proposals.values()
        for request in proposal.requests
    }
    for assignment in solution.assignments:
        owner = request_proposal.get(assignment.request)
        if owner is not None:
            awarded[owner] = awarded.get(owner, 0) + sum(n for _, n in assignment.blocks)
            awarded_on.setdefault(owner, set()).add(assignment.instrument)
    return [
        decision_row(decision, proposals[decision.proposal], awarded, awarded_on)
        for decision in solution.decisions
        if decision.proposal in proposals
    ]


def stored_values(row: DecisionRow) -> dict[str, object]:
    """A row as `CachedDecisionRow` column values."""
    return {
        "proposal": row.proposal,
        "title": row.title,
        "group_code": row.group,
        "outcome": row.outcome,
        "outcome_rank": OUTCOME_RANKS.get(row.outcome, len(OUTCOME_RANKS)),
        "requested": row.requested,
        "awarded": row.awarded,
        "instruments": spaced(row.instruments),
        "awarded_on": spaced(row.awarded_on),
        "countries": spaced([code for code, _ in row.countries]),
        "shares": [[code, share] for code, share in row.countries],
        "reasons": [[r.code, r.request, r.message] for r in row.reasons],
    }


def row_of(stored: CachedDecisionRow) -> DecisionRow:
    """A stored row as the page shows it."""
    return DecisionRow(
        proposal=stored.proposal,
        title=stored.title,
        group=stored.group_code,
        countries=tuple((str(code), float(share)) for code, share in stored.shares),
        outcome=stored.outcome,
        requested=stored.requested,
        awarded=stored.awarded,
        instruments=tuple(stored.instruments.split()),
        awarded_on=tuple(stored.awarded_on.split()),
        reasons=tuple(ReasonRow(str(c), str(r), str(m)) for c, r, m in stored.reasons),
    )


def decision_row(
    decision: Decision,
    proposal: ProposalRow,
    awarded: dict[str, int],
    awarded_on: dict[str, set[str]],
) -> DecisionRow:
    """One decision, with its proposal's particulars."""
    instruments = dict.fromkeys(
        code for request in proposal.requests for code in request["instruments"]
    )
    return DecisionRow(
        proposal=proposal.code,
        title=proposal.title,
        group=proposal.group,
        countries=tuple(proposal.countries.items()),
        outcome=decision.outcome,
        requested=sum(int(request["shifts"]) for request in proposal.requests),
        awarded=awarded.get(proposal.code, 0),
        instruments=tuple(instruments),
        awarded_on=tuple(sorted(awarded_on.get(proposal.code, ()))),
        reasons=tuple(
            ReasonRow(reason.code, reason.request, reason.message) for reason in decision.reasons
        ),
    )
