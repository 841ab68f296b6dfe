"""The ledger as the API shows it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field


class SideTimeRead(BaseModel):
    """One country's time in one round (shifts, weighted by the country's proposal shares)."""

    delivered: float
    lost: float
    scheduled: float
    declined: float
    cancelled: float


class LedgerRoundRead(BaseModel):
    """What one round the agreement covered gave each side."""

    round: str
    start: datetime
    state: str
    carried_in: dict[str, float] = Field(
        description="Time each country carried into the round: the agreement's own credit "
        "or history plus what earlier rounds delivered or scheduled (shifts)."
    )
    sides: dict[str, SideTimeRead]
    balance: float | None = Field(
        description="Reciprocity only: G(B) - ratio * G(A) after this round, with G the time "
        "carried in plus delivered and scheduled (shifts)."
    )


class LedgerRead(BaseModel):
    """An agreement's ledger over every round it covered, and the totals."""

    code: str
    type: Literal["contribution_share", "reciprocity"]
    as_of: datetime = Field(description="`delivered` counts shifts that ended before this.")
    rounds: list[LedgerRoundRead]
    totals: dict[str, SideTimeRead]
    tolerance: float | None = Field(description="Reciprocity only: the agreement's tolerance.")
