"""The `beamtime-solution/1` document: the result of one allocation round.

Solutions are read leniently about extra fields (other tools may add their own,
and beamtime adds `gap` and extra `stats`, see docs/format.md) but strictly
about everything the format defines.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from models.exchange.fields import Identifier, Interval

SOLUTION_FORMAT = "beamtime-solution/1"

Status = Literal["optimal", "feasible", "infeasible", "unknown"]
Outcome = Literal["awarded", "partial", "rejected"]


class _SolutionPart(BaseModel):
    model_config = ConfigDict(frozen=True, extra="allow", allow_inf_nan=False)


class Assignment(_SolutionPart):
    """An awarded request: its instrument and its blocks `[start, length]` in shifts."""

    request: Identifier
    instrument: Identifier
    blocks: Annotated[tuple[Interval, ...], Field(min_length=1)]

    @property
    def awarded_shifts(self) -> int:
        """Total length of the blocks, in shifts."""
        return sum(length for _, length in self.blocks)


class PolicyViolation(_SolutionPart):
    """A policy's violation in this solution, in shifts."""

    id: Identifier
    violation: Annotated[float, Field(ge=0)]


class _Reason(_SolutionPart):
    request: Identifier
    message: str = ""


class UnplaceableReason(_Reason):
    """Even alone, no alternative has `min_shifts` open and available in runs of `min_block`."""

    code: Literal["unplaceable"]


class CapacityReason(_Reason):
    """On every listed instrument the room left by other awards is too small."""

    code: Literal["capacity"]
    instruments: tuple[Identifier, ...]


class OutrankedReason(_Reason):
    """Proposals scored `cutoff_score` and above hold the request's alternatives in its window."""

    code: Literal["outranked"]
    cutoff_score: float


class PolicyReason(_Reason):
    """Awarding `min_shifts` anywhere there is room would raise `policy`'s violation."""

    code: Literal["policy"]
    policy: Identifier


class PrecedenceReason(_Reason):
    """The `before` request of a precedence on this request has no award."""

    code: Literal["precedence"]
    before: Identifier


class CoupledReason(_Reason):
    """The proposal is coupled and `sibling` carries a reason of its own."""

    code: Literal["coupled"]
    sibling: Identifier


class ObjectiveReason(_Reason):
    """None of the above: awarding the request would lower the objective."""

    code: Literal["objective"]


class BookingReason(_Reason):
    """beamtime extension, found only in a published round's document (derived from its
    bookings): the request's time changed after publication (a booking declined by the
    group, cancelled by a coordinator, or made by hand); `message` says how."""

    code: Literal["booking"]


Reason = Annotated[
    UnplaceableReason
    | CapacityReason
    | OutrankedReason
    | PolicyReason
    | PrecedenceReason
    | CoupledReason
    | ObjectiveReason
    | BookingReason,
    Field(discriminator="code"),
]


class Decision(_SolutionPart):
    """A proposal's outcome, with reasons for every request that got less than it asked."""

    proposal: Identifier
    outcome: Outcome
    reasons: tuple[Reason, ...] = ()


ChangeKind = Literal["moved", "shortened", "dropped"]
ChangeCause = Literal["lost-time", "no-longer-possible", "made-room", "objective"]


class BlockChange(_SolutionPart):
    """A baseline block the revision does not keep: what replaced it, and why (an extension)."""

    request: Identifier
    instrument: Identifier
    block: Interval
    """The baseline block `[start, length]`."""
    change: ChangeKind
    to: tuple[Interval, ...] = ()
    """The request's blocks in the revision that are not baseline blocks (empty when dropped)."""
    cause: ChangeCause
    message: str = ""


class TimeBack(_SolutionPart):
    """A request whose baseline touched lost time, and how much of it the revision gave back."""

    request: Identifier
    lost: Annotated[int, Field(ge=0)]
    """Shifts of its baseline blocks that the outage made impossible."""
    given_back: Annotated[int, Field(ge=0)]
    message: str = ""


class RevisionReport(_SolutionPart):
    """What a re-plan changed (a beamtime extension): counts, every change, time given back."""

    kept: Annotated[int, Field(ge=0)] = 0
    moved: Annotated[int, Field(ge=0)] = 0
    shortened: Annotated[int, Field(ge=0)] = 0
    dropped: Annotated[int, Field(ge=0)] = 0
    new: Annotated[int, Field(ge=0)] = 0
    """Blocks of the revision that are not baseline blocks."""
    changes: tuple[BlockChange, ...] = ()
    time_back: tuple[TimeBack, ...] = ()


class Stats(_SolutionPart):
    """How the solution was found: wall time in seconds, workers, seed (more fields allowed)."""

    seconds: Annotated[float, Field(ge=0)] = 0.0
    workers: Annotated[int, Field(ge=1)] = 1
    seed: int = 0


class Solution(_SolutionPart):
    """A whole solution document.

    `gap` is a beamtime extension: `(bound - objective) / max(1, |bound|)` when both are known.
    """

    format: Literal["beamtime-solution/1"]
    round: Identifier
    status: Status
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    assignments: tuple[Assignment, ...] = ()
    policies: tuple[PolicyViolation, ...] = ()
    decisions: tuple[Decision, ...] = ()
    conflict: tuple[str, ...] | None = None
    changed: Annotated[int, Field(ge=0)] | None = None
    """With `replan`: the number of baseline blocks the revision does not keep."""
    revision: RevisionReport | None = None
    """With `replan` (extension): what changed and why, see docs/format.md."""
    stats: Stats = Field(default_factory=Stats)
