"""The round lifecycle: which state changes are allowed, and how they are made.

    draft -> open -> review -> allocated -> published -> closed
                  <-                |  ^
                                    +--+  (accepting another allocation)

`allocated` is reached only by accepting an allocation (a solve result or an
imported solution), and `published` only through publishing, which creates the
bookings in the same transaction.
"""

from __future__ import annotations

from api.errors import LifecycleConflictError
from api.rounds.states import RoundAction, states_allowing
from models.orm import RoundState

MANUAL_TRANSITIONS: frozenset[tuple[RoundState, RoundState]] = frozenset(
    {
        (RoundState.DRAFT, RoundState.OPEN),
        (RoundState.OPEN, RoundState.REVIEW),
        (RoundState.REVIEW, RoundState.OPEN),
        (RoundState.ALLOCATED, RoundState.PUBLISHED),
        (RoundState.PUBLISHED, RoundState.CLOSED),
    }
)
"""Transitions a coordinator asks for by name; `-> published` also publishes."""

IRREVERSIBLE_TARGETS = frozenset({RoundState.PUBLISHED, RoundState.CLOSED})
"""Transitions that cannot be undone (pages ask for them as dangerous actions)."""

ACCEPTING_STATES = states_allowing(RoundAction.ACCEPT_ALLOCATION)
"""States in which an allocation may be accepted (the round then becomes `allocated`)."""

SOLVABLE_STATES = states_allowing(RoundAction.SOLVE)
"""States in which a solve may run (after publishing, only as a what-if)."""


def require_transition(current: str, target: RoundState) -> None:
    """Refuse a transition the lifecycle does not allow.

    Raises:
        LifecycleConflictError: `current -> target` is not a manual transition.
    """
    if (RoundState(current), target) not in MANUAL_TRANSITIONS:
        allowed = sorted(t.value for s, t in MANUAL_TRANSITIONS if s == current)
        hint = f"; from {current} it can go to: {', '.join(allowed)}" if allowed else ""
        raise LifecycleConflictError(f"a round cannot go from {current} to {target.value}{hint}")


def require_state(
    current: str, allowed: frozenset[RoundState] | set[RoundState], doing: str
) -> None:
    """Refuse an action outside the states that allow it.

    Raises:
        LifecycleConflictError: the round is in another state.
    """
    if RoundState(current) not in allowed:
        states = ", ".join(sorted(state.value for state in allowed))
        raise LifecycleConflictError(
            f"{doing} is possible only while the round is {states}, not {current}"
        )
