"""Re-plans as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

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
    change_weight: (
        Annotated[float, Field(strict=True, ge=0, le=1_000_000, allow_inf_nan=False)] | None
    ) = Field(default=None, description="Value a kept block is worth; the engine's default.")
    time_limit: Annotated[float, Field(gt=0, allow_inf_nan=False)] = 10.0
    workers: Annotated[int, Field(strict=True, ge=1, le=64)] = 2
    seed: Annotated[int, Field(strict=True, ge=0, le=2**31 - 1)] = 1


class ReplanRead(BaseModel):
    """A re-plan job and, once it succeeded, its candidate as a difference against the
    bookings it started from."""

    id: str
    round: str
    status: str
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
