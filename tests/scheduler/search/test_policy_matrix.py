"""The integer form of the policy rows says exactly what the exact rows say."""

from __future__ import annotations

import random
from fractions import Fraction

from scheduler.generator import GeneratorConfig, generate_instance
from scheduler.policy_matrix import policy_matrix
from scheduler.policy_rows import all_policy_rows
from scheduler.prepare import prepare
from scheduler.search.greedy import greedy_allocation


def test_scaled_rows_equal_the_exact_rows_for_any_awards() -> None:
    for seed in (1, 2, 3):
        prepared = prepare(
            generate_instance(GeneratorConfig(seed=seed, proposals=80, policies="mixed"))
        )
        rows = all_policy_rows(prepared.index)
        matrix = policy_matrix(prepared.index, rows)
        placements = list(greedy_allocation(prepared).placements.items())
        rng = random.Random(seed)
        chosen = rng.sample(placements, len(placements) // 2)
        awards = [
            (prepared.index.proposal_of[r].id, prepared.index.facility_of[p.instrument], p.shifts)
            for r, p in chosen
        ]
        for policy, policy_rows in rows.items():
            scale = matrix.scales[policy]
            for row, scaled in zip(policy_rows, matrix.rows[policy], strict=True):
                exact_value = row.constant + sum(
                    (row.coefficient(p, f) * shifts for p, f, shifts in awards), Fraction(0)
                )
                integer_value = scaled.constant + sum(
                    scaled.coefficients.get((p, f), 0) * shifts for p, f, shifts in awards
                )
                assert Fraction(integer_value, scale) == exact_value


def test_the_integer_form_is_built_once_per_round() -> None:
    prepared = prepare(generate_instance(GeneratorConfig(seed=5, proposals=30)))
    rows = all_policy_rows(prepared.index)
    assert policy_matrix(prepared.index, rows) is policy_matrix(prepared.index, rows)
