"""Deterministic mode: the same instance and seed give a byte-identical solution file."""

from __future__ import annotations

from models.exchange import dump_document
from scheduler.generator import GeneratorConfig, generate_instance
from scheduler.params import SolveParams
from scheduler.solve import solve


def test_deterministic_mode_gives_identical_files() -> None:
    instance = generate_instance(GeneratorConfig(seed=7, proposals=40, instruments=5, shifts=120))
    params = SolveParams(time_limit=2.0, seed=3, deterministic=True)
    first = dump_document(solve(instance, params))
    second = dump_document(solve(instance, params))
    assert first == second


def test_deterministic_mode_reports_deterministic_time() -> None:
    instance = generate_instance(GeneratorConfig(seed=7, proposals=10, instruments=3, shifts=60))
    solution = solve(instance, SolveParams(time_limit=1.0, deterministic=True))
    assert solution.stats.model_extra == {"method": "cpsat", "deterministic": True}
