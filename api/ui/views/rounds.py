"""The rounds list, and every round page's header: state, calendar, tabs and actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from api.auth.principal import Principal, Role
from api.rounds.access import can_run
from api.rounds.calendar import shift_start
from api.rounds.lifecycle import MANUAL_TRANSITIONS, SOLVABLE_STATES
from api.rounds.service import RoundService
from api.rounds.states import RoundAction, allows, states_allowing
from api.ui.views.paging import every
from models.orm import Round, RoundState

LIFECYCLE = ("draft", "open", "review", "allocated", "published", "closed")
PUBLISHED = states_allowing(RoundAction.SHOW_PUBLISHED)

TRANSITION_LABELS = {
    ("draft", "open"): ("Open the call", "Proposers may submit and edit proposals."),
    ("open", "review"): (
        "Close the call for review",
        "Proposers can no longer submit or edit; reviewers score the proposals.",
    ),
    ("review", "open"): ("Reopen the call", "Proposers may submit and edit proposals again."),
    ("allocated", "published"): (
        "Publish the allocation",
        "Every awarded block of the accepted allocation becomes a booking, claiming its "
        "shifts; groups can then confirm or decline. A published allocation is never "
        "replaced.",
    ),
    ("published", "closed"): (
        "Close the round",
        "The round is finished; bookings can no longer be confirmed or declined.",
    ),
}


@dataclass(frozen=True)
class Tab:
    """A page of a round, in the round's navigation."""

    key: str
    label: str
    href: str


@dataclass(frozen=True)
class Action:
    """Something the visitor may do to the round; it asks for confirmation first."""

    key: str
    label: str
    explanation: str
    href: str


@dataclass(frozen=True)
class RoundHeader:
    """A round as every round page shows it at the top."""

    code: str
    name: str
    state: str
    starts_at: datetime
    ends_at: datetime
    shift_hours: int
    n_shifts: int
    facilities: list[str]
    runs: bool
    tabs: list[Tab]
    actions: list[Action]

    @property
    def lifecycle(self) -> list[tuple[str, str]]:
        """Each lifecycle state with `done`, `current` or `later`."""
        index = LIFECYCLE.index(self.state)
        return [
            (state, "done" if i < index else "current" if i == index else "later")
            for i, state in enumerate(LIFECYCLE)
        ]


def round_header(principal: Principal, round_: Round) -> RoundHeader:
    """The header of a round the principal sees."""
    runs = can_run(principal, round_)
    return RoundHeader(
        code=round_.code,
        name=round_.name,
        state=round_.state,
        starts_at=shift_start(round_, 0),
        ends_at=shift_start(round_, round_.n_shifts),
        shift_hours=round_.shift_hours,
        n_shifts=round_.n_shifts,
        facilities=sorted(facility.code for facility in round_.facilities),
        runs=runs,
        tabs=round_tabs(principal, round_, runs),
        actions=round_actions(round_) if runs else [],
    )


def round_tabs(principal: Principal, round_: Round, runs: bool) -> list[Tab]:
    """The round's pages the principal can open (others would answer 403 or 404)."""
    base = f"/ui/rounds/{round_.code}"
    tabs = [Tab("overview", "Overview", base)]
    published = round_.state in PUBLISHED
    proposer = principal.role is Role.PROPOSER
    if runs or (proposer and published):
        tabs.append(Tab("schedule", "Schedule", f"{base}/schedule"))
    if runs:
        tabs.append(Tab("balances", "Country balances", f"{base}/balances"))
    if runs or (proposer and published):
        tabs.append(Tab("decisions", "Decisions", f"{base}/decisions"))
    if runs and published:
        tabs.append(Tab("bookings", "Bookings", f"{base}/bookings"))
    if runs:
        tabs.append(Tab("solves", "Solves", f"{base}/solves"))
    tabs.append(Tab("proposals", "Proposals", f"{base}/proposals"))
    if runs:
        tabs.append(Tab("closed-periods", "Closed periods", f"{base}/closed-periods"))
    if proposer:
        tabs.append(Tab("group", "My group", f"{base}/group"))
    return tabs


def round_actions(round_: Round) -> list[Action]:
    """The lifecycle actions of a round in its state (for those who run it)."""
    base = f"/ui/rounds/{round_.code}"
    actions = []
    for source, target in sorted(MANUAL_TRANSITIONS):
        if source.value == round_.state:
            label, explanation = TRANSITION_LABELS[(source.value, target.value)]
            href = f"{base}/transition?to={target.value}"
            actions.append(Action(target.value, label, explanation, href))
    if RoundState(round_.state) in SOLVABLE_STATES:
        explanation = (
            "Run the solver on the round as it is now; a published round's solve is a what-if."
        )
        actions.append(Action("solve", "Solve", explanation, f"{base}/solves#start"))
    if allows(round_.state, RoundAction.RECORD_OUTAGE):
        actions += [
            Action(
                "outage",
                "Record an outage",
                "Beam lost on some instruments: see which bookings it hits before recording.",
                f"{base}/outages/new",
            ),
            Action(
                "replan",
                "Re-plan",
                "Revise the schedule from now on around lost time and declines; the bookings "
                "change only when a re-plan is accepted.",
                f"{base}/replans",
            ),
        ]
    return actions


def visible_rounds(session: Session, principal: Principal) -> list[RoundHeader]:
    """Every round the principal sees, newest first."""
    rows = every(RoundService(session, principal).list_visible)
    return [round_header(principal, row) for row in rows]


def visible_round(session: Session, principal: Principal, code: str) -> tuple[Round, RoundHeader]:
    """A round the principal sees, with its header.

    Raises:
        NotFoundError: missing or not visible.
    """
    round_ = RoundService(session, principal).get(code)
    return round_, round_header(principal, round_)
