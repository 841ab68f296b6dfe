"""Field types shared by the instance and solution models.

The format allows at most four decimal places in its fractional numbers so that
an exact model can scale them to integers; `Decimal4` enforces that at parse
time.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, Strict
from pydantic_core import PydanticCustomError

MAX_DECIMALS = 4
"""Digits after the decimal point allowed in fractional numbers of the format."""

MAX_HORIZON = 100_000
"""Longest round, in shifts (`round.n_shifts`)."""

MAX_ITEMS = 100_000
"""Upper bound on the length of any list in an instance, so a hostile file cannot exhaust memory."""


def decimal_places(value: float) -> int:
    """Number of digits after the decimal point in the shortest repr of `value`."""
    try:
        exponent = Decimal(repr(value)).as_tuple().exponent
    except InvalidOperation:  # pragma: no cover - NaN and infinity are rejected earlier
        return 0
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _at_most_four_decimals(value: float) -> float:
    if decimal_places(value) > MAX_DECIMALS:
        raise PydanticCustomError(
            "too_many_decimals",
            "{value} has more than 4 decimal places; the format allows at most 4",
            {"value": repr(value)},
        )
    return float(value)


Decimal4 = Annotated[float, AfterValidator(_at_most_four_decimals)]
"""A finite number with at most four decimal places."""

Identifier = Annotated[str, Field(min_length=1, max_length=200)]
"""An id: a non-empty string of at most 200 characters."""

Label = Annotated[str, Field(max_length=1000)]
"""Free text for people (names, titles)."""

ShiftNumber = Annotated[int, Field(ge=0, le=MAX_HORIZON), Strict()]
"""A shift number, counted from `round.start`."""

# JSON arrays arrive as lists; the pair itself may be coerced, its members may not.
Interval = Annotated[tuple[ShiftNumber, ShiftNumber], Field(strict=False)]
"""A half-open interval `[start, end)` of shift numbers."""

STRICT_FROZEN = ConfigDict(
    frozen=True,
    extra="forbid",
    strict=True,
    allow_inf_nan=False,
    validate_default=False,
)
"""Model settings of the instance: immutable, no unknown fields, no silent coercion."""
