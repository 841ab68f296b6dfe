"""Policy profiles, and the parameters that make every policy hold before anything is awarded."""

from __future__ import annotations

from fractions import Fraction
from typing import Literal

import pytest

from models.exchange import ContributionSharePolicy, ReciprocityPolicy
from scheduler.evaluation import exact, policy_violation
from scheduler.generator import GeneratorConfig, generate_instance
from scheduler.generator.catalogue import COUNTRY_BY_CODE, FACILITY_BY_ID
from scheduler.index import InstanceIndex


def test_none_profile_has_no_policies() -> None:
    assert generate_instance(GeneratorConfig(policies="none")).policies == ()


@pytest.mark.parametrize("mode", ["hard", "soft"])
def test_hard_and_soft_profiles_give_every_policy_that_mode(mode: Literal["hard", "soft"]) -> None:
    for seed in range(1, 6):
        policies = generate_instance(GeneratorConfig(seed=seed, policies=mode)).policies
        assert policies
        assert {policy.mode for policy in policies} == {mode}


def test_mixed_profile_has_both_modes_whenever_it_has_two_policies() -> None:
    for seed in range(1, 11):
        policies = generate_instance(GeneratorConfig(seed=seed, policies="mixed")).policies
        assert len(policies) >= 2
        assert {policy.mode for policy in policies} == {"hard", "soft"}


def test_contribution_share_covers_jinr_facilities_and_member_states() -> None:
    instance = generate_instance(GeneratorConfig(seed=3, instruments=16))
    (policy,) = [p for p in instance.policies if isinstance(p, ContributionSharePolicy)]
    assert set(policy.facilities) == {"NICA", "IBR-2", "FLNR"}
    assert all(FACILITY_BY_ID[f].jinr for f in policy.facilities)
    assert all(COUNTRY_BY_CODE[code].jinr_member for code in policy.shares)
    assert sum(exact(share) for share in policy.shares.values()) == 1
    assert max(policy.shares, key=policy.shares.__getitem__) == "RU"
    assert 0.8 <= policy.min_ratio <= 0.9
    assert policy.max_ratio is not None
    assert 1.3 <= policy.max_ratio <= 1.6
    assert policy.non_member_max_fraction is not None
    assert 0.25 <= policy.non_member_max_fraction <= 0.35


def test_reciprocity_credits_balance_within_the_tolerance() -> None:
    for seed in range(1, 21):
        instance = generate_instance(GeneratorConfig(seed=seed, instruments=20))
        reciprocities = [p for p in instance.policies if isinstance(p, ReciprocityPolicy)]
        assert 1 <= len(reciprocities) <= 2
        for policy in reciprocities:
            first, second = policy.countries
            assert first == "RU"
            balance = exact(policy.credit[second]) - exact(policy.ratio) * exact(
                policy.credit[first]
            )
            assert abs(balance) <= exact(policy.tolerance)


def test_every_policy_holds_for_the_empty_allocation_even_when_soft() -> None:
    for seed in range(1, 11):
        instance = generate_instance(GeneratorConfig(seed=seed, policies="soft"))
        index = InstanceIndex(instance)
        assert all(policy_violation(index, p, []) == Fraction(0) for p in instance.policies)


def test_reciprocity_prefers_partners_that_host_a_facility_in_the_round() -> None:
    instance = generate_instance(GeneratorConfig(seed=5, instruments=4))
    reciprocities = [p for p in instance.policies if isinstance(p, ReciprocityPolicy)]
    assert "KZ" in {p.countries[1] for p in reciprocities}


def test_owed_shifts_leave_the_first_hard_reciprocity_partner_short_beyond_its_tolerance() -> None:
    for seed in range(1, 9):
        config = GeneratorConfig(seed=seed, policies="mixed", owed_shifts=25)
        instance = generate_instance(config)
        agreements = [p for p in instance.policies if isinstance(p, ReciprocityPolicy)]
        first = next((p for p in agreements if p.mode == "hard"), agreements[0])
        leading, partner = first.countries
        balance = exact(first.credit[partner]) - exact(first.ratio) * exact(first.credit[leading])
        assert balance <= -exact(first.tolerance) - 25
        assert policy_violation(InstanceIndex(instance), first, []) >= 25


def test_owed_shifts_change_nothing_but_the_first_agreement_credit() -> None:
    plain = generate_instance(GeneratorConfig(seed=4, policies="hard"))
    owed = generate_instance(GeneratorConfig(seed=4, policies="hard", owed_shifts=10))
    assert owed.proposals == plain.proposals
    changed = [
        (a.id, b.credit) for a, b in zip(plain.policies, owed.policies, strict=True) if a != b
    ]
    first = next(p for p in plain.policies if isinstance(p, ReciprocityPolicy))
    assert [policy_id for policy_id, _ in changed] == [first.id]
