"""`generate_instance`: a whole seeded round, validated like any document read from a file."""

from __future__ import annotations

from random import Random
from typing import Any

from models.exchange import INSTANCE_FORMAT, Instance
from scheduler.generator.catalogue import COUNTRIES
from scheduler.generator.config import GeneratorConfig
from scheduler.generator.instruments import facilities_of, plan_instruments
from scheduler.generator.policies import generate_policies
from scheduler.generator.proposals import generate_proposals


def generate_instance(config: GeneratorConfig) -> Instance:
    """A realistic, feasible allocation round built from `config` alone.

    Every random choice comes from one `random.Random(config.seed)`, so equal configs
    give equal instances (and byte-identical documents). Unless `config.owed_shifts`
    is set, hard policies hold for the empty allocation, so the round is always feasible.

    Raises:
        pydantic.ValidationError: never for a valid config; it would mean a bug here.
    """
    return Instance.model_validate(instance_data(config))


def instance_data(config: GeneratorConfig) -> dict[str, Any]:
    """The generated round as plain instance data (JSON types, every default written out)."""
    rng = Random(config.seed)
    instruments = plan_instruments(rng, config)
    facilities = facilities_of(instruments)
    generated = generate_proposals(rng, config, instruments)
    policies = generate_policies(rng, config, facilities)
    named = {facility.host_country for facility in facilities}
    for proposal in generated.proposals:
        named.update(proposal["countries"])
    for policy in policies:
        named.update(policy.get("shares", {}))
        named.update(policy.get("countries", []))
    return {
        "format": INSTANCE_FORMAT,
        "round": {
            "id": config.round_id,
            "name": config.name,
            "start": config.round_start,
            "shift_hours": config.shift_hours,
            "n_shifts": config.shifts,
        },
        "countries": [
            {"code": country.code, "name": country.name}
            for country in COUNTRIES
            if country.code in named
        ],
        "facilities": [
            {"id": facility.id, "name": facility.name, "host_country": facility.host_country}
            for facility in facilities
        ],
        "instruments": [instrument.document() for instrument in instruments],
        "proposals": generated.proposals,
        "precedences": generated.precedences,
        "policies": policies,
    }
