"""SQL over the stored decision rows (`cached_decision_rows`): one page at a time.

The decisions page of a 10,000-proposal round must not read every proposal to show
a hundred. Its rows are computed once per allocation, view and fingerprint
(`api.exports.cache`) and stored one per proposal; a page is then one filtered,
ordered `LIMIT`/`OFFSET` query plus a count.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from api.exports.cache import ExportKey
from models.orm import CachedDecisionRow

OUTCOME_RANKS = {"awarded": 0, "partial": 1, "rejected": 2}
"""The order of outcomes when sorting by outcome."""


def spaced(codes: Sequence[str]) -> str:
    """Codes between spaces (` A B `), so that one code is matched by `LIKE '% A %'`."""
    return " " + " ".join(codes) + " " if codes else " "


@dataclass(frozen=True)
class RowFilter:
    """Which stored rows to read (`None`: any), in which order."""

    outcome: str | None = None
    instrument: str | None = None
    country: str | None = None
    sort: str = "proposal"


def _contains(column: InstrumentedAttribute[str], code: str) -> ColumnElement[bool]:
    # Codes hold no backslash (`api.fields.Code`), so it can escape LIKE's wildcards.
    escaped = code.replace("%", "\\%").replace("_", "\\_")
    return column.like(f"% {escaped} %", escape="\\")


class DecisionRowRepository:
    """Reads the decision rows stored for an export key."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def _where(self, key: ExportKey) -> list[ColumnElement[bool]]:
        return [
            CachedDecisionRow.allocation_id == key.allocation_id,
            CachedDecisionRow.kind == key.kind,
            CachedDecisionRow.fingerprint == key.fingerprint,
        ]

    def page(
        self, key: ExportKey, chosen: RowFilter, limit: int | None, offset: int
    ) -> tuple[Sequence[CachedDecisionRow], int]:
        """The rows passing `chosen`, in its order (`limit` None: all), and how many pass."""
        where = self._where(key)
        if chosen.outcome is not None:
            where.append(CachedDecisionRow.outcome == chosen.outcome)
        if chosen.instrument is not None:
            where.append(_contains(CachedDecisionRow.instruments, chosen.instrument))
        if chosen.country is not None:
            where.append(_contains(CachedDecisionRow.countries, chosen.country))
        total = self.session.scalar(select(func.count()).where(*where)) or 0
        order = {
            "proposal": (CachedDecisionRow.proposal,),
            "title": (func.lower(CachedDecisionRow.title), CachedDecisionRow.proposal),
            "group": (CachedDecisionRow.group_code, CachedDecisionRow.proposal),
            "outcome": (CachedDecisionRow.outcome_rank, CachedDecisionRow.proposal),
            "awarded": (CachedDecisionRow.awarded.desc(), CachedDecisionRow.proposal),
            "requested": (CachedDecisionRow.requested.desc(), CachedDecisionRow.proposal),
        }.get(chosen.sort, (CachedDecisionRow.proposal,))
        query = select(CachedDecisionRow).where(*where).order_by(*order).offset(offset)
        if limit is not None:
            query = query.limit(limit)
        return self.session.scalars(query).all(), total

    def proposals_with(self, key: ExportKey, outcome: str) -> Select[Any]:
        """A query of the proposal codes whose stored row has `outcome` (to filter by)."""
        return select(CachedDecisionRow.proposal).where(
            *self._where(key), CachedDecisionRow.outcome == outcome
        )

    def of_proposals(self, key: ExportKey, proposals: Sequence[str]) -> list[CachedDecisionRow]:
        """The rows of `proposals` (those that have one)."""
        wanted = list(dict.fromkeys(proposals))
        found: list[CachedDecisionRow] = []
        for first in range(0, len(wanted), 500):
            found.extend(
                self.session.scalars(
                    select(CachedDecisionRow).where(
                        *self._where(key),
                        CachedDecisionRow.proposal.in_(wanted[first : first + 500]),
                    )
                ).all()
            )
        return found
