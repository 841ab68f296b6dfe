"""`beamtime check INSTANCE.json SOLUTION.json`: the verdict, its figures and its exit status."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from cli.check import check_command
from models.exchange import Solution, dump_document
from tests.scheduler.checking.scenario import scenario_instance, scenario_solution

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer(pretty_exceptions_enable=False)
    app.command()(check_command)
    return app


@pytest.fixture
def instance_file(tmp_path: Path) -> Path:
    path = tmp_path / "instance.json"
    path.write_text(dump_document(scenario_instance()), encoding="utf-8")
    return path


def _solution_file(tmp_path: Path, solution: Solution) -> Path:
    path = tmp_path / "solution.json"
    path.write_text(dump_document(solution), encoding="utf-8")
    return path


def _check(instance_path: Path, solution_path: Path) -> Result:
    return runner.invoke(_app(), [str(instance_path), str(solution_path)])


def test_a_valid_solution_exits_0(instance_file: Path, tmp_path: Path) -> None:
    result = _check(instance_file, _solution_file(tmp_path, scenario_solution()))

    assert result.exit_code == 0, result.output
    assert "VALID solution for round 2027-T" in result.output
    assert "objective: reported 57, recomputed 57" in result.output
    assert "RU-KZ" in result.output
    assert "soft (weight 4)" in result.output
    assert "0 breaches" in result.output


def test_a_breach_exits_1_and_is_listed(instance_file: Path, tmp_path: Path) -> None:
    wrong = scenario_solution().model_copy(update={"objective": 56.0})

    result = _check(instance_file, _solution_file(tmp_path, wrong))

    assert result.exit_code == 1
    assert "INVALID" in result.output
    assert "1 breach\n" in result.output
    assert "objective (objective-reported): the solution reports an objective of 56" in (
        result.output
    )


def test_a_solution_for_another_round_exits_1(instance_file: Path, tmp_path: Path) -> None:
    other = scenario_solution().model_copy(update={"round": "2026-II"})

    result = _check(instance_file, _solution_file(tmp_path, other))

    assert result.exit_code == 1
    assert "round (round): the solution is for round '2026-II'" in result.output


def test_a_malformed_solution_exits_1_without_a_traceback(
    instance_file: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "solution.json"
    broken.write_text('{"format": "beamtime-solution/1", "status": "great"', encoding="utf-8")

    result = _check(instance_file, broken)

    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "not valid JSON" in result.output


def test_a_structurally_invalid_solution_lists_its_problems(
    instance_file: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "solution.json"
    broken.write_text('{"format": "beamtime-solution/1", "status": "great"}', encoding="utf-8")

    result = _check(instance_file, broken)

    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "status" in result.output


def test_a_missing_file_exits_1(instance_file: Path, tmp_path: Path) -> None:
    result = _check(instance_file, tmp_path / "nowhere.json")

    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "No such file or directory" in result.output
