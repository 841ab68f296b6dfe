"""The generated files in examples/ are exactly what their documented commands produce."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from models.exchange import dump_document
from scheduler.generator import GeneratorConfig, generate_instance

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"

# The options of the commands in examples/README.md.
DOCUMENTED = {
    "jinr-2027-I.json": GeneratorConfig(
        seed=2035,
        proposals=240,
        instruments=16,
        shifts=540,
        policies="mixed",
        calendar="normal",
        round_id="2027-I",
        round_name="JINR user programme, cycle 2027-I (synthetic proposals)",
    ),
    "fragmented-hard.json": GeneratorConfig(
        seed=4,
        proposals=80,
        instruments=10,
        shifts=270,
        policies="hard",
        calendar="fragmented",
        round_id="2027-II-fragmented",
        round_start=datetime(2027, 9, 1, 8, tzinfo=UTC),
        round_name="Fragmented three-month round, every policy hard (synthetic proposals)",
    ),
}


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_generated_example_is_reproduced_by_its_documented_command(name: str) -> None:
    expected = dump_document(generate_instance(DOCUMENTED[name]))
    assert (EXAMPLES / name).read_text(encoding="utf-8") == expected
