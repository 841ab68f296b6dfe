"""Facilities, instruments and closed periods as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from api.fields import Code, Name, UtcTime
from models.orm import Facility, Instrument


class FacilityCreate(BaseModel):
    """A facility to add; coordinators may add only facilities in their scope."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "code": "INP-KZ",
                    "name": "Institute of Nuclear Physics, Almaty",
                    "host_country": "KZ",
                }
            ]
        },
    )

    code: Code
    name: Name = ""
    host_country: Code


class FacilityUpdate(BaseModel):
    """New values for a facility (omitted fields are kept)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "INP Almaty"}]}
    )

    name: Name | None = None
    host_country: Code | None = None


class FacilityRead(BaseModel):
    """A facility."""

    code: str
    name: str
    host_country: str
    instruments: list[str] = Field(description="Codes of its instruments.")
    version: int

    @classmethod
    def from_row(cls, facility: Facility) -> FacilityRead:
        """The view of a facility loaded with its host and instruments."""
        return cls(
            code=facility.code,
            name=facility.name,
            host_country=facility.host_country.code,
            instruments=[instrument.code for instrument in facility.instruments],
            version=facility.version,
        )


class InstrumentCreate(BaseModel):
    """An instrument to add to a facility."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"code": "INP-KZ-DC60", "name": "DC-60 cyclotron", "capacity": 1}]
        },
    )

    code: Code
    name: Name = ""
    capacity: Annotated[int, Field(strict=True, ge=1, le=10_000)] = 1


class InstrumentUpdate(BaseModel):
    """New values for an instrument (omitted fields are kept).

    Lowering `capacity` below what published bookings already hold is refused (409).
    """

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"capacity": 2}]})

    name: Name | None = None
    capacity: Annotated[int, Field(strict=True, ge=1, le=10_000)] | None = None


class InstrumentRead(BaseModel):
    """An instrument."""

    code: str
    facility: str
    name: str
    capacity: int
    version: int

    @classmethod
    def from_row(cls, instrument: Instrument) -> InstrumentRead:
        """The view of an instrument loaded with its facility."""
        return cls(
            code=instrument.code,
            facility=instrument.facility.code,
            name=instrument.name,
            capacity=instrument.capacity,
            version=instrument.version,
        )


class ClosedPeriodCreate(BaseModel):
    """A time the instrument is closed to users, `[starts_at, ends_at)`, with a timezone."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "starts_at": "2027-02-01T08:00:00Z",
                    "ends_at": "2027-02-08T08:00:00Z",
                    "reason": "machine development",
                }
            ]
        },
    )

    starts_at: UtcTime
    ends_at: UtcTime
    reason: Name = ""

    @model_validator(mode="after")
    def _ends_after_start(self) -> ClosedPeriodCreate:
        if self.ends_at <= self.starts_at:
            raise ValueError("ends_at must be after starts_at")
        return self


class ClosedPeriodRead(BaseModel):
    """A closed period of an instrument."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    starts_at: datetime
    ends_at: datetime
    reason: str
