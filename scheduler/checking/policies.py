"""Rule 6 of "What a valid award is", second half: hard policies hold; and the reported violations.

Violations are recomputed exactly (see `scheduler.evaluation`); a hard policy
holds when its violation is at most 1e-6 shifts, and a reported violation must
agree with the recomputed one within 1e-6, absolute or relative.
"""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from models.exchange import ContributionSharePolicy, Policy, ReciprocityPolicy
from scheduler.checking.breaches import Breach, path
from scheduler.checking.context import CheckContext
from scheduler.checking.tolerance import agrees, holds
from scheduler.checking.wording import number
from scheduler.evaluation import Award, contribution_balance, exact, reciprocity_balance
from scheduler.index import InstanceIndex


def check_hard_policies(context: CheckContext) -> Iterator[Breach]:
    """Every hard policy holds within 1e-6 shifts (checked for `optimal` and `feasible` only)."""
    if not context.allocates:
        return
    for policy in context.index.instance.policies:
        violation = context.violations[policy.id]
        if policy.mode == "hard" and not holds(violation):
            detail = "; ".join(missed_bounds(context.index, policy, context.placements.awards))
            yield Breach(
                "hard-policy",
                "assignments",
                f"hard policy {policy.id} is violated by {number(violation)} shifts ({detail})",
            )


def check_reported_violations(context: CheckContext) -> Iterator[Breach]:
    """`policies` lists every policy of the instance once, with its violation (within 1e-6)."""
    if not context.allocates:
        return
    seen: dict[str, int] = {}
    for position, reported in enumerate(context.solution.policies):
        if reported.id not in context.policies:
            yield Breach(
                "unknown-policy",
                path("policies", position, "id"),
                f"policy {reported.id!r} is not in the instance",
            )
            continue
        if reported.id in seen:
            yield Breach(
                "policy-violation-reported",
                path("policies", position),
                f"policy {reported.id} is reported twice "
                f"(first at {path('policies', seen[reported.id])})",
            )
            continue
        seen[reported.id] = position
        actual = context.violations[reported.id]
        if not agrees(reported.violation, actual):
            yield Breach(
                "policy-violation-reported",
                path("policies", position, "violation"),
                f"policy {reported.id}: the solution reports a violation of "
                f"{number(reported.violation)} shifts, the checker finds {number(actual)}",
            )
    for policy in context.index.instance.policies:
        if policy.id not in seen:
            yield Breach(
                "policy-violation-reported",
                "policies",
                f"policy {policy.id} is missing; every policy is reported once with its "
                f"violation (the checker finds {number(context.violations[policy.id])} shifts)",
            )


def missed_bounds(index: InstanceIndex, policy: Policy, awards: list[Award]) -> list[str]:
    """Each inequality of the policy that `awards` miss, with the figures, in shifts."""
    if isinstance(policy, ContributionSharePolicy):
        return _missed_contribution_bounds(index, policy, awards)
    return _missed_reciprocity_bound(index, policy, awards)


def _missed_contribution_bounds(
    index: InstanceIndex, policy: ContributionSharePolicy, awards: list[Award]
) -> list[str]:
    balance = contribution_balance(index, policy, awards)
    missed = []
    for country, share in policy.shares.items():
        entitlement = exact(share) * balance.member_time
        have = balance.time.get(country, Fraction(0))
        low = exact(policy.min_ratio) * entitlement
        if have < low:
            missed.append(f"{country} gets {number(have)}, below min_ratio bound {number(low)}")
        if policy.max_ratio is not None:
            high = exact(policy.max_ratio) * entitlement
            if have > high:
                missed.append(
                    f"{country} gets {number(have)}, above max_ratio bound {number(high)}"
                )
    if policy.non_member_max_fraction is not None:
        total = balance.member_time + balance.non_member_time
        cap = exact(policy.non_member_max_fraction) * total
        if balance.non_member_time > cap:
            missed.append(
                f"non-members get {number(balance.non_member_time)}, above the cap {number(cap)}"
            )
    return missed


def _missed_reciprocity_bound(
    index: InstanceIndex, policy: ReciprocityPolicy, awards: list[Award]
) -> list[str]:
    first, second = policy.countries
    balance = reciprocity_balance(index, policy, awards)
    if abs(balance.balance) <= exact(policy.tolerance):
        return []
    return [
        f"G({second}) - {number(policy.ratio)} × G({first}) = "
        f"{number(balance.received[second])} - {number(policy.ratio)} × "
        f"{number(balance.received[first])} = {number(balance.balance)}, "
        f"beyond the tolerance {number(policy.tolerance)}"
    ]
