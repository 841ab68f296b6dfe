"""The per-country report: time against entitlement, and reciprocity balances.

Figures come from `scheduler.evaluation` (exact fractions), on the instance the
allocation was checked against and on the time actually held: the bookings once
the round is published (declined shifts no longer count), else the allocation.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from pydantic import BaseModel, Field

from api.agreements.ledger_returns import RoundReturnsRead
from models.exchange import Instance
from scheduler.evaluation import (
    Award,
    contribution_balance,
    contribution_violation,
    exact,
    reciprocity_balance,
    reciprocity_violation,
)
from scheduler.index import InstanceIndex
from scheduler.returns import return_coefficients


class MemberFigures(BaseModel):
    """One member of a contribution policy."""

    country: str
    share: float = Field(description="Its share of the contribution.")
    time: float = Field(description="T(c, F): shifts attributed to it at the facilities.")
    entitlement: float = Field(description="share * M, in shifts.")
    time_share: float | None = Field(description="time / M.")
    return_coefficient: float | None = Field(
        description="Share of time / share of contribution (1.0 = balanced), cumulative with "
        "the policy's `history` of earlier rounds."
    )
    round_return_coefficient: float | None = Field(
        default=None, description="The same for this round alone (equal without `history`)."
    )
    lower_bound: float = Field(description="min_ratio * entitlement.")
    upper_bound: float | None = Field(description="max_ratio * entitlement.")


class ContributionFigures(BaseModel):
    """A contribution-share policy's figures."""

    policy: str
    mode: str
    facilities: list[str]
    member_time: float = Field(description="M: shifts of all members.")
    non_member_time: float = Field(description="N: shifts of non-members.")
    non_member_cap: float | None = Field(description="non_member_max_fraction * (M + N).")
    members: list[MemberFigures]
    violation: float = Field(description="Shifts by which the bounds are missed.")
    ledger: list[RoundReturnsRead] = Field(
        default_factory=list,
        description="For a standing agreement: each member's return coefficient in every "
        "round of its ledger up to this one, alone and cumulatively (from the agreement's "
        "history), from the bookings now.",
    )


class ReciprocityFigures(BaseModel):
    """A reciprocity policy's figures."""

    policy: str
    mode: str
    countries: list[str]
    received: dict[str, float] = Field(
        description="G(A), G(B): time at the partner's facilities, credits included."
    )
    credit: dict[str, float]
    ratio: float
    balance: float = Field(description="G(B) - ratio * G(A).")
    tolerance: float
    violation: float = Field(description="max(0, |balance| - tolerance).")


class CountryReport(BaseModel):
    """Every policy's figures for a round's schedule."""

    round: str
    source: str = Field(description="`bookings` (published) or `allocation`.")
    contribution: list[ContributionFigures]
    reciprocity: list[ReciprocityFigures]


def _f(value: Fraction) -> float:
    return round(float(value), 6)


def _optional(value: Fraction | None) -> float | None:
    return None if value is None else _f(value)


def country_report(instance: Instance, awards: Iterable[Award], source: str) -> CountryReport:
    """The report for `awards` (shifts per request and instrument) on `instance`."""
    index = InstanceIndex(instance)
    award_list = [
        award
        for award in awards
        if award.request in index.requests and award.instrument in index.instruments
    ]
    contribution = []
    for policy in index.contribution_policies:
        balance = contribution_balance(index, policy, award_list)
        coefficients = return_coefficients(index, policy, award_list)
        total = balance.member_time
        members = []
        for country, share in policy.shares.items():
            time = balance.time.get(country, Fraction(0))
            entitlement = exact(share) * total
            time_share = time / total if total else None
            members.append(
                MemberFigures(
                    country=country,
                    share=share,
                    time=_f(time),
                    entitlement=_f(entitlement),
                    time_share=_f(time_share) if time_share is not None else None,
                    return_coefficient=_optional(coefficients[country].cumulative),
                    round_return_coefficient=_optional(coefficients[country].round_alone),
                    lower_bound=_f(exact(policy.min_ratio) * entitlement),
                    upper_bound=(
                        _f(exact(policy.max_ratio) * entitlement)
                        if policy.max_ratio is not None
                        else None
                    ),
                )
            )
        cap = (
            exact(policy.non_member_max_fraction) * (total + balance.non_member_time)
            if policy.non_member_max_fraction is not None
            else None
        )
        contribution.append(
            ContributionFigures(
                policy=policy.id,
                mode=policy.mode,
                facilities=list(policy.facilities),
                member_time=_f(total),
                non_member_time=_f(balance.non_member_time),
                non_member_cap=_f(cap) if cap is not None else None,
                members=members,
                violation=_f(contribution_violation(index, policy, award_list)),
            )
        )
    reciprocity = []
    for agreement in index.reciprocity_policies:
        figures = reciprocity_balance(index, agreement, award_list)
        reciprocity.append(
            ReciprocityFigures(
                policy=agreement.id,
                mode=agreement.mode,
                countries=list(agreement.countries),
                received={country: _f(value) for country, value in figures.received.items()},
                credit=dict(agreement.credit),
                ratio=agreement.ratio,
                balance=_f(figures.balance),
                tolerance=agreement.tolerance,
                violation=_f(reciprocity_violation(index, agreement, award_list)),
            )
        )
    return CountryReport(
        round=instance.round.id, source=source, contribution=contribution, reciprocity=reciprocity
    )
