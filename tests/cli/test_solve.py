"""`beamtime solve`: writes a solution the checker accepts, with a summary; exit 1 without one."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from cli.main import app
from models.exchange import parse_instance, parse_solution
from scheduler.checking import check_solution

runner = CliRunner()
DATA = Path(__file__).resolve().parents[1] / "data"


def test_solve_writes_a_valid_solution_and_a_summary(tmp_path: Path) -> None:
    instance_path = DATA / "spec-example-small.json"
    output = tmp_path / "solution.json"
    result = runner.invoke(
        app, ["solve", str(instance_path), "-o", str(output), "--time-limit", "10", "--seed", "3"]
    )
    assert result.exit_code == 0, result.output
    solution = parse_solution(output.read_bytes())
    assert check_solution(parse_instance(instance_path.read_bytes()), solution).valid
    for heading in (
        "Proposals",
        "Utilisation per instrument",
        "return coefficient",
        "Reciprocity balances",
        "Policy violations",
    ):
        assert heading in result.output
    assert solution.stats.seed == 3


def test_deterministic_solves_write_identical_files(tmp_path: Path) -> None:
    instance_path = DATA / "conformance" / "c01.json"
    outputs = [tmp_path / "first.json", tmp_path / "second.json"]
    for output in outputs:
        result = runner.invoke(
            app,
            [
                "solve",
                str(instance_path),
                "-o",
                str(output),
                "--quiet",
                "--deterministic",
                "--time-limit",
                "2",
            ],
        )
        assert result.exit_code == 0, result.output
    assert outputs[0].read_bytes() == outputs[1].read_bytes()


def test_the_greedy_baseline_is_available(tmp_path: Path) -> None:
    output = tmp_path / "greedy.json"
    result = runner.invoke(
        app,
        [
            "solve",
            str(DATA / "conformance" / "c01.json"),
            "-o",
            str(output),
            "--method",
            "greedy",
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    assert parse_solution(output.read_bytes()).stats.model_extra == {
        "method": "greedy",
        "deterministic": False,
    }


def test_an_unknown_method_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "solve",
            str(DATA / "conformance" / "c01.json"),
            "-o",
            str(tmp_path / "x.json"),
            "--method",
            "magic",
        ],
    )
    assert result.exit_code == 2
    assert "must be cpsat or greedy" in result.output
