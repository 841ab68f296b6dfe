"""Outages and lost shifts as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from api.fields import Code


class OutageCreate(BaseModel):
    """Beam lost on some instruments over `[starts_at, ends_at)` (UTC)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "instruments": ["NICA-SPD"],
                    "starts_at": "2027-03-01T08:00:00Z",
                    "ends_at": "2027-03-02T08:00:00Z",
                    "cause": "RF cavity fault",
                }
            ]
        },
    )

    instruments: Annotated[list[Code], Field(min_length=1, max_length=1000)]
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    cause: Annotated[str, Field(min_length=1, max_length=1000)]


class LostShiftsRead(BaseModel):
    """Shifts `[start, start + length)` a booking lost, and why."""

    booking: str
    group: str
    instrument: str
    start: int
    length: int
    starts_at: datetime
    ends_at: datetime
    cause: str
    outage: int | None = Field(description="The outage's id; none for a closed period.")


class OutageRead(BaseModel):
    """A recorded outage and the shifts it took from bookings."""

    id: int
    round: str
    instruments: list[str]
    starts_at: datetime
    ends_at: datetime
    cause: str
    recorded_by: str
    lost: list[LostShiftsRead] = Field(
        description="The bookings hit when the outage was recorded, with their lost shifts."
    )
