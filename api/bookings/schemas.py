"""Bookings as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from api.fields import Code, RequestCode
from models.orm import BookingStatus


class BookingCreate(BaseModel):
    """A booking a coordinator makes by hand (e.g. a freed slot for a waiting request)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"request": "P-0002/a", "instrument": "NICA-SOCHI", "start": 100, "length": 6}
            ]
        },
    )

    request: RequestCode
    instrument: Code
    start: Annotated[int, Field(strict=True, ge=0, le=100_000, description="First shift.")]
    length: Annotated[int, Field(strict=True, ge=1, le=100_000, description="Shifts.")]
    override: Annotated[
        str | None,
        Field(
            min_length=3,
            max_length=1000,
            description="Why to book outside the request's terms (its instruments, window, "
            "unavailability, min_block, shifts); without it such a booking is refused.",
        ),
    ] = None


class BookingRead(BaseModel):
    """A booking of shifts `[start, start + length)` on one instrument."""

    id: str
    round: str
    request: str
    proposal: str
    group: str
    instrument: str
    start: int
    length: int
    starts_at: datetime
    ends_at: datetime
    status: BookingStatus
    source: str = Field(
        description="`allocation` (published), `manual` or `replan` (an accepted re-plan)."
    )
    override_reason: str | None = Field(
        default=None, description="Why it was booked outside its request's terms, if it was."
    )
    cancel_reason: str | None = Field(
        default=None, description="Why it was cancelled, when a re-plan dropped it."
    )
    version: int
    updated_at: datetime
