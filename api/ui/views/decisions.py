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

from sqlalchemy.orm import Session

from api.auth.principal import Principal
from api.errors import NotFoundError
from api.exports.cache import (
    ComputedExport,
    ExportCacheRepository,
    ExportKey,
    Remember,
    forget,
)
from api.exports.decision_rows import DecisionRowRepository, RowFilter
from api.exports.decision_views import (
    OUTCOMES,
    DecisionRow,
    Summary,
    computed_rows,
    row_of,
    stored_values,
    summary_of,
)
from api.exports.service import ExportService
from api.ui.views.rounds import RoundHeader, visible_round

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

    def link(self, number: int) -> str:
        """The address (a query string) of page `number` of the same filtered list."""
        return self.chosen.query(page=number)


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
            Summary.model_validate_json(summary_text),
            chosen,
            every_row=every_row,
        )
    rows = computed_rows(session, principal, exports, round_.id, code)
    summary = summary_of(rows)
    remember(
        ComputedExport(key, summary.model_dump_json(), rows=[stored_values(row) for row in rows])
    )
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
        return {row.proposal: row_of(row) for row in stored}, ""
    rows = computed_rows(session, principal, exports, round_.id, code)
    remember(
        ComputedExport(
            key, summary_of(rows).model_dump_json(), rows=[stored_values(r) for r in rows]
        )
    )
    return {row.proposal: row for row in rows if row.proposal in wanted}, ""


def _stored_page(
    session: Session,
    header: RoundHeader,
    key: ExportKey,
    summary: Summary,
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
        everything = [row_of(row) for row in repository.page(key, where, None, 0)[0]]
    return DecisionsPage(
        header=header,
        rows=[row_of(row) for row in stored],
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
