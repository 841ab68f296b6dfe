"""What each round state allows: one table, read by every service and page.

    draft -> open -> review -> allocated -> published -> closed

Each action of the service that depends on the round's state names its row here; a
service asks `states_allowing(action)` (or `allows(state, action)`) instead of keeping a
set of its own, so a change of the lifecycle is a change of this table alone. The
transitions themselves are in `api.rounds.lifecycle`.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from models.orm import RoundState

DRAFT, OPEN, REVIEW = RoundState.DRAFT, RoundState.OPEN, RoundState.REVIEW
ALLOCATED, PUBLISHED, CLOSED = RoundState.ALLOCATED, RoundState.PUBLISHED, RoundState.CLOSED


class RoundAction(StrEnum):
    """The things a round's state decides."""

    CHANGE_CALENDAR = "change-calendar"
    """Change the round's start, shift length, length or facilities."""
    IMPORT = "import"
    """Create a round from an imported document, in this state."""
    SEE_ROUND = "see-round"
    """See the round at all, for a proposer (coordinators and admins see every state)."""
    SUBMIT_PROPOSAL = "submit-proposal"
    """Submit, edit or withdraw a proposal, as its group."""
    EDIT_PROPOSAL = "edit-proposal"
    """Submit, edit or withdraw a proposal, as a coordinator (with an explicit score)."""
    REVIEW = "review"
    """Write and change reviews."""
    EDIT_AGREEMENTS = "edit-agreements"
    """Add, change or remove the round's own agreements."""
    ADJUST_AGREEMENTS = "adjust-agreements"
    """Adjust a standing agreement's thresholds for the round."""
    SOLVE = "solve"
    """Run a solve or a what-if study (once published, never to replace the allocation)."""
    ACCEPT_ALLOCATION = "accept-allocation"
    """Accept an allocation; the round then becomes `allocated`."""
    CHANGE_BOOKINGS = "change-bookings"
    """Book by hand, confirm, decline and cancel bookings."""
    RECORD_OUTAGE = "record-outage"
    """Record lost beam over the round's bookings."""
    REPLAN = "replan"
    """Re-plan the published schedule."""
    SHOW_PUBLISHED = "show-published"
    """Show groups the published schedule: their exports, scores, calendar feeds."""


ALLOWED: Mapping[RoundAction, frozenset[RoundState]] = {
    RoundAction.CHANGE_CALENDAR: frozenset({DRAFT}),
    RoundAction.IMPORT: frozenset({DRAFT, OPEN, REVIEW}),
    RoundAction.SEE_ROUND: frozenset({OPEN, REVIEW, ALLOCATED, PUBLISHED, CLOSED}),
    RoundAction.SUBMIT_PROPOSAL: frozenset({OPEN}),
    RoundAction.EDIT_PROPOSAL: frozenset({DRAFT, OPEN, REVIEW}),
    RoundAction.REVIEW: frozenset({REVIEW}),
    RoundAction.EDIT_AGREEMENTS: frozenset({DRAFT, OPEN, REVIEW, ALLOCATED, PUBLISHED}),
    RoundAction.ADJUST_AGREEMENTS: frozenset({DRAFT, OPEN, REVIEW, ALLOCATED}),
    RoundAction.SOLVE: frozenset({REVIEW, ALLOCATED, PUBLISHED}),
    RoundAction.ACCEPT_ALLOCATION: frozenset({REVIEW, ALLOCATED}),
    RoundAction.CHANGE_BOOKINGS: frozenset({PUBLISHED}),
    RoundAction.RECORD_OUTAGE: frozenset({PUBLISHED}),
    RoundAction.REPLAN: frozenset({PUBLISHED}),
    RoundAction.SHOW_PUBLISHED: frozenset({PUBLISHED, CLOSED}),
}
"""For each action, the states in which it is allowed."""


def states_allowing(action: RoundAction) -> frozenset[RoundState]:
    """The states in which `action` is allowed."""
    return ALLOWED[action]


def allows(state: str, action: RoundAction) -> bool:
    """Whether a round in `state` allows `action`."""
    return RoundState(state) in ALLOWED[action]


FEED_STATES = states_allowing(RoundAction.SHOW_PUBLISHED)
"""Rounds whose bookings calendar feeds show."""
