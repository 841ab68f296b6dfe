"""Every generated round is a valid document, survives a JSON round trip, and is feasible."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from models.exchange import dump_document, parse_instance
from scheduler.evaluation import policy_violation
from scheduler.generator import (
    CALENDAR_PROFILES,
    POLICY_PROFILES,
    GeneratorConfig,
    generate_instance,
)
from scheduler.index import InstanceIndex

small_configs = st.builds(
    GeneratorConfig,
    seed=st.integers(0, 2**32),
    proposals=st.integers(1, 40),
    instruments=st.integers(1, 45),
    shifts=st.integers(1, 400),
    policies=st.sampled_from(POLICY_PROFILES),
    calendar=st.sampled_from(CALENDAR_PROFILES),
    oversubscription=st.floats(0.2, 5.0),
    shift_hours=st.sampled_from((8, 12, 24)),
)


@settings(max_examples=40, deadline=None)
@given(config=small_configs)
def test_generated_rounds_validate_and_survive_a_json_round_trip(
    config: GeneratorConfig,
) -> None:
    instance = generate_instance(config)
    assert parse_instance(dump_document(instance)) == instance


@settings(max_examples=40, deadline=None)
@given(config=small_configs)
def test_hard_policies_hold_for_the_empty_allocation(config: GeneratorConfig) -> None:
    instance = generate_instance(config)
    index = InstanceIndex(instance)
    for policy in instance.policies:
        if policy.mode == "hard":
            assert policy_violation(index, policy, []) == Fraction(0), policy.id


def test_a_benchmark_sized_round_validates() -> None:
    config = GeneratorConfig(seed=4, proposals=3000, instruments=60, shifts=1095)
    instance = generate_instance(config)
    assert parse_instance(dump_document(instance)) == instance
    assert len(instance.instruments) == 60
