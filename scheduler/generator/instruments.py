"""The instruments of a generated round: catalogue entries with capacities and closed periods."""

from __future__ import annotations

from dataclasses import dataclass
from random import Random
from typing import Any

from scheduler.generator.calendar import (
    Interval,
    closed_shift_count,
    facility_closures,
    instrument_closures,
    merge_intervals,
)
from scheduler.generator.catalogue import FACILITY_BY_ID, FacilityEntry, select_instruments
from scheduler.generator.config import GeneratorConfig

SECOND_SLOT_CHANCE = 0.12
"""Chance that an instrument without a fixed capacity can host two experiments at once."""


@dataclass(frozen=True)
class PlannedInstrument:
    """An instrument as generated: its technique, capacity and closed periods (shifts)."""

    id: str
    facility: str
    name: str
    technique: str
    capacity: int
    closed: list[Interval]
    n_shifts: int

    @property
    def supply(self) -> int:
        """Open instrument-shifts, capacity counted."""
        return self.capacity * (self.n_shifts - closed_shift_count(self.closed))

    def document(self) -> dict[str, Any]:
        """The instrument as instance data."""
        return {
            "id": self.id,
            "facility": self.facility,
            "name": self.name,
            "capacity": self.capacity,
            "closed": [list(interval) for interval in self.closed],
        }


def plan_instruments(rng: Random, config: GeneratorConfig) -> list[PlannedInstrument]:
    """`config.instruments` instruments with capacities and closed periods.

    A facility's closures (source off) apply to all its instruments; each instrument
    adds its own (in-house time, repairs).
    """
    entries = select_instruments(config.instruments)
    closures_by_facility: dict[str, list[Interval]] = {}
    for entry in entries:
        if entry.facility not in closures_by_facility:
            closures_by_facility[entry.facility] = facility_closures(
                rng, config.shifts, config.calendar
            )
    planned = []
    for entry in entries:
        capacity = entry.capacity
        if capacity == 1 and rng.random() < SECOND_SLOT_CHANCE:
            capacity = 2
        own = instrument_closures(rng, config.shifts, config.calendar)
        closed = merge_intervals([*closures_by_facility[entry.facility], *own])
        planned.append(
            PlannedInstrument(
                entry.id,
                entry.facility,
                entry.name,
                entry.technique,
                capacity,
                closed,
                config.shifts,
            )
        )
    return planned


def facilities_of(instruments: list[PlannedInstrument]) -> list[FacilityEntry]:
    """The catalogue facilities the instruments belong to, in catalogue order."""
    used = {instrument.facility for instrument in instruments}
    return [facility for facility in FACILITY_BY_ID.values() if facility.id in used]
