"""Which proposals of a round a list shows, and in which order.

A proposal has no stored state of its own: it exists from its submission until it is
withdrawn (and deleted). What changes in between is how far its review has come, so
that is the status a list filters by (`ProposalStatus`), computed in SQL from the
explicit score and the reviews. Its outcome (awarded, partial, rejected) belongs to an
allocation; a caller that knows it passes the codes to keep as `among`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import Select


class ProposalStatus(StrEnum):
    """How far a proposal's review has come (each proposal has exactly one)."""

    UNREVIEWED = "unreviewed"
    """Neither a review nor an explicit score: it cannot be exported yet."""
    REVIEWED = "reviewed"
    """Reviewed, without an explicit score: its score is the reviews' mean."""
    PANEL_SCORED = "panel_scored"
    """An explicit (panel or imported) score, which wins over any review."""


class ProposalSort(StrEnum):
    """Orders of a list, each with its own direction unless `SortOrder` says otherwise;
    ties are broken by proposal id."""

    PROPOSAL = "proposal"
    """By id."""
    TITLE = "title"
    """By title, ignoring case."""
    GROUP = "group"
    """By research group id."""
    SCORE = "score"
    """By score, highest first; unscored proposals last in either direction."""
    SUBMITTED = "submitted"
    """By submission, first first."""
    CHANGED = "changed"
    """By last change, last first."""


class SortOrder(StrEnum):
    """The direction of a list's order, instead of the sort's own."""

    ASC = "asc"
    DESC = "desc"


DESCENDING_SORTS = frozenset({ProposalSort.SCORE, ProposalSort.CHANGED})
"""Orders whose own direction is descending (highest score, latest change first)."""

RUNNER_ONLY_SORTS = frozenset({ProposalSort.SCORE})
"""Orders that reveal scores, so only the round's coordinators and admins may use."""

ProposalCodes = Select[Any] | Collection[str]
"""Proposal codes to keep: a query selecting them, or the codes themselves."""


@dataclass(frozen=True)
class ProposalFilter:
    """Which proposals to list (`None`: any) and their order.

    `search` matches the code or the title, ignoring case, as a plain substring;
    `scored` keeps those with (True) or without (False) a score (a reviewer's own, for
    a reviewer); `among` keeps only the proposals with these codes; `order` turns the
    sort's own direction (None) into an explicit one.
    """

    group: str | None = None
    status: ProposalStatus | None = None
    search: str | None = None
    scored: bool | None = None
    sort: ProposalSort = ProposalSort.PROPOSAL
    among: ProposalCodes | None = None
    order: SortOrder | None = None

    def descending(self) -> bool:
        """Whether the list runs from the highest key down (`order`, else the sort's own)."""
        if self.order is None:
            return self.sort in DESCENDING_SORTS
        return self.order is SortOrder.DESC

    def reveals_scores(self) -> bool:
        """Whether the filter or order tells scores or reviews apart (a runner's view)."""
        return self.status is not None or self.sort in RUNNER_ONLY_SORTS
