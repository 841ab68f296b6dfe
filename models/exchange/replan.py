"""The `replan` section of an instance: a published schedule revised from shift `now` on.

Field rules live here; the rules that relate the section to the round (requests,
alternatives, the horizon) live in `models.exchange.replan_rules`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, Strict

from models.exchange.fields import (
    MAX_HORIZON,
    MAX_ITEMS,
    STRICT_FROZEN,
    Decimal4,
    Identifier,
    Interval,
    ShiftNumber,
)

DEFAULT_CHANGE_WEIGHT = 1.0
"""The cost of each baseline block a revision does not keep, when `change_weight` is not given."""


class _Frozen(BaseModel):
    model_config = STRICT_FROZEN


class DeliveredTime(_Frozen):
    """Shifts a request already received on `instrument` before `now`."""

    request: Identifier
    instrument: Identifier
    shifts: Annotated[int, Field(ge=1, le=MAX_HORIZON), Strict()]


class BaselineAssignment(_Frozen):
    """One request's blocks `[start, length]` in the schedule being revised, from `now` on."""

    request: Identifier
    instrument: Identifier
    blocks: Annotated[
        tuple[Interval, ...], Field(min_length=1, max_length=MAX_HORIZON, strict=False)
    ]


class Replan(_Frozen):
    """What already happened (`delivered`) and the schedule being revised (`baseline`)."""

    now: ShiftNumber
    delivered: Annotated[tuple[DeliveredTime, ...], Field(max_length=MAX_ITEMS, strict=False)] = ()
    baseline: Annotated[
        tuple[BaselineAssignment, ...], Field(max_length=MAX_ITEMS, strict=False)
    ] = ()
    change_weight: Annotated[Decimal4, Field(gt=0)] = DEFAULT_CHANGE_WEIGHT

    def delivered_to(self, request_id: str) -> DeliveredTime | None:
        """The delivered time of a request, or None when it has not started."""
        return next((item for item in self.delivered if item.request == request_id), None)
