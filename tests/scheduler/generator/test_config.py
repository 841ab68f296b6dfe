"""A config out of range is refused when it is built, naming the parameter."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from scheduler.generator import GeneratorConfig


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("proposals", 0),
        ("instruments", 0),
        ("instruments", 10_001),
        ("shifts", 0),
        ("shifts", 100_001),
        ("shift_hours", 25),
        ("policies", "strict"),
        ("calendar", "busy"),
        ("oversubscription", 0.0),
        ("round_id", ""),
        ("round_start", datetime(2027, 2, 1, 8)),
    ],
)
def test_an_out_of_range_parameter_is_refused(field: str, value: Any) -> None:
    with pytest.raises(ValueError, match=field):
        GeneratorConfig(**{field: value})


def test_the_default_name_states_how_the_round_was_generated() -> None:
    config = GeneratorConfig(seed=9, calendar="tight", policies="soft")
    assert config.name == "Generated round 2027-I (seed 9, tight calendar, soft policies)"
    assert GeneratorConfig(round_name="Cycle 2027-I").name == "Cycle 2027-I"
