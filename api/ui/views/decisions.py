"""The decisions page: every proposal's outcome with its reasons, filtered, and as CSV.

Decisions come from the accepted allocation's solution document as
`ExportService.solution` gives it to the visitor (a proposer: its group's part, once
published); titles, groups, countries and requested instruments from the proposals the
visitor sees, read as plain rows. A decision about a proposal the visitor does not see
is never shown. The page is filtered and sorted on the server and shows one page of
`PAGE_SIZE` rows (a round may have 10,000 proposals); the CSV has every filtered row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from pydantic import BaseModel
from sqlalchemy.orm import Session

from api.auth.principal import Principal, Role
from api.errors import NotFoundError
from api.exports.cache import (
    ComputedExport,
    ExportCacheRepository,
    ExportKey,
    Remember,
    forget,
)
from api.exports.decision_rows import OUTCOME_RANKS, DecisionRowRepository, RowFilter, spaced
from api.exports.service import ExportService, Scope
from api.rounds.export_rows import ProposalRow, proposal_rows
from api.ui.views.rounds import RoundHeader, visible_round
from models.exchange import Decision, parse_solution
from models.orm import CachedDecisionRow

OUTCOMES = ("awarded", "partial", "rejected")
PAGE_SIZE = 100
SORTS = ("proposal", "title", "group", "outcome", "awarded", "requested")
"""Orders the page offers; `awarded` and `requested` put the largest first."""
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
    """Which decisions to show (`None` shows all), in which order, which page of them."""

    outcome: str | None = None
    instrument: str | None = None
    country: str | None = None
    sort: str = "proposal"
    page: int = 1

    @classmethod
    def of(
        cls,
        outcome: str | None,
        instrument: str | None,
        country: str | None,
        sort: str | None = None,
        page: int | None = None,
    ) -> DecisionFilter:
        """A filter from query parameters (empty values mean no filter; an unknown sort
        is the default one)."""
        return cls(
            outcome or None,
            instrument or None,
            country or None,
            sort if sort in SORTS else "proposal",
            max(1, page or 1),
        )

    def on_page(self, number: int) -> DecisionFilter:
        """The same filter and order on page `number`."""
        return DecisionFilter(self.outcome, self.instrument, self.country, self.sort, number)

    def query(self, **changes: str | int) -> str:
        """The filter and order as a query string, with `changes` (e.g. another page)."""
        values: dict[str, str | int] = {
            name: value
            for name, value in (
                ("outcome", self.outcome),
                ("instrument", self.instrument),
                ("country", self.country),
                ("sort", self.sort if self.sort != "proposal" else None),
            )
            if value
        }
        values.update(changes)
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
    """What the decisions page shows: one page of the matching rows."""

    header: RoundHeader
    rows: list[DecisionRow]
    total: int
    counts: dict[str, int]
    chosen: DecisionFilter
    instruments: list[str]
    countries: list[str]
    missing: str
    matching: int = 0
    pages: int = 1
    all_matching: list[DecisionRow] | None = None
    """Every matching row, in order (for the CSV; only when asked for)."""


def decisions_page(
    session: Session,
    principal: Principal,
    code: str,
    chosen: DecisionFilter,
    *,
    remember: Remember = forget,
    every_row: bool = False,
) -> DecisionsPage:
    """Page `chosen.page` of the decisions of round `code` that pass `chosen` (every
    matching row in `all_matching` too if `every_row`, for the CSV).

    The rows are read from those stored for the round's current state (one page by SQL);
    on a miss they are computed from the solution document and the proposals, and handed
    to `remember` to be stored (`api.exports.cache`).

    Raises:
        NotFoundError: the round is missing or not visible.
        ForbiddenError: reviewers.
    """
    round_, header = visible_round(session, principal, code)
    exports = ExportService(session, principal, remember=remember)
    try:
        _, key, _ = exports.decisions_key(code)
    except NotFoundError as missing:
        return DecisionsPage(header, [], 0, {}, chosen, [], [], missing.detail)
    summary_text = ExportCacheRepository(session).body(key)
    if summary_text is not None:
        return _stored_page(
            session,
            header,
            key,
            _Summary.model_validate_json(summary_text),
            chosen,
            every_row=every_row,
        )
    rows = _computed_rows(session, principal, exports, round_.id, code)
    summary = _summary(rows)
    remember(ComputedExport(key, summary.model_dump_json(), rows=[_stored(row) for row in rows]))
    matching = sorted((row for row in rows if row.matches(chosen)), key=_order(chosen.sort))
    pages = max(1, -(-len(matching) // PAGE_SIZE))
    number = min(chosen.page, pages)
    return DecisionsPage(
        header=header,
        rows=matching[(number - 1) * PAGE_SIZE : number * PAGE_SIZE],
        total=summary.total,
        counts=summary.counts,
        chosen=chosen.on_page(number),
        instruments=summary.instruments,
        countries=summary.countries,
        missing="",
        matching=len(matching),
        pages=pages,
        all_matching=matching if every_row else None,
    )


def decisions_of(
    session: Session,
    principal: Principal,
    code: str,
    proposals: list[str],
    *,
    remember: Remember = forget,
) -> tuple[dict[str, DecisionRow], str]:
    """The decision rows of `proposals` the visitor may see, and why there are none
    (no allocation yet, not published) if so; rows computed on a miss go to `remember`.

    Raises:
        NotFoundError: the round is missing or not visible.
        ForbiddenError: reviewers.
    """
    exports = ExportService(session, principal, remember=remember)
    try:
        round_, key, _ = exports.decisions_key(code)
    except NotFoundError as missing:
        return {}, missing.detail
    wanted = set(proposals)
    if ExportCacheRepository(session).body(key) is not None:
        stored = DecisionRowRepository(session).of_proposals(key, proposals)
        return {row.proposal: _row_of(row) for row in stored}, ""
    rows = _computed_rows(session, principal, exports, round_.id, code)
    remember(ComputedExport(key, _summary(rows).model_dump_json(), rows=[_stored(r) for r in rows]))
    return {row.proposal: row for row in rows if row.proposal in wanted}, ""


class _Summary(BaseModel):
    """What the page shows of all rows: their number, counts and filter choices."""

    total: int
    counts: dict[str, int]
    instruments: list[str]
    countries: list[str]


def _summary(rows: list[DecisionRow]) -> _Summary:
    return _Summary(
        total=len(rows),
        counts={outcome: sum(1 for row in rows if row.outcome == outcome) for outcome in OUTCOMES},
        instruments=sorted({i for row in rows for i in row.instruments}),
        countries=sorted({c for row in rows for c, _ in row.countries}),
    )


def _stored_page(
    session: Session,
    header: RoundHeader,
    key: ExportKey,
    summary: _Summary,
    chosen: DecisionFilter,
    *,
    every_row: bool,
) -> DecisionsPage:
    repository = DecisionRowRepository(session)
    where = RowFilter(chosen.outcome, chosen.instrument, chosen.country, chosen.sort)
    _, matching = repository.page(key, where, 0, 0)
    pages = max(1, -(-matching // PAGE_SIZE))
    number = min(chosen.page, pages)
    stored, _ = repository.page(key, where, PAGE_SIZE, (number - 1) * PAGE_SIZE)
    everything = None
    if every_row:
        everything = [_row_of(row) for row in repository.page(key, where, None, 0)[0]]
    return DecisionsPage(
        header=header,
        rows=[_row_of(row) for row in stored],
        total=summary.total,
        counts=summary.counts,
        chosen=chosen.on_page(number),
        instruments=summary.instruments,
        countries=summary.countries,
        missing="",
        matching=matching,
        pages=pages,
        all_matching=everything,
    )


def _computed_rows(
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


def _stored(row: DecisionRow) -> dict[str, object]:
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


def _row_of(stored: CachedDecisionRow) -> DecisionRow:
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


def _order(sort: str) -> Callable[[DecisionRow], tuple[object, ...]]:
    """The sort key of an order of `SORTS` (ties broken by proposal id)."""
    keys: dict[str, Callable[[DecisionRow], tuple[object, ...]]] = {
        "proposal": lambda row: (row.proposal,),
        "title": lambda row: (row.title.casefold(), row.proposal),
        "group": lambda row: (row.group, row.proposal),
        "outcome": lambda row: (OUTCOMES.index(row.outcome), row.proposal),
        "awarded": lambda row: (-row.awarded, row.proposal),
        "requested": lambda row: (-row.requested, row.proposal),
    }
    return keys.get(sort, keys["proposal"])


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


def decisions_csv(page: DecisionsPage) -> str:
    """The page's rows as CSV with a header row (reasons joined by ` | `)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in page.all_matching if page.all_matching is not None else page.rows:
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
