"""`beamtime validate`: a summary and exit 0, or every problem with its path and exit 1."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli.main import app
from tests.models.factories import instance_data

runner = CliRunner()
DATA = Path(__file__).resolve().parents[1] / "data"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_the_spec_example_is_valid_and_summarised() -> None:
    result = runner.invoke(app, ["validate", str(DATA / "spec-example-small.json")])
    assert result.exit_code == 0, result.output
    assert "valid beamtime-instance/1: round 2027-I-demo" in result.output
    assert "16 proposals (17 requests)" in result.output
    assert "oversubscription" in result.output
    assert "RU-KZ" in result.output


def test_every_example_is_valid() -> None:
    for path in sorted(EXAMPLES.glob("*.json")):
        result = runner.invoke(app, ["validate", str(path)])
        assert result.exit_code == 0, (path, result.output)


def test_a_malformed_file_lists_its_problems_with_paths_and_no_traceback(tmp_path: Path) -> None:
    document = instance_data()
    document["proposals"][1]["requests"][0]["min_block"] = 5
    document["instruments"][0]["facility"] = "NOPE"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document))
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "2 problems" in result.output
    assert "instruments[0].facility: unknown facility 'NOPE'" in result.output
    assert "proposals[1].requests[0].min_block: 5 is longer than min_shifts 3" in result.output
    assert "Traceback" not in result.output


def test_a_file_that_is_not_json_says_where(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "beamtime-instance/1",\n "round": }')
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 1
    assert "not valid JSON: Expecting value at line 2, column 11" in result.output


def test_a_missing_file_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "nowhere.json")])
    assert result.exit_code == 1
    assert "cannot read the file" in result.output
    assert "Traceback" not in result.output
