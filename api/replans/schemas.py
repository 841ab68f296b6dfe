"""Re-plans as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ReplanCreate(BaseModel):
    """What to re-plan: from which shift, how much a change costs, how long to solve."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"time_limit": 10, "workers": 2}]}
    )

    now: Annotated[int, Field(strict=True, ge=0, le=100_000)] | None = Field(
        default=None,
        description="The first shift that may change; by default the first not yet begun.",
    )
    mode: Literal["revise", "backfill"] = Field(
        default="revise",
        description=(
            "`revise`: changes cost `change_weight` (by default the engine's); `backfill`: "
            "offer free shifts to rejected or partially served proposals and change no "
            "booking that can be kept (by default a weight above anything a change gains)."
        ),
    )
    change_weight: (
        Annotated[float, Field(strict=True, ge=0, le=1_000_000, allow_inf_nan=False)] | None
    ) = Field(
        default=None,
        description="Value a kept block is worth; by default as `mode` says.",
    )
    time_limit: Annotated[float, Field(gt=0, allow_inf_nan=False)] = 10.0
    workers: Annotated[int, Field(strict=True, ge=1, le=64)] = 2
    seed: Annotated[int, Field(strict=True, ge=0, le=2**31 - 1)] = 1


class AgreementState(BaseModel):
    """An agreement under one schedule: its violation (shifts) and, for a reciprocity, the
    time each side received (credit included) and the balance; for a contribution share,
    each member's cumulative return coefficient (None when undefined)."""

    violation: float
    received: dict[str, float] | None = None
    balance: float | None = None
    return_coefficients: dict[str, float | None] | None = None


class AgreementFigures(BaseModel):
    """An agreement under the bookings now (`before`, lost time out) and the candidate."""

    agreement: str
    kind: str
    mode: str
    before: AgreementState
    after: AgreementState


class ValueRecovered(BaseModel):
    """Shifts and value of the bookings as the outages leave them (every block no revision
    can keep is gone), and of the candidate (delivered time included in both); what the
    candidate recovers. Values are the
    format's objective: award value (score x shifts) less weight x violation of each soft
    agreement."""

    planned_shifts: int
    lost_shifts: int = Field(description="Shifts of the blocks no revision can keep.")
    bookings_shifts: int = Field(description="planned_shifts - lost_shifts.")
    candidate_shifts: int
    shifts_recovered: int = Field(description="candidate_shifts - bookings_shifts.")
    bookings_award_value: float = Field(description="score x shifts of the bookings.")
    candidate_award_value: float = Field(description="score x shifts of the candidate.")
    bookings_value: float = Field(description="The bookings' objective.")
    candidate_value: float = Field(description="The candidate's objective.")
    value_recovered: float = Field(description="candidate_value - bookings_value.")


class ReplanAcceptRead(BaseModel):
    """What accepting a re-plan did to the bookings."""

    replan: str
    accepted_at: datetime
    accepted_by: str
    changed: int = Field(description="Bookings moved, shortened or cut at `now` (same ids).")
    dropped: int = Field(description="Bookings cancelled.")
    new_bookings: list[str] = Field(description="Ids of the bookings made for new blocks.")
    asked_again: list[str] = Field(
        description="Confirmed bookings that moved and ask for confirmation again."
    )


class ReplanRead(BaseModel):
    """A re-plan job and, once it succeeded, its candidate as a difference against the
    bookings it started from."""

    id: str
    round: str
    status: str
    mode: str
    change_weight: float
    now: int
    created_by: str
    created_at: datetime
    finished_at: datetime | None
    error: str | None
    solution_status: str | None
    objective: float | None
    kept: int | None = Field(description="Baseline blocks the candidate keeps.")
    moved: int | None
    shortened: int | None
    dropped: int | None
    new: int | None = Field(description="Blocks of the candidate that are not baseline blocks.")
    changes: list[dict[str, Any]] = Field(
        description="Every baseline block not kept: the change, its cause and what replaced it."
    )
    time_back: list[dict[str, Any]] = Field(
        description="Requests that got lost time back, and how much (shifts)."
    )
    changes_per_group: dict[str, int] = Field(
        description="How many of each group's blocks change (moved, shortened or dropped)."
    )
    agreements: list[AgreementFigures] = Field(
        default_factory=list,
        description="Each agreement under the bookings now and under the candidate "
        "(coordinators only).",
    )
    value: ValueRecovered | None = Field(
        default=None, description="What the candidate recovers (coordinators only)."
    )
    accepted_at: datetime | None = None
    accepted_by: str | None = None
    stale: bool | None = Field(
        default=None,
        description="Whether the round's bookings changed since the re-plan started "
        "(then it can no longer be accepted); None for groups, and until the re-plan "
        "has a candidate to accept.",
    )
