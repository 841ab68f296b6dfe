"""One request's shape: alternatives, partial awards, blocks, window and team absences.

Every request satisfies the format's size rules by construction:
`1 <= min_block <= min_shifts <= shifts <= n_shifts` and a window
`[release, deadline)` at least `shifts` long inside the round.
"""

from __future__ import annotations

import math
from random import Random
from typing import Any

from scheduler.generator.calendar import team_unavailability
from scheduler.generator.config import GeneratorConfig
from scheduler.generator.instruments import PlannedInstrument

ALTERNATIVES_CHANCE = 0.4
"""Chance that a request also accepts other instruments of the same facility and technique."""

PARTIAL_CHANCE = 0.45
"""Chance that a team accepts fewer shifts than it asks for."""

WINDOW_CHANCE = 0.3
"""Chance that a request must run inside a window shorter than the round."""

ONE_BLOCK_CHANCE = 0.5
"""Chance that an all-or-nothing request of at most `ONE_BLOCK_LONGEST` shifts is one block."""

ONE_BLOCK_LONGEST = 18
"""Longest request (shifts; six days of 8-hour shifts) that is often asked as one block."""

BLOCK_LENGTHS = (1, 2, 3, 3, 3, 6)
"""Shortest useful blocks, in shifts (3 shifts of 8 hours are one day)."""


def alternatives_of(
    rng: Random, first: PlannedInstrument, instruments: list[PlannedInstrument]
) -> list[str]:
    """The request's instrument ids: `first`, sometimes followed by 1-2 of its siblings."""
    siblings = [
        other.id
        for other in instruments
        if other.facility == first.facility
        and other.technique == first.technique
        and other.id != first.id
    ]
    if not siblings or rng.random() >= ALTERNATIVES_CHANCE:
        return [first.id]
    count = min(len(siblings), rng.randint(1, 2))
    picked = set(rng.sample(siblings, count))
    return [first.id, *(sibling for sibling in siblings if sibling in picked)]


def shape_request(
    rng: Random, request_id: str, instruments: list[str], shifts: int, config: GeneratorConfig
) -> dict[str, Any]:
    """The request as instance data, with every default written out."""
    n_shifts = config.shifts
    if shifts > 1 and rng.random() < PARTIAL_CHANCE:
        min_shifts = max(1, math.ceil(shifts * rng.uniform(0.35, 0.75)))
        min_block = min(min_shifts, rng.choice(BLOCK_LENGTHS))
    else:
        min_shifts = shifts
        # Short experiments often need one uninterrupted stay; long ones rarely can.
        whole = rng.random() < (ONE_BLOCK_CHANCE if shifts <= ONE_BLOCK_LONGEST else 0.1)
        min_block = shifts if whole else min(shifts, rng.choice(BLOCK_LENGTHS))
    release, deadline = 0, n_shifts
    if rng.random() < WINDOW_CHANCE:
        length = rng.randint(min(n_shifts, math.ceil(shifts * 1.5)), n_shifts)
        release = rng.randint(0, n_shifts - length)
        deadline = release + length
    unavailable = team_unavailability(rng, n_shifts, config.calendar)
    return {
        "id": request_id,
        "instruments": instruments,
        "shifts": shifts,
        "min_shifts": min_shifts,
        "min_block": min_block,
        "release": release,
        "deadline": deadline,
        "unavailable": [list(interval) for interval in unavailable],
    }
