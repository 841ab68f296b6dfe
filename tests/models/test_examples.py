"""Every instance in examples/ is a valid `beamtime-instance/1` document."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.exchange import parse_instance

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_the_examples_folder_has_instances() -> None:
    assert len(sorted(EXAMPLES.glob("*.json"))) >= 2


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.json")), ids=lambda path: path.name)
def test_example_instance_validates(path: Path) -> None:
    instance = parse_instance(path.read_bytes())
    assert instance.proposals
