"""Which requests a schedule model decides, and within what limits."""

from __future__ import annotations

from dataclasses import dataclass, field

from scheduler.allocation import Allocation, Placement


@dataclass(frozen=True)
class FreeRequest:
    """A request the model decides.

    Attributes:
        instruments: the alternatives it may use in this model (usable ones only).
        most: optional per-instrument cap on the shifts it may get.
        shrink_only: in repair mode, its current placement; blocks keep their starts
            and may only get shorter or disappear.
    """

    instruments: tuple[str, ...]
    most: dict[str, int] = field(default_factory=dict)
    shrink_only: Placement | None = None


@dataclass(frozen=True)
class Scope:
    """Free requests by id; `fixed` holds the placements that stay (constants in the model)."""

    free: dict[str, FreeRequest]
    fixed: Allocation
