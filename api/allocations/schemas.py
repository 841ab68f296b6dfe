"""Allocations as the API shows them."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from models.orm import AllocationState


class AwardRead(BaseModel):
    """An awarded request: its instrument and blocks `[start, length]` in shifts."""

    request: str
    proposal: str
    group: str
    instrument: str
    blocks: list[tuple[int, int]]
    shifts: int = Field(description="Awarded shifts in all.")


class AllocationSummary(BaseModel):
    """An allocation without its awards."""

    id: str
    round: str
    source: str = Field(description="`solve` or `import`.")
    job: str | None
    state: AllocationState
    solution_status: str
    objective: float | None
    bound: float | None
    created_by: str
    created_at: datetime
    accepted_at: datetime | None
    accepted_by: str | None


class AllocationRead(AllocationSummary):
    """An allocation with the awards the caller may see (a proposer: its group's)."""

    awards: list[AwardRead]
