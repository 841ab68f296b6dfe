"""Policies as linear rows over awarded shifts, the form every model and explanation uses.

A policy's violation is the sum of the positive parts of its rows. A row is
`sum over awards of coefficient(proposal, facility) * awarded + constant`, in
shifts, with exact fractions; a hard policy holds when every row is <= 0.

* `contribution_share`: one row per member and bound (`min_ratio`, `max_ratio`)
  and one for the non-member cap, exactly as the format defines them.
* `reciprocity`: `balance - tolerance` and `-balance - tolerance`; with a
  non-negative tolerance at most one is positive, so their sum is the violation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from models.exchange import ContributionSharePolicy, Policy, ReciprocityPolicy
from scheduler.evaluation import Award, exact
from scheduler.index import InstanceIndex

if TYPE_CHECKING:  # the matrix is built from rows: a run-time import would be a cycle
    from scheduler.policy_matrix import PolicyMatrix


@dataclass(frozen=True)
class RowTerm:
    """Awards at `facilities` add `coefficients[proposal] * awarded` to the row."""

    facilities: frozenset[str]
    coefficients: dict[str, Fraction]


@dataclass(frozen=True)
class PolicyRow:
    """One linear row of a policy, in shifts; the policy's violation sums their positive parts."""

    policy: str
    label: str
    terms: tuple[RowTerm, ...]
    constant: Fraction

    def coefficient(self, proposal: str, facility: str) -> Fraction:
        """What one shift of `proposal` at `facility` adds to the row."""
        total = Fraction(0)
        for term in self.terms:
            if facility in term.facilities:
                total += term.coefficients.get(proposal, Fraction(0))
        return total

    def value(self, index: InstanceIndex, awards: Iterable[Award]) -> Fraction:
        """The row's value for a set of awards, in shifts."""
        total = self.constant
        for award in awards:
            proposal = index.proposal_of[award.request].id
            total += self.coefficient(proposal, index.facility_of[award.instrument]) * award.shifts
        return total


def policy_rows(index: InstanceIndex, policy: Policy) -> list[PolicyRow]:
    """The rows of one policy."""
    if isinstance(policy, ContributionSharePolicy):
        return _contribution_rows(index, policy)
    return _reciprocity_rows(index, policy)


class PolicyRows(dict[str, list[PolicyRow]]):
    """Every policy's rows by id, keeping their integer form once it is built
    (`scheduler.policy_matrix.policy_matrix`)."""

    def __init__(self, index: InstanceIndex, rows: dict[str, list[PolicyRow]]) -> None:
        super().__init__(rows)
        self.index = index
        self.integer_form: PolicyMatrix | None = None


def all_policy_rows(index: InstanceIndex) -> PolicyRows:
    """The rows of every policy, by policy id, in document order."""
    return PolicyRows(
        index, {policy.id: policy_rows(index, policy) for policy in index.instance.policies}
    )


