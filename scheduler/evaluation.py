"""Exact evaluation of an allocation: country time, policy violations and the objective.

Numbers of the format have at most four decimals, so every quantity here is an
exact `Fraction`; callers convert to float only for display and documents.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from models.exchange import ContributionSharePolicy, Policy, ReciprocityPolicy
from scheduler.index import InstanceIndex


@lru_cache(maxsize=4096)
def exact(value: float) -> Fraction:
    """The exact decimal value of a number written with at most four decimals
    (cached: a round has few distinct numbers, and parsing them is not cheap)."""
    return Fraction(repr(value))


@dataclass(frozen=True)
class Award:
    """Shifts awarded to one request on one instrument."""

    request: str
    instrument: str
    shifts: int


def country_time(
    index: InstanceIndex, awards: Iterable[Award], facilities: frozenset[str]
) -> dict[str, Fraction]:
    """T(c, F): shifts awarded at `facilities`, attributed to countries by proposal shares."""
    time: dict[str, Fraction] = {}
    for award in awards:
        if index.facility_of[award.instrument] not in facilities:
            continue
        proposal = index.proposal_of[award.request]
        for country, share in proposal.countries.items():
            time[country] = time.get(country, Fraction(0)) + award.shifts * exact(share)
    return time


@dataclass(frozen=True)
class ContributionBalance:
    """A contribution policy's figures: time per country and the members' total M."""

    time: dict[str, Fraction]
    member_time: Fraction
    non_member_time: Fraction


def contribution_balance(
    index: InstanceIndex, policy: ContributionSharePolicy, awards: Iterable[Award]
) -> ContributionBalance:
    """T'(c, F) = T(c, F) + history[c] for every country, M (members) and N (non-members)."""
    time = country_time(index, awards, frozenset(policy.facilities))
    for country, earlier in policy.earlier_time().items():
        time[country] = time.get(country, Fraction(0)) + exact(earlier)
    members = sum((t for c, t in time.items() if c in policy.shares), Fraction(0))
    non_members = sum((t for c, t in time.items() if c not in policy.shares), Fraction(0))
    return ContributionBalance(time, members, non_members)


def contribution_violation(
    index: InstanceIndex, policy: ContributionSharePolicy, awards: Iterable[Award]
) -> Fraction:
    """Shifts by which the member bounds and the non-member cap are missed, summed."""
    balance = contribution_balance(index, policy, awards)
    total_member = balance.member_time
    violation = Fraction(0)
    for country, share in policy.shares.items():
        entitlement = exact(share) * total_member
        have = balance.time.get(country, Fraction(0))
        violation += max(Fraction(0), exact(policy.min_ratio) * entitlement - have)
        if policy.max_ratio is not None:
            violation += max(Fraction(0), have - exact(policy.max_ratio) * entitlement)
    if policy.non_member_max_fraction is not None:
        cap = exact(policy.non_member_max_fraction) * (total_member + balance.non_member_time)
        violation += max(Fraction(0), balance.non_member_time - cap)
    return violation


@dataclass(frozen=True)
class ReciprocityBalance:
    """G(A), G(B) (credits included) and the balance G(B) - ratio * G(A), in shifts."""

    received: dict[str, Fraction]
    balance: Fraction


def reciprocity_balance(
    index: InstanceIndex, policy: ReciprocityPolicy, awards: Iterable[Award]
) -> ReciprocityBalance:
    """What each side's scientists get at the other's facilities, and the balance."""
    first, second = policy.countries
    award_list = list(awards)
    received = {}
    for country, partner in ((first, second), (second, first)):
        hosted = index.facilities_hosted_by(partner)
        time = country_time(index, award_list, hosted).get(country, Fraction(0))
        received[country] = time + exact(policy.credit.get(country, 0.0))
    balance = received[second] - exact(policy.ratio) * received[first]
    return ReciprocityBalance(received, balance)


def reciprocity_violation(
    index: InstanceIndex, policy: ReciprocityPolicy, awards: Iterable[Award]
) -> Fraction:
    """max(0, |balance| - tolerance), in shifts."""
    balance = reciprocity_balance(index, policy, awards).balance
    return max(Fraction(0), abs(balance) - exact(policy.tolerance))


def policy_violation(index: InstanceIndex, policy: Policy, awards: Iterable[Award]) -> Fraction:
    """The violation of any policy, in shifts."""
    if isinstance(policy, ContributionSharePolicy):
        return contribution_violation(index, policy, awards)
    return reciprocity_violation(index, policy, awards)


def policy_violations(index: InstanceIndex, awards: Iterable[Award]) -> dict[str, Fraction]:
    """The violation of every policy of the instance, by policy id."""
    award_list = list(awards)
    return {
        policy.id: policy_violation(index, policy, award_list) for policy in index.instance.policies
    }


def award_value(index: InstanceIndex, awards: Iterable[Award]) -> Fraction:
    """sum of score(p) * awarded(r): the objective before policy penalties."""
    return sum((exact(index.proposal_of[a.request].score) * a.shifts for a in awards), Fraction(0))


def objective_value(
    index: InstanceIndex, awards: Iterable[Award], violations: Mapping[str, Fraction] | None = None
) -> Fraction:
    """The format's objective: award value minus weight * violation of each soft policy."""
    award_list = list(awards)
    if violations is None:
        violations = policy_violations(index, award_list)
    penalty = sum(
        (
            exact(policy.weight) * violations[policy.id]
            for policy in index.instance.policies
            if policy.mode == "soft"
        ),
        Fraction(0),
    )
    return award_value(index, award_list) - penalty
