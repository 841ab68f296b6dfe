"""Proposals and requests as the API shows them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StrictBool,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from api.fields import Code, Name, RequestCode
from models.exchange.fields import Decimal4

ShiftCount = Annotated[int, Field(strict=True, ge=1, le=100_000)]
ShiftNumber = Annotated[int, Field(strict=True, ge=0, le=100_000)]


def shift_or_time(value: object) -> int | date | datetime:
    """A shift number, or an ISO 8601 date or date-time with a timezone, as given.

    Raises:
        PydanticCustomError: anything else (a bool, a float, a time without a timezone).
    """
    if isinstance(value, int) and not isinstance(value, bool):
        if not 0 <= value <= 100_000:
            raise PydanticCustomError("beamtime", "a shift number lies between 0 and 100000")
        return value
    if isinstance(value, datetime | date):
        moment = value
    elif isinstance(value, str) and len(value) == 10:
        try:
            moment = date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "beamtime", "not a date: give YYYY-MM-DD, e.g. 2027-10-01"
            ) from None
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("z", "Z"))
        except ValueError:
            raise PydanticCustomError(
                "beamtime", "not a date-time: give e.g. 2027-10-01T08:00:00Z"
            ) from None
    else:
        raise PydanticCustomError(
            "beamtime", "give a shift number, a date (2027-10-01) or a time (2027-10-01T08:00Z)"
        )
    if isinstance(moment, datetime) and moment.tzinfo is None:
        raise PydanticCustomError(
            "beamtime", "a time needs a timezone, e.g. 2027-10-01T08:00:00Z or +03:00"
        )
    return moment


def _written(value: int | date | datetime) -> int | str:
    return value if isinstance(value, int) else value.isoformat()


ShiftOrTime = Annotated[
    int | date | datetime,
    PlainValidator(shift_or_time),
    PlainSerializer(_written, return_type=int | str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 0, "maximum": 100_000},
                {"type": "string", "format": "date"},
                {"type": "string", "format": "date-time"},
            ],
            "description": "A shift number of the round, or a date (midnight UTC) or a "
            "date-time with a timezone, converted with the round's calendar.",
        }
    ),
]
"""A shift number, or a time that the round's calendar turns into one (`api.rounds.calendar`)."""

ShiftInterval = Annotated[
    tuple[ShiftOrTime, ShiftOrTime],
    Field(description="Half-open `[start, end)`: shifts, or dates and times."),
]
Score = Annotated[
    Decimal4,
    Field(strict=True, gt=0, le=100, allow_inf_nan=False, description="At most 4 decimals."),
]

_REQUEST_EXAMPLE: dict[str, Any] = {
    "instruments": ["NICA-SOCHI", "NICA-ISCRA"],
    "shifts": 12,
    "min_shifts": 6,
    "min_block": 3,
    "release": 0,
    "deadline": 540,
    "unavailable": [[100, 130]],
}
_DATED_REQUEST_EXAMPLE: dict[str, Any] = {
    **_REQUEST_EXAMPLE,
    "release": "2027-01-11",
    "deadline": "2027-06-30T08:00:00Z",
    "unavailable": [["2027-02-03T08:00:00Z", "2027-02-13"]],
}


class RequestCreate(BaseModel):
    """A request for shifts on one of `instruments` (all numbers in shifts of the round).

    `release`, `deadline` and the bounds of `unavailable` may be given as dates or
    date-times instead (`api.rounds.calendar`): the window starts at the first shift
    that starts at or after `release` and ends with the last shift that is over by
    `deadline`; an unavailable period blocks every shift it overlaps. Defaults as in the
    format: `min_shifts = shifts`, `min_block = min_shifts`, `release = 0`,
    `deadline = n_shifts`.
    """

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [_REQUEST_EXAMPLE, _DATED_REQUEST_EXAMPLE]}
    )

    instruments: Annotated[list[Code], Field(min_length=1, max_length=100)]
    shifts: ShiftCount
    min_shifts: ShiftCount | None = None
    min_block: ShiftCount | None = None
    release: ShiftOrTime = 0
    deadline: ShiftOrTime | None = None
    unavailable: Annotated[list[ShiftInterval], Field(max_length=1000)] = Field(
        default_factory=list
    )


_PROPOSAL_EXAMPLE: dict[str, Any] = {
    "title": "Single-event effects in rad-hard SRAM",
    "countries": {"KZ": 0.6, "RU": 0.4},
    "coupled": True,
    "requests": [_REQUEST_EXAMPLE],
}


class ProposalCreate(BaseModel):
    """A proposal to submit while the round is open.

    Proposers submit for their own group and leave `group` out; admins and
    coordinators name the group.
    """

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_PROPOSAL_EXAMPLE]})

    title: Name
    countries: Annotated[
        dict[Code, Annotated[float, Field(strict=True, gt=0, le=1, allow_inf_nan=False)]],
        Field(min_length=1, max_length=100, description="Shares of the time, summing to 1."),
    ]
    coupled: StrictBool = True
    requests: Annotated[list[RequestCreate], Field(min_length=1, max_length=100)]
    group: Code | None = None


class ProposalUpdate(BaseModel):
    """New values for a proposal (omitted fields are kept; `requests` replaces the list).

    `score` sets an explicit panel score (admins and coordinators; `null` returns to
    the reviewers' mean).
    """

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"title": "SEE in rad-hard SRAM, 2nd run"}]}
    )

    title: Name | None = None
    countries: (
        Annotated[
            dict[Code, Annotated[float, Field(strict=True, gt=0, le=1, allow_inf_nan=False)]],
            Field(min_length=1, max_length=100),
        ]
        | None
    ) = None
    coupled: StrictBool | None = None
    requests: Annotated[list[RequestCreate], Field(min_length=1, max_length=100)] | None = None
    score: Score | None = None


class RequestRead(BaseModel):
    """A request, every default filled in."""

    id: str
    instruments: list[str]
    shifts: int
    min_shifts: int
    min_block: int
    release: int
    deadline: int
    unavailable: list[tuple[int, int]]


class ProposalRead(BaseModel):
    """A proposal. `score` is shown to the round's coordinators, and to the group once
    the round is published; reviewers and other groups never see it."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_PROPOSAL_EXAMPLE,
                    "id": "P-7K2M9Q4D",
                    "round": "2027-I",
                    "group": "kz-sram",
                    "score": None,
                    "review_count": None,
                    "requests": [{**_REQUEST_EXAMPLE, "id": "P-7K2M9Q4D/a"}],
                    "version": 1,
                    "created_at": "2026-11-02T10:00:00Z",
                    "updated_at": "2026-11-02T10:00:00Z",
                }
            ]
        }
    )

    id: str
    round: str
    group: str
    title: str
    countries: dict[str, float]
    coupled: bool
    requests: list[RequestRead]
    score: float | None = Field(description="The exported score: explicit, or the reviews' mean.")
    review_count: int | None = Field(description="Reviews so far (coordinators only).")
    version: int
    created_at: datetime
    updated_at: datetime


class PrecedenceCreate(BaseModel):
    """`after` may be awarded only if `before` is, starting `min_gap` shifts after its end."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"before": "P-0001/a", "after": "P-0007/a", "min_gap": 3}]},
    )

    before: RequestCode
    after: RequestCode
    min_gap: ShiftNumber = 0


class PrecedenceRead(BaseModel):
    """A precedence between two requests of the round."""

    id: int
    before: str
    after: str
    min_gap: int
