"""Ground truth: tiny rounds whose optimum an independent exact model proved.

The engine must reach each optimum, never claim a better one, and prove it
where it reports `optimal`.
"""

from __future__ import annotations

import json

import pytest

from tests.scheduler.engine.helpers import DATA, load, solved

EXPECTED = json.loads((DATA / "conformance" / "expected.json").read_text())


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_engine_reaches_the_proven_optimum(case: str) -> None:
    optimum = EXPECTED[case]["optimum"]
    solution = solved(load(f"conformance/{case}.json"), time_limit=8.0)
    assert solution.objective == pytest.approx(optimum, rel=1e-6)
    assert solution.bound is not None
    assert solution.bound >= optimum - 1e-6 * abs(optimum)
    if solution.status == "optimal":
        assert solution.bound == pytest.approx(optimum, rel=1e-6)


def test_most_conformance_optima_are_proven() -> None:
    proven = [
        case
        for case in sorted(EXPECTED)
        if solved(load(f"conformance/{case}.json"), time_limit=8.0).status == "optimal"
    ]
    assert len(proven) >= len(EXPECTED) - 2, proven


def test_the_spec_example_solves_to_proven_optimality() -> None:
    solution = solved(load("spec-example-small.json"), time_limit=20.0)
    assert solution.status == "optimal"
    assert solution.objective == pytest.approx(1320.1)
    assert solution.gap == 0.0
