"""Field types shared by the API's schemas."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, Field, StringConstraints
from pydantic_core import PydanticCustomError

_URL_UNSAFE = re.compile(r"[/?#%\\]|^\s|\s$")

_CONTROL_OR_BIDI = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
"""Control characters, line separators and bidirectional marks, overrides and isolates:
they break headers and lines, or make an id display as another."""


_EXCLUDED = r"/?#%\\\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
"""The characters a URL id may not hold, in a regular-expression class (for OpenAPI)."""


def id_problem(value: str, *, in_urls: bool = True) -> str | None:
    """What makes `value` unusable as an id, or None. Any other Unicode is welcome
    (`Раунд-1`); ids used in URLs (`in_urls`) also keep clear of URL syntax."""
    if _CONTROL_OR_BIDI.search(value):
        return "may not contain control characters or bidirectional marks"
    if in_urls and _URL_UNSAFE.search(value):
        return "may not contain / ? # % \\ nor begin or end with a space"
    return None


def _usable_in_urls(value: str) -> str:
    problem = id_problem(value)
    if problem is not None:
        raise PydanticCustomError("beamtime", problem)
    return value


def _usable(value: str) -> str:
    problem = id_problem(value, in_urls=False)
    if problem is not None:
        raise PydanticCustomError("beamtime", problem)
    return value


Code = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    AfterValidator(_usable_in_urls),
    Field(
        description="An id as the exchange format writes it, in any script; used in URLs, "
        "so without `/ ? # % \\`, without spaces at the ends, and without control "
        "characters or bidirectional marks.",
        json_schema_extra={"pattern": f"^[^\\s{_EXCLUDED}]([^{_EXCLUDED}]*[^\\s{_EXCLUDED}])?$"},
    ),
]
"""A public id of a country, facility, instrument, round, group or agreement."""

RequestCode = Annotated[
    str, StringConstraints(min_length=1, max_length=200), AfterValidator(_usable)
]
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
