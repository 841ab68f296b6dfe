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


PROPOSAL_SORT_NAMES = ("proposal", "title", "group", "score", "submitted", "changed")
"""Orders of a list: by id, title, group id, score (highest first, unscored last),
submission (first first), last change (last first)."""

RUNNER_ONLY_SORTS = frozenset({"score"})
"""Orders that reveal scores, so only the round's coordinators and admins may use."""

ProposalCodes = Select[Any] | Collection[str]
"""Proposal codes to keep: a query selecting them, or the codes themselves."""


@dataclass(frozen=True)
class ProposalFilter:
    """Which proposals to list (`None`: any) and their order.

    `search` matches the code or the title, ignoring case, as a plain substring;
    `scored` keeps those with (True) or without (False) a score (a reviewer's own, for
    a reviewer); `among` keeps only the proposals with these codes.
    """

    group: str | None = None
    status: ProposalStatus | None = None
    search: str | None = None
    scored: bool | None = None
    sort: str = "proposal"
    among: ProposalCodes | None = None

    def reveals_scores(self) -> bool:
        """Whether the filter or order tells scores or reviews apart (a runner's view)."""
        return self.status is not None or self.sort in RUNNER_ONLY_SORTS
