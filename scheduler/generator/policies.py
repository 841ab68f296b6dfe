"""Policies of a generated round: JINR member contributions and bilateral reciprocity.

By default every policy holds for the empty allocation, so every generated round is
feasible whatever its modes: a `contribution_share` with no awards is trivially met,
and reciprocity credits are drawn so that `|credit[B] - ratio * credit[A]| <= tolerance`.
With `owed_shifts` the first hard agreement (or the first, if none is hard) starts with
its partner short by that many shifts beyond the tolerance, as after a cycle in which
Russia's scientists got more: then the empty award is not valid.
"""

from __future__ import annotations

import math
from fractions import Fraction
from random import Random
from typing import Any

from scheduler.generator.catalogue import COUNTRIES, FacilityEntry
from scheduler.generator.config import GeneratorConfig
from scheduler.generator.shares import contribution_shares

LEADING_MEMBER = "RU"
"""The host of JINR and its largest contributor; also side A of every reciprocity agreement."""

RECIPROCITY_PARTNERS = ("KZ", "BY", "CN", "UZ")
"""Countries with a bilateral access agreement with Russia, in the order they are preferred."""

RECIPROCITY_RATIOS = (1.0, 1.0, 1.5, 2.0)
"""Agreed `ratio`s: the partner's scientists may get up to this many shifts per Russian shift."""


def generate_policies(
    rng: Random, config: GeneratorConfig, facilities: list[FacilityEntry]
) -> list[dict[str, Any]]:
    """Policies as instance data for the round's facilities, in `config.policies` modes."""
    if config.policies == "none":
        return []
    policies: list[dict[str, Any]] = []
    jinr = [facility.id for facility in facilities if facility.jinr]
    if jinr:
        policies.append(contribution_policy(rng, jinr))
        if config.history_rounds:
            policies[-1]["history"] = earlier_rounds(config, policies[-1])
    count = 1 if rng.random() < 0.4 else 2
    policies.extend(
        reciprocity_policy(rng, config, partner)
        for partner in reciprocity_partners(rng, facilities, count)
    )
    # Mixed rounds alternate modes from a random start, so both modes are present.
    first_hard = rng.random() < 0.5
    for position, policy in enumerate(policies):
        if config.policies == "mixed":
            hard = (position % 2 == 0) == first_hard
        else:
            hard = config.policies == "hard"
        policy["mode"] = "hard" if hard else "soft"
        if not hard:
            policy["weight"] = policy_weight(rng, policy["type"])
    agreements = [policy for policy in policies if policy["type"] == "reciprocity"]
    if config.owed_shifts and agreements:
        owed = next((p for p in agreements if p["mode"] == "hard"), agreements[0])
        owe_partner(owed, config.owed_shifts)
    return policies


def policy_weight(rng: Random, kind: str) -> float:
    """Penalty per shift of violation of a soft policy, one decimal."""
    low, high = (1.0, 3.0) if kind == "contribution_share" else (0.5, 5.0)
    return round(rng.uniform(low, high), 1)


def contribution_policy(rng: Random, jinr_facilities: list[str]) -> dict[str, Any]:
    """JINR members receive time at JINR's facilities in proportion to their contributions."""
    members = [country.code for country in COUNTRIES if country.jinr_member]
    return {
        "type": "contribution_share",
        "id": "JINR-members",
        "facilities": jinr_facilities,
        "shares": contribution_shares(rng, members, LEADING_MEMBER),
        "min_ratio": round(rng.uniform(0.8, 0.9), 2),
        "max_ratio": round(rng.uniform(1.3, 1.6), 1),
        "non_member_max_fraction": round(rng.uniform(0.25, 0.35), 2),
    }


def owe_partner(policy: dict[str, Any], owed: int) -> None:
    """Raise Russia's credit so that the partner is short by `owed` shifts beyond tolerance.

    The partner's own credit stays as drawn; Russia's becomes the least whole number of
    shifts with `credit[B] - ratio * credit[A] <= -tolerance - owed`.
    """
    leading, partner = policy["countries"]
    ratio = Fraction(str(policy["ratio"]))
    needed = Fraction(str(policy["credit"][partner])) + Fraction(str(policy["tolerance"])) + owed
    policy["credit"][leading] = float(math.ceil(needed / ratio))


HISTORY_SPREAD = 0.05
"""Members' earlier time lies within 5 % of their entitlement, so the policy holds with
nothing awarded (min_ratio is at most 0.9 and max_ratio at least 1.3)."""

NON_MEMBER_HISTORY = 0.1
"""Non-members' earlier time, as a fraction of the members' (below every generated cap)."""


def earlier_rounds(config: GeneratorConfig, policy: dict[str, Any]) -> dict[str, float]:
    """`history` of `config.history_rounds` earlier rounds for a contribution policy.

    Drawn from its own generator (seeded by the round's seed), so that the rest of the
    round is the same with or without history; one decimal.
    """
    rng = Random(config.seed * 1_000_003 + config.history_rounds)
    total = config.history_rounds * config.shifts * 2
    history = {
        country: round(share * total * rng.uniform(1 - HISTORY_SPREAD, 1 + HISTORY_SPREAD), 1)
        for country, share in policy["shares"].items()
    }
    others = [country.code for country in COUNTRIES if country.code not in history]
    if others:
        history[rng.choice(others)] = round(NON_MEMBER_HISTORY * sum(history.values()), 1)
    return history


def reciprocity_partners(rng: Random, facilities: list[FacilityEntry], count: int) -> list[str]:
    """`count` partners of Russia, preferring those hosting a facility in the round."""
    hosts = {facility.host_country for facility in facilities}
    hosting = [code for code in RECIPROCITY_PARTNERS if code in hosts]
    others = [code for code in RECIPROCITY_PARTNERS if code not in hosts]
    chosen = rng.sample(hosting, min(count, len(hosting)))
    chosen += rng.sample(others, count - len(chosen))
    return [code for code in RECIPROCITY_PARTNERS if code in chosen]


def reciprocity_policy(rng: Random, config: GeneratorConfig, partner: str) -> dict[str, Any]:
    """A Russia-`partner` agreement whose credits balance within the tolerance.

    Credits are the shifts each side's scientists already had at the other's
    facilities (earlier rounds); the starting balance is drawn from
    `[-tolerance, tolerance]`, so the agreement holds before anything is awarded.
    """
    ratio = rng.choice(RECIPROCITY_RATIOS)
    tolerance = max(2, round(config.shifts * rng.uniform(0.02, 0.05)))
    credit_leading = rng.randint(0, max(1, config.shifts // 4))
    expected = Fraction(str(ratio)) * credit_leading
    offset = rng.randint(max(-tolerance, math.ceil(-expected)), tolerance)
    credit_partner = expected + offset
    return {
        "type": "reciprocity",
        "id": f"{LEADING_MEMBER}-{partner}",
        "countries": [LEADING_MEMBER, partner],
        "ratio": ratio,
        "tolerance": float(tolerance),
        "credit": {LEADING_MEMBER: float(credit_leading), partner: float(credit_partner)},
    }
