"""Country shares: of a proposal's time (team affiliations) and of a consortium's contributions.

Shares are whole hundredths, so they carry at most two decimals and sum to exactly 1.
"""

from __future__ import annotations

from random import Random

from scheduler.generator.catalogue import COUNTRIES

COUNTRIES_PER_PROPOSAL = (1, 2, 3)
COUNTRIES_PER_PROPOSAL_WEIGHTS = (0.55, 0.3, 0.15)

HOST_TEAM_CHANCE = 0.35
"""Chance that a proposal's leading country is the host of its first-choice facility."""


def split_units(rng: Random, units: int, parts: int) -> list[int]:
    """`units` split at random into `parts` positive integers, largest first."""
    cuts = sorted(rng.sample(range(1, units), parts - 1))
    bounds = [0, *cuts, units]
    return sorted((bounds[i + 1] - bounds[i] for i in range(parts)), reverse=True)


def proposal_countries(rng: Random, host_country: str) -> dict[str, float]:
    """How a proposal's time is attributed: 1-3 countries, shares in steps of 0.05."""
    count = rng.choices(COUNTRIES_PER_PROPOSAL, COUNTRIES_PER_PROPOSAL_WEIGHTS)[0]
    codes = [country.code for country in COUNTRIES]
    weights = [country.applicant_weight for country in COUNTRIES]
    chosen: list[str] = []
    if rng.random() < HOST_TEAM_CHANCE:
        chosen.append(host_country)
    while len(chosen) < count:
        code = rng.choices(codes, weights)[0]
        if code not in chosen:
            chosen.append(code)
    twentieths = split_units(rng, 20, count)
    return {code: round(part * 0.05, 2) for code, part in zip(chosen, twentieths, strict=True)}


def contribution_shares(rng: Random, members: list[str], leading: str) -> dict[str, float]:
    """Contribution shares of `members` in hundredths: `leading` pays 55-68 %, each other >= 1 %.

    The rest is split in proportion to the members' (perturbed) applicant weights,
    by largest remainder, so the shares sum to exactly 1.
    """
    others = [code for code in members if code != leading]
    lead_units = rng.randint(55, 68) if others else 100
    spare = 100 - lead_units - len(others)
    weight_of = {country.code: country.applicant_weight for country in COUNTRIES}
    weights = [weight_of.get(code, 1.0) * rng.uniform(0.7, 1.3) for code in others]
    total = sum(weights)
    exact = [spare * weight / total for weight in weights] if others else []
    units = [int(value) for value in exact]
    by_remainder = sorted(range(len(others)), key=lambda i: (units[i] - exact[i], i))
    for i in by_remainder[: spare - sum(units)]:
        units[i] += 1
    shares = {leading: round(lead_units / 100, 2)}
    shares.update(
        {code: round((1 + extra) / 100, 2) for code, extra in zip(others, units, strict=True)}
    )
    return shares
