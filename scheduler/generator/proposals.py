"""Proposals and precedences: who asks for what, how well it was graded, what depends on what.

Precedences only ever point from a request generated earlier to one generated
later (a second experiment of the same proposal, or a follow-up proposal), so
they can never form a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random
from typing import Any

from scheduler.generator.catalogue import FACILITY_BY_ID
from scheduler.generator.config import GeneratorConfig
from scheduler.generator.demand import demand_target, first_choices, request_counts, request_sizes
from scheduler.generator.instruments import PlannedInstrument
from scheduler.generator.requests import alternatives_of, shape_request
from scheduler.generator.shares import proposal_countries
from scheduler.generator.titles import follow_up_title, proposal_title

UNCOUPLED_CHANCE = 0.3
"""Chance that a proposal with several requests takes any of them alone."""

SEQUENCE_CHANCE = 0.3
"""Chance that a proposal's later requests must follow its first (sample preparation first)."""

FOLLOW_UP_CHANCE = 0.04
"""Chance that a proposal follows up a recent one: it runs only after that one's first request."""

FOLLOW_UP_LOOKBACK = 50
"""A follow-up refers to one of this many proposals generated before it."""

REQUEST_LETTERS = "abc"


@dataclass(frozen=True)
class GeneratedProposals:
    """Proposals and precedences as instance data."""

    proposals: list[dict[str, Any]]
    precedences: list[dict[str, Any]]


def proposal_score(rng: Random) -> float:
    """A panel grade from 1.0 to 5.0 with one decimal, centred on 3.4."""
    return round(min(5.0, max(1.0, rng.gauss(3.4, 0.8))), 1)


def generate_proposals(
    rng: Random, config: GeneratorConfig, instruments: list[PlannedInstrument]
) -> GeneratedProposals:
    """`config.proposals` proposals whose requests add up to the demand target."""
    counts = request_counts(rng, config.proposals)
    total_requests = sum(counts)
    supply = sum(instrument.supply for instrument in instruments)
    choices = first_choices(rng, instruments, total_requests)
    sizes = request_sizes(rng, config, total_requests, demand_target(config, supply))
    width = max(4, len(str(config.proposals)))
    by_id = {instrument.id: instrument for instrument in instruments}
    proposals: list[dict[str, Any]] = []
    precedences: list[dict[str, Any]] = []
    position = 0
    for number, count in enumerate(counts, start=1):
        proposal_id = f"P-{number:0{width}d}"
        follows = _follow_up_target(rng, proposals)
        requests = []
        for k in range(count):
            if k == 0 and follows is not None:
                # A follow-up continues on the instruments of the experiment it builds on.
                options = list(follows["requests"][0]["instruments"])
            else:
                options = alternatives_of(rng, instruments[choices[position + k]], instruments)
            request_id = f"{proposal_id}/{REQUEST_LETTERS[k]}"
            requests.append(shape_request(rng, request_id, options, sizes[position + k], config))
        position += count
        first = by_id[requests[0]["instruments"][0]]
        if follows is not None:
            title = follow_up_title(follows["title"])
            countries = dict(follows["countries"])
            precedences.append(
                _precedence(follows["requests"][0]["id"], requests[0]["id"], rng, config)
            )
        else:
            title = proposal_title(rng, first.technique)
            countries = proposal_countries(rng, FACILITY_BY_ID[first.facility].host_country)
        if count > 1 and rng.random() < SEQUENCE_CHANCE:
            precedences.extend(
                _precedence(requests[0]["id"], later["id"], rng, config) for later in requests[1:]
            )
        proposals.append(
            {
                "id": proposal_id,
                "title": title,
                "score": proposal_score(rng),
                "countries": countries,
                "coupled": count == 1 or rng.random() >= UNCOUPLED_CHANCE,
                "requests": requests,
            }
        )
    return GeneratedProposals(proposals, precedences)


def _follow_up_target(rng: Random, earlier: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not earlier or rng.random() >= FOLLOW_UP_CHANCE:
        return None
    return earlier[rng.randint(max(0, len(earlier) - FOLLOW_UP_LOOKBACK), len(earlier) - 1)]


def _precedence(before: str, after: str, rng: Random, config: GeneratorConfig) -> dict[str, Any]:
    gap = min(config.shifts, rng.choice((0, 0, 3, 6, 9)))
    return {"before": before, "after": after, "min_gap": gap}
