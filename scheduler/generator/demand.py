"""How much is asked for, and where: request counts, first-choice instruments and sizes.

Demand is set against supply: the shifts requested over the round add up to about
`oversubscription` times the open instrument-shifts. Instruments differ in
popularity, so some are asked for four times over and others barely filled, as in
real calls.
"""

from __future__ import annotations

import math
from random import Random

from scheduler.generator.config import GeneratorConfig
from scheduler.generator.instruments import PlannedInstrument

TIGHT_DEMAND_FACTOR = 1.4
"""The `tight` calendar's demand target is this many times `oversubscription`."""

REQUESTS_PER_PROPOSAL = (1, 2, 3)
REQUESTS_PER_PROPOSAL_WEIGHTS = (0.7, 0.22, 0.08)

LARGEST_REQUEST_FRACTION = 0.3
"""No request asks for more than this fraction of the round (a quarter of a year in a cycle)."""


def request_counts(rng: Random, proposals: int) -> list[int]:
    """Requests of each proposal: one mostly, sometimes two or three."""
    return rng.choices(REQUESTS_PER_PROPOSAL, REQUESTS_PER_PROPOSAL_WEIGHTS, k=proposals)


def first_choices(rng: Random, instruments: list[PlannedInstrument], requests: int) -> list[int]:
    """The first-choice instrument (an index) of each request, by supply and popularity."""
    weights = [instrument.supply * rng.uniform(0.5, 1.6) for instrument in instruments]
    if not any(weights):  # pragma: no cover - the calendar always leaves shifts open
        weights = [1.0] * len(instruments)
    return rng.choices(range(len(instruments)), weights, k=requests)


def demand_target(config: GeneratorConfig, supply: int) -> float:
    """Shifts to request over the round, in total."""
    factor = TIGHT_DEMAND_FACTOR if config.calendar == "tight" else 1.0
    return config.oversubscription * factor * supply


def request_sizes(rng: Random, config: GeneratorConfig, requests: int, target: float) -> list[int]:
    """Shifts asked for by each request: log-normal sizes scaled to `target` in total.

    Sizes are whole days (multiples of 3) when shifts last 8 hours and the request
    is longer than a few days, and at most `LARGEST_REQUEST_FRACTION` of the round.
    """
    raw = [rng.lognormvariate(0.0, 0.6) for _ in range(requests)]
    scale = target / sum(raw)
    largest = max(1, math.ceil(config.shifts * LARGEST_REQUEST_FRACTION))
    sizes = []
    for value in raw:
        size = round(value * scale)
        if config.shift_hours == 8 and size >= 6:
            size = 3 * round(size / 3)
        sizes.append(min(largest, max(1, size)))
    return sizes