def _contribution_rows(index: InstanceIndex, policy: ContributionSharePolicy) -> list[PolicyRow]:
    members = {country: exact(share) for country, share in policy.shares.items()}
    facilities = frozenset(policy.facilities)
    min_ratio = exact(policy.min_ratio)
    member_part: dict[str, Fraction] = {}
    other_part: dict[str, Fraction] = {}
    own: dict[str, dict[str, Fraction]] = {country: {} for country in members}
    for proposal in index.instance.proposals:
        shares = {country: exact(share) for country, share in proposal.countries.items()}
        member_part[proposal.id] = sum((s for c, s in shares.items() if c in members), Fraction(0))
        other_part[proposal.id] = sum(
            (s for c, s in shares.items() if c not in members), Fraction(0)
        )
        for country, share in shares.items():
            if country in own:
                own[country][proposal.id] = share
    rows: list[PolicyRow] = []
    # Earlier rounds (`history`) enter every row as constants: the same linear forms over
    # T'(c, F) = T(c, F) + history[c] as over T.
    history = {country: exact(shifts) for country, shifts in policy.earlier_time().items()}
    member_history = sum((h for c, h in history.items() if c in members), Fraction(0))
    other_history = sum((h for c, h in history.items() if c not in members), Fraction(0))

    def row(
        label: str, coefficients: dict[str, Fraction], constant: Fraction = Fraction(0)
    ) -> PolicyRow:
        nonzero = {p: c for p, c in coefficients.items() if c}
        return PolicyRow(policy.id, label, (RowTerm(facilities, nonzero),), constant)

    if min_ratio > 0:
        for country, entitlement in members.items():
            rows.append(
                row(
                    f"{country} below {policy.min_ratio:g} x its share",
                    _combined(member_part, min_ratio * entitlement, own[country], Fraction(-1)),
                    min_ratio * entitlement * member_history - history.get(country, Fraction(0)),
                )
            )
    if policy.max_ratio is not None:
        max_ratio = exact(policy.max_ratio)
        for country, entitlement in members.items():
            rows.append(
                row(
                    f"{country} above {policy.max_ratio:g} x its share",
                    _combined(member_part, -max_ratio * entitlement, own[country], Fraction(1)),
                    history.get(country, Fraction(0)) - max_ratio * entitlement * member_history,
                )
            )
    if policy.non_member_max_fraction is not None:
        cap = exact(policy.non_member_max_fraction)
        rows.append(
            row(
                f"non-members above {policy.non_member_max_fraction:g} of the time",
                {p: other_part[p] - cap * (member_part[p] + other_part[p]) for p in member_part},
                other_history - cap * (member_history + other_history),
            )
        )
    return rows


def _combined(
    part: dict[str, Fraction], times_part: Fraction, own: dict[str, Fraction], times_own: Fraction
) -> dict[str, Fraction]:
    """`times_part * part[p] + times_own * own[p]` for every proposal `p` of `part`.

    Proposals share a handful of distinct (part, own) pairs, so each is computed once:
    at 10,000 proposals and dozens of rows, fraction arithmetic per proposal dominated.
    """
    zero = Fraction(0)
    computed: dict[tuple[Fraction, Fraction], Fraction] = {}
    coefficients: dict[str, Fraction] = {}
    for proposal, value in part.items():
        pair = (value, own.get(proposal, zero))
        coefficient = computed.get(pair)
        if coefficient is None:
            coefficient = computed[pair] = times_part * pair[0] + times_own * pair[1]
        coefficients[proposal] = coefficient
    return coefficients


def _reciprocity_rows(index: InstanceIndex, policy: ReciprocityPolicy) -> list[PolicyRow]:
    first, second = policy.countries
    ratio = exact(policy.ratio)
    tolerance = exact(policy.tolerance)
    second_abroad: dict[str, Fraction] = {}  # the second country's scientists at the first's
    first_abroad: dict[str, Fraction] = {}
    for proposal in index.instance.proposals:
        if second in proposal.countries:
            second_abroad[proposal.id] = exact(proposal.countries[second])
        if first in proposal.countries:
            first_abroad[proposal.id] = -ratio * exact(proposal.countries[first])
    balance_terms = (
        RowTerm(index.facilities_hosted_by(first), second_abroad),
        RowTerm(index.facilities_hosted_by(second), first_abroad),
    )
    negated_terms = tuple(
        RowTerm(term.facilities, {p: -c for p, c in term.coefficients.items()})
        for term in balance_terms
    )
    constant = exact(policy.credit.get(second, 0.0)) - ratio * exact(policy.credit.get(first, 0.0))
    return [
        PolicyRow(
            policy.id,
            f"{second} ahead of {first} beyond the tolerance",
            balance_terms,
            constant - tolerance,
        ),
        PolicyRow(
            policy.id,
            f"{first} ahead of {second} beyond the tolerance",
            negated_terms,
            -constant - tolerance,
        ),
    ]
