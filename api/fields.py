"""Field types shared by the API's schemas."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, Field, StringConstraints
from pydantic_core import PydanticCustomError

_URL_UNSAFE = re.compile(r"[/?#%\\]|^\s|\s$")


def _url_safe(value: str) -> str:
    if _URL_UNSAFE.search(value):
        raise PydanticCustomError(
            "beamtime", "may not contain / ? # % \\ nor begin or end with a space"
        )
    return value


Code = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    AfterValidator(_url_safe),
    Field(
        description="An id as the exchange format writes it; used in URLs, so without "
        "`/ ? # % \\` and without spaces at the ends.",
        json_schema_extra={"pattern": r"^[^\s/?#%\\]([^/?#%\\]*[^\s/?#%\\])?$"},
    ),
]
"""A public id of a country, facility, instrument, round, group or agreement."""

RequestCode = Annotated[str, StringConstraints(min_length=1, max_length=200)]
"""A request id; it may contain `/` (e.g. `P-0001/a`)."""

Name = Annotated[str, StringConstraints(max_length=1000)]
"""Free text for people."""


def in_utc(value: datetime) -> datetime:
    """`value` in UTC.

    Raises:
        PydanticCustomError: the time has no UTC equivalent between years 1 and 9999
            (e.g. `0001-01-01T00:30:00+01:00`).
    """
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise PydanticCustomError(
            "beamtime", "must lie between 0001-01-01 and 9999-12-31 in UTC"
        ) from None


UtcTime = Annotated[AwareDatetime, AfterValidator(in_utc)]
"""A time with a timezone, stored in UTC; refused when UTC has no such time."""
