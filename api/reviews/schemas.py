"""Reviews as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from models.exchange.fields import Decimal4

Score = Annotated[
    Decimal4,
    Field(gt=0, le=100, allow_inf_nan=False, description="Higher is better; at most 4 decimals."),
]


class ReviewCreate(BaseModel):
    """A reviewer's score of a proposal (one per reviewer and proposal)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"score": 4.2, "comment": "Clear case, strong team."}]},
    )

    score: Score
    comment: Annotated[str, Field(max_length=10_000)] = ""


class ReviewUpdate(BaseModel):
    """New values for a review (omitted fields are kept)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"score": 4.4}]})

    score: Score | None = None
    comment: Annotated[str, Field(max_length=10_000)] | None = None


class ReviewRead(BaseModel):
    """A review."""

    id: int
    proposal: str
    reviewer: str
    score: float
    comment: str
    version: int
    created_at: datetime
    updated_at: datetime
