"""Deterministic mode counts its limit in CP-SAT's deterministic seconds at a rate that
depends on the round and the workers only (docs/engine.md, "Determinism")."""

from __future__ import annotations

from scheduler.search.incumbent import deterministic_rate


def test_larger_rounds_get_fewer_deterministic_seconds_per_second() -> None:
    medium, large, huge = (deterministic_rate(n, workers=2) for n in (553, 2751, 13750))
    assert medium > large > huge > 0


def test_rounds_smaller_than_the_calibration_get_its_rate() -> None:
    assert deterministic_rate(60, workers=2) == deterministic_rate(550, workers=2)


def test_a_second_worker_speeds_interleaved_search_up_but_less_than_twice() -> None:
    one, two = deterministic_rate(2751, workers=1), deterministic_rate(2751, workers=2)
    assert one < two < 2 * one
