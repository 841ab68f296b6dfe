"""`beamtime generate`: a valid instance to a file or standard output; bad options refused."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from cli.generate import generate_command
from models.exchange import parse_instance

runner = CliRunner()


def generate_app() -> typer.Typer:
    # Only this command, so the test does not depend on the other commands' modules.
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.command()(generate_command)
    return app


def test_generate_writes_a_file_that_parses_and_summarises_on_stderr(tmp_path: Path) -> None:
    output = tmp_path / "round.json"
    result = runner.invoke(
        generate_app(),
        [
            "--seed",
            "3",
            "--proposals",
            "30",
            "--instruments",
            "6",
            "--shifts",
            "120",
            "--policies",
            "hard",
            "--calendar",
            "tight",
            "-o",
            str(output),
        ],
    )
    assert result.exit_code == 0, result.output
    instance = parse_instance(output.read_bytes())
    assert len(instance.proposals) == 30
    assert len(instance.instruments) == 6
    assert {policy.mode for policy in instance.policies} == {"hard"}
    assert result.stdout == ""
    assert f"wrote {output}" in result.stderr
    assert "30 proposals" in result.stderr


def test_generate_without_output_prints_the_document(tmp_path: Path) -> None:
    result = runner.invoke(
        generate_app(),
        [
            "--proposals",
            "5",
            "--instruments",
            "2",
            "--shifts",
            "30",
            "--start",
            "2027-09-01T08:00:00",
            "--round-id",
            "R-9",
        ],
    )
    assert result.exit_code == 0, result.output
    instance = parse_instance(result.stdout)
    assert instance.round.id == "R-9"
    assert instance.round.start.isoformat() == "2027-09-01T08:00:00+00:00"


def test_the_same_options_give_the_same_bytes() -> None:
    options = ["--seed", "8", "--proposals", "20", "--calendar", "fragmented"]
    assert (
        runner.invoke(generate_app(), options).stdout
        == runner.invoke(generate_app(), options).stdout
    )


def test_bad_option_values_are_usage_errors_without_a_traceback() -> None:
    for options in (
        ["--policies", "strict"],
        ["--calendar", "busy"],
        ["--proposals", "0"],
        ["--shifts", "-5"],
        ["--oversubscription", "0"],
        ["--start", "next monday"],
        ["--round-id", ""],
    ):
        result = runner.invoke(generate_app(), options)
        assert result.exit_code == 2, (options, result.output)
        assert "Traceback" not in result.output
        assert "Invalid value" in result.stderr


def test_an_unwritable_output_exits_1_with_a_message(tmp_path: Path) -> None:
    result = runner.invoke(generate_app(), ["-o", str(tmp_path / "missing" / "round.json")])
    assert result.exit_code == 1
    assert "cannot write the file" in result.stderr
