"""The decisions page: every proposal's outcome with its reasons, filtered, and as CSV.

Decisions come from the accepted allocation's solution document as
`ExportService.solution` gives it to the visitor (a proposer: its group's part, once
published); titles, groups, countries and requested instruments from the proposals the
visitor sees. A decision about a proposal the visitor does not see is never shown.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from urllib.parse import urlencode

from sqlalchemy.orm import Session

from api.auth.principal import Principal
from api.errors import NotFoundError
from api.exports.service import ExportService, Scope
from api.proposals.service import ProposalService
from api.ui.views.paging import every
from api.ui.views.rounds import RoundHeader, visible_round
from models.exchange import Decision, parse_solution
from models.orm import Proposal

OUTCOMES = ("awarded", "partial", "rejected")
CSV_COLUMNS = (
    "proposal",
    "title",
    "group",
    "countries",
    "outcome",
    "shifts_requested",
    "shifts_awarded",
    "instruments_requested",
    "instruments_awarded",
    "reasons",
)


@dataclass(frozen=True)
class DecisionFilter:
    """Which decisions to show; `None` shows all."""

    outcome: str | None = None
    instrument: str | None = None
    country: str | None = None

    @classmethod
    def of(cls, outcome: str | None, instrument: str | None, country: str | None) -> DecisionFilter:
        """A filter from query parameters (empty values mean no filter)."""
        return cls(outcome or None, instrument or None, country or None)

    def query(self) -> str:
        """The filter as a query string (for the CSV link)."""
        values = {
            name: value
            for name, value in (
                ("outcome", self.outcome),
                ("instrument", self.instrument),
                ("country", self.country),
            )
            if value
        }
        return "?" + urlencode(values) if values else ""


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


@dataclass(frozen=True)
class DecisionsPage:
    """What the decisions page shows."""

    header: RoundHeader
    rows: list[DecisionRow]
    total: int
    counts: dict[str, int]
    chosen: DecisionFilter
    instruments: list[str]
    countries: list[str]
    missing: str


def decisions_page(
    session: Session, principal: Principal, code: str, chosen: DecisionFilter
) -> DecisionsPage:
    """The decisions of round `code` that pass `chosen`.

    Raises:
        NotFoundError: the round is missing or not visible.
        ForbiddenError: reviewers.
    """
    _, header = visible_round(session, principal, code)
    try:
        solution = parse_solution(ExportService(session, principal).solution(code, Scope()))
    except NotFoundError as missing:
        return DecisionsPage(header, [], 0, {}, chosen, [], [], missing.detail)
    service = ProposalService(session, principal)
    proposals = {
        proposal.code: proposal
        for proposal in every(
            lambda limit, offset: service.list_visible(code, limit, offset, None)[1:]
        )
    }
    awarded: dict[str, int] = {}
    awarded_on: dict[str, set[str]] = {}
    request_proposal = {
        request.code: proposal.code
        for proposal in proposals.values()
        for request in proposal.requests
    }
    for assignment in solution.assignments:
        owner = request_proposal.get(assignment.request)
        if owner is not None:
            awarded[owner] = awarded.get(owner, 0) + sum(n for _, n in assignment.blocks)
            awarded_on.setdefault(owner, set()).add(assignment.instrument)
    rows = [
        decision_row(decision, proposals[decision.proposal], awarded, awarded_on)
        for decision in solution.decisions
        if decision.proposal in proposals
    ]
    counts = {outcome: sum(1 for row in rows if row.outcome == outcome) for outcome in OUTCOMES}
    return DecisionsPage(
        header=header,
        rows=[row for row in rows if row.matches(chosen)],
        total=len(rows),
        counts=counts,
        chosen=chosen,
        instruments=sorted({i for row in rows for i in row.instruments}),
        countries=sorted({c for row in rows for c, _ in row.countries}),
        missing="",
    )


def decision_row(
    decision: Decision,
    proposal: Proposal,
    awarded: dict[str, int],
    awarded_on: dict[str, set[str]],
) -> DecisionRow:
    """One decision, with its proposal's particulars."""
    instruments = dict.fromkeys(
        alternative.instrument.code
        for request in proposal.requests
        for alternative in request.alternatives
    )
    return DecisionRow(
        proposal=proposal.code,
        title=proposal.title,
        group=proposal.group.code,
        countries=tuple((share.country.code, share.share) for share in proposal.shares),
        outcome=decision.outcome,
        requested=sum(request.shifts for request in proposal.requests),
        awarded=awarded.get(proposal.code, 0),
        instruments=tuple(instruments),
        awarded_on=tuple(sorted(awarded_on.get(proposal.code, ()))),
        reasons=tuple(
            ReasonRow(reason.code, reason.request, reason.message) for reason in decision.reasons
        ),
    )


def decisions_csv(page: DecisionsPage) -> str:
    """The page's rows as CSV with a header row (reasons joined by ` | `)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in page.rows:
        writer.writerow(
            [
                row.proposal,
                _safe(row.title),
                row.group,
                " ".join(f"{code}:{share:g}" for code, share in row.countries),
                row.outcome,
                row.requested,
                row.awarded,
                " ".join(row.instruments),
                " ".join(row.awarded_on),
                " | ".join(f"{r.code} {r.request}: {_safe(r.message)}" for r in row.reasons),
            ]
        )
    return buffer.getvalue()


def _safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
