"""Rounds as the API shows them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from api.fields import Code, Name
from models.orm import CutoffDisclosure, Round, RoundState

CUTOFF_DISCLOSURE_DESCRIPTION = (
    "What a proposer learns of the score that outranked its request: `hidden` (default) "
    "no score but its own, `grade` the cut-off rounded down to a whole grade (never below "
    "its own score), `exact` the lowest awarded score."
)

EARLIEST_START = datetime(1970, 1, 1, tzinfo=UTC)
LATEST_START = datetime(2500, 1, 1, tzinfo=UTC)


def _plausible_start(value: datetime) -> datetime:
    if not EARLIEST_START <= value < LATEST_START:
        raise ValueError("must be between 1970 and 2500")
    return value


RoundStart = Annotated[
    AwareDatetime, AfterValidator(_plausible_start), Field(description="When shift 0 starts.")
]


class RoundCreate(BaseModel):
    """A round to set up (in `draft`); a coordinator must run every listed facility."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code": "2027-I",
                    "name": "Cycle 2027-I",
                    "start": "2027-02-01T08:00:00Z",
                    "shift_hours": 8,
                    "n_shifts": 540,
                    "facilities": ["NICA", "INP-KZ"],
                }
            ]
        },
    )

    code: Code
    name: Name = ""
    start: RoundStart
    shift_hours: Annotated[int, Field(strict=True, ge=1, le=24)] = 8
    n_shifts: Annotated[int, Field(strict=True, ge=1, le=100_000)]
    facilities: Annotated[list[Code], Field(min_length=1, max_length=1000)]
    cutoff_disclosure: CutoffDisclosure = Field(
        default=CutoffDisclosure.HIDDEN, description=CUTOFF_DISCLOSURE_DESCRIPTION
    )


class RoundUpdate(BaseModel):
    """New values for a round; the calendar and facilities change only in `draft`."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "Cycle 2027-I (extended)"}]}
    )

    name: Name | None = None
    start: RoundStart | None = None
    shift_hours: Annotated[int, Field(strict=True, ge=1, le=24)] | None = None
    n_shifts: Annotated[int, Field(strict=True, ge=1, le=100_000)] | None = None
    facilities: Annotated[list[Code], Field(min_length=1, max_length=1000)] | None = None
    cutoff_disclosure: CutoffDisclosure | None = Field(
        default=None, description=CUTOFF_DISCLOSURE_DESCRIPTION
    )


class RoundTransition(BaseModel):
    """A requested change of state; `published` also turns the allocation into bookings."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"to": "open"}]})

    to: Literal["open", "review", "published", "closed"]


class RoundRead(BaseModel):
    """A round."""

    code: str
    name: str
    start: datetime
    end: datetime = Field(description="When the last shift ends.")
    shift_hours: int
    n_shifts: int
    state: RoundState
    facilities: list[str]
    published_at: datetime | None
    cutoff_disclosure: CutoffDisclosure = Field(description=CUTOFF_DISCLOSURE_DESCRIPTION)
    version: int

    @classmethod
    def from_row(cls, round_: Round) -> RoundRead:
        """The view of a round loaded with its facilities."""
        return cls(
            code=round_.code,
            name=round_.name,
            start=round_.start,
            end=round_.start + timedelta(hours=round_.shift_hours * round_.n_shifts),
            shift_hours=round_.shift_hours,
            n_shifts=round_.n_shifts,
            state=RoundState(round_.state),
            facilities=[facility.code for facility in round_.facilities],
            published_at=round_.published_at,
            cutoff_disclosure=CutoffDisclosure(round_.cutoff_disclosure),
            version=round_.version,
        )
